"""End to end: the CLI builds the shipped data into HTML and PDF briefs in both languages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import DATASETS, REPO, brief_file
from reportgen.data import load_dataset
from reportgen.outputs import output_name

PLATFORMS_ZH = ["视频号", "抖音", "快手", "淘宝/天猫", "拼多多"]
PLATFORMS_EN = ["WeChat Channels", "Douyin", "Kuaishou", "Taobao/Tmall", "Pinduoduo"]


def test_build_writes_four_outputs_named_by_quarter_and_language(built):
    quarter = load_dataset(DATASETS).latest_quarter()
    expected = {output_name(quarter, lang, fmt) for lang in ("zh", "en") for fmt in ("html", "pdf")}
    assert set(built["files"]) == expected
    # stdout lists exactly the written paths; progress went to stderr
    assert sorted(built["result"].stdout.split()) == sorted(str(p) for p in built["files"].values())
    assert "Validating" in built["result"].stderr
    # Every stage on stderr carries the time since the start; the last line sums up.
    lines = built["result"].stderr.splitlines()
    assert all(re.match(r"· +\d+\.\ds  \S", line) for line in lines), lines
    assert any(line.endswith(f"laid out {output_name(quarter, 'zh', 'pdf')}") for line in lines)
    assert lines[-1].endswith("Done: 4 output(s) rebuilt, 0 kept unchanged")


def test_chinese_pdf_names_every_platform_and_states_figures_from_the_data(pdf_text):
    text = pdf_text["zh"]
    for name in PLATFORMS_ZH:
        assert name in text
    # datasets/metrics.csv: Kuaishou 2024 GMV 13,896 亿元 (company results) -> shown to four
    # digits as 1.390万亿元; Pinduoduo's 2024 GMV 5.2 万亿 (Dao Insights' estimate) -> 5.2万亿元.
    assert "1.390万亿元" in text
    assert "5.2万亿元" in text


def test_english_pdf_uses_english_names_and_units(pdf_text):
    text = pdf_text["en"]
    for name in PLATFORMS_EN:
        assert name in text
    assert "CNY 1.390 trillion" in text  # the same Kuaishou figure in English units
    assert "万亿元" not in text


def test_pdf_is_a4_with_page_numbers_x_of_y(built):
    reader = PdfReader(brief_file(built, "zh", "pdf"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    total = len(reader.pages)
    assert total >= 4
    assert f"2 / {total}" in reader.pages[1].extract_text()


def _fonts(path) -> dict[str, bool]:
    """BaseFont name -> whether its font program is embedded, over every page and SVG XObject."""
    fonts: dict[str, bool] = {}

    def visit(resources):
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor) and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in PdfReader(path).pages:
        visit(page.get("/Resources"))
    return fonts


def test_pdf_fonts_are_the_embedded_simplified_chinese_face(built):
    for lang in ("zh", "en"):
        fonts = _fonts(brief_file(built, lang, "pdf"))
        assert fonts, "no fonts found"
        assert all(fonts.values()), f"not embedded: {fonts}"
        # Subset names look like ABCDEF+Noto-Sans-CJK-SC; a JP/KR/TC face would mean wrong glyph variants.
        assert all(re.search(r"Noto-?Sans-?CJK-?SC", name) for name in fonts), fonts


def test_pdf_charts_are_vectors_not_images(built):
    # poppler's image list: a header of two lines, then one line per raster image.
    listing = subprocess.run(["pdfimages", "-list", str(brief_file(built, "zh", "pdf"))], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert listing[0].split()[:2] == ["page", "num"] and listing[2:] == []


def test_html_is_self_contained(built):
    for lang in ("zh", "en"):
        soup = BeautifulSoup(brief_file(built, lang, "html").read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "img", "iframe", "source", "video", "audio", "embed", "object"]):
            for attr in ("src", "data", "srcset"):
                assert not tag.get(attr), f"<{tag.name} {attr}={tag.get(attr)}> loads an outside resource"
        for tag in soup.find_all("link"):
            assert not re.match(r"(https?:)?//", tag.get("href", "")), tag
        for style in soup.find_all("style"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.text)
            assert "@import" not in style.text
        # interactive charts: the Vega runtime is inline and every chart has its spec
        figures = soup.select("figure.chart")
        assert figures and all(f.select_one('script[type="application/json"]') for f in figures)
        assert any("vegaEmbed" in (s.string or "") for s in soup.find_all("script"))


def test_html_lang_and_english_names(built):
    zh = BeautifulSoup(brief_file(built, "zh", "html").read_text(encoding="utf-8"), "html.parser")
    en = BeautifulSoup(brief_file(built, "en", "html").read_text(encoding="utf-8"), "html.parser")
    assert zh.html["lang"] == "zh-Hans" and en.html["lang"] == "en"
    rows = [th.get_text(strip=True) for th in en.select("table.key-figures tbody th")]
    assert rows == PLATFORMS_EN
    rows = [th.get_text(strip=True) for th in zh.select("table.key-figures tbody th")]
    assert rows == PLATFORMS_ZH


def test_every_figure_in_the_key_table_has_a_footnote_to_a_listed_source(built):
    soup = BeautifulSoup(brief_file(built, "en", "html").read_text(encoding="utf-8"), "html.parser")
    listed = {li["id"] for li in soup.select("#sources li")}
    cells = soup.select("table.key-figures td.num")
    assert cells
    for cell in cells:
        links = [a["href"].lstrip("#") for a in cell.select("sup.fn a")]
        assert links and set(links) <= listed, cell


def test_gaps_are_shown_as_gaps(built):
    soup = BeautifulSoup(brief_file(built, "en", "html").read_text(encoding="utf-8"), "html.parser")
    gaps = soup.select("table.key-figures td.gap")
    assert gaps and all(g.get_text(strip=True) == "—" for g in gaps)


def test_reportgen_runs_as_a_subprocess(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "reportgen.cli", "build", "--lang", "en", "--format", "html",
         "--data", str(DATASETS), "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    written = result.stdout.split()
    assert len(written) == 1 and written[0].endswith("-en.html")
    assert "Validating" in result.stderr


def test_rebuilding_the_same_inputs_is_byte_identical(built, tmp_path):
    # ... whatever the number of layouts at once (the session's brief was laid out two at a time)
    from click.testing import CliRunner

    from reportgen.cli import cli

    # The same siblings too: the English page links to the Chinese one when it is there.
    shutil.copy(brief_file(built, "zh", "html"), tmp_path)
    result = CliRunner().invoke(cli, ["build", "--lang", "en", "--jobs", "1", "--data", str(DATASETS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for fmt in ("html", "pdf"):
        again = brief_file({"files": {p.name: p for p in tmp_path.iterdir()}}, "en", fmt)
        assert again.read_bytes() == brief_file(built, "en", fmt).read_bytes()


def test_every_chart_spec_is_valid_vega_lite_in_both_languages():
    # Builds skip Altair's schema validation for speed; this is where every chart is checked.
    from reportgen.charts.render import vega_lite_spec
    from reportgen.pipeline import Stages

    stages = Stages(DATASETS)
    quarter = stages.quarter(None)
    for lang in ("zh", "en"):
        charts = stages.charts(stages.content(quarter, lang))
        assert len(charts) == 12
        for chart in charts:
            assert vega_lite_spec(chart.chart, validate=True) == vega_lite_spec(chart.chart)


def test_the_chart_engine_runs_in_a_child_process_not_in_the_build(tmp_path):
    # Its JavaScript runtime (~130 MB) leaves with the child, before any PDF layout starts.
    code = ("import sys; from reportgen.cli import main; sys.argv = ['reportgen', 'build', '--lang', 'en', '--format', 'html', "
            f"'--data', {str(DATASETS)!r}, '--out', {str(tmp_path / 'out')!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('vl_convert' in sys.modules)")
    env = {**__import__("os").environ, "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert "rendering 12 charts (en)" in result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
    assert len(list((tmp_path / "cache" / "charts").glob("*.txt"))) == 12  # the child's SVGs, cached for the next build
