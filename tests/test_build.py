"""End to end: the CLI builds the shipped data into HTML and PDF briefs in both languages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import DATASETS, EARLY, LATEST, REPO, brief_file
from reportgen.outputs import output_name

pytestmark = pytest.mark.e2e
PDF = pytest.mark.xdist_group("pdf")  # the tests that read the PDFs share the worker that lays them out

PLATFORMS_ZH = ["视频号", "抖音", "快手", "淘宝/天猫", "拼多多", "京东"]
PLATFORMS_EN = ["WeChat Channels", "Douyin", "Kuaishou", "Taobao/Tmall", "Pinduoduo", "JD.com"]


@PDF
def test_build_writes_each_output_named_by_quarter_and_language(built, built_pdf):
    for run, fmt in ((built, "html"), (built_pdf, "pdf")):
        assert set(run["files"]) == {output_name(LATEST, lang, fmt) for lang in ("zh", "en")}
        # stdout lists exactly the written paths; progress went to stderr
        assert sorted(run["result"].stdout.split()) == sorted(str(p) for p in run["files"].values())
        assert "Validating" in run["result"].stderr
        # Every stage on stderr carries the time since the start; the last line sums up.
        lines = run["result"].stderr.splitlines()
        assert all(re.match(r"· +\d+\.\ds  \S", line) for line in lines), lines
        assert lines[-1].endswith("Done: 2 output(s) rebuilt, 0 kept unchanged")
    assert any(line.endswith(f"laid out {output_name(LATEST, 'zh', 'pdf')}") for line in built_pdf["result"].stderr.splitlines())


@PDF
def test_chinese_pdf_names_every_platform_and_states_figures_from_the_data(pdf_text):
    text = pdf_text["zh"]
    for name in PLATFORMS_ZH:
        assert name in text
    # datasets/metrics.csv: Kuaishou 2024 GMV 13,896 亿元 (company results) -> shown to four
    # digits as 1.390万亿元; Pinduoduo's 2024 GMV 5.2 万亿 (Dao Insights' estimate) -> 5.2万亿元.
    assert "1.390万亿元" in text
    assert "5.2万亿元" in text


@PDF
def test_english_pdf_uses_english_names_and_units(pdf_text):
    text = pdf_text["en"]
    for name in PLATFORMS_EN:
        assert name in text
    assert "CNY 1.390 trillion" in text  # the same Kuaishou figure in English units
    body = text[:text.rindex("\nSources\n")]  # the source list keeps Chinese titles as printed
    assert "万亿元" not in body and "亿元" not in body


@PDF
def test_pdf_is_a4_with_page_numbers_x_of_y(built_pdf):
    reader = PdfReader(brief_file(built_pdf, "zh", "pdf"))
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


@PDF
def test_pdf_fonts_are_the_embedded_simplified_chinese_and_latin_faces(built_pdf):
    for lang, latin in (("zh", r"Brief-Latin"), ("en", r"Noto-Sans(-Bold)?$")):
        fonts = _fonts(brief_file(built_pdf, lang, "pdf"))
        assert fonts, "no fonts found"
        assert all(fonts.values()), f"not embedded: {fonts}"
        # Subset names look like ABCDEF+Noto-Sans-CJK-SC; a JP/KR/TC face would mean wrong glyph
        # variants. Latin text is set in Noto Sans (in the Chinese edition through the "Brief
        # Latin" face, which takes letters and digits only, so quotes stay full-width).
        faces = {name.split("+", 1)[-1] for name in fonts}
        assert any(re.search(r"Noto-?Sans-?CJK-?SC", f) for f in faces), faces
        assert any(re.search(latin, f) for f in faces), faces
        assert all(re.search(r"Noto-?Sans-?CJK-?SC|Brief-Latin|Noto-Sans", f) for f in faces), faces  # no fallback face


@PDF
def test_pdf_charts_are_vectors_not_images(built_pdf):
    # poppler's image list: a header of two lines, then one line per raster image.
    listing = subprocess.run(["pdfimages", "-list", str(brief_file(built_pdf, "zh", "pdf"))], capture_output=True, text=True,
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


def test_gaps_are_shown_as_gaps(pages):
    # A gap is a dash; one with only old figures on record names the newest one's period instead of
    # showing its value as current.
    gaps = pages["en"].select("table.key-figures td.gap")
    assert gaps and all(g.contents[0] == "—" and not g.select(".fig") for g in gaps)
    notes = [g.select_one(".period").get_text() for g in gaps if g.select_one(".period")]
    assert notes and all(re.fullmatch(r"no current figure \(newest on record: [\dQ/-]+\)", n) for n in notes)


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


@PDF
def test_rebuilding_the_same_inputs_is_byte_identical(early_build, tmp_path):
    # Whatever the number of layouts at once (the first build laid out two, this one lays out
    # one), into another folder with the same siblings (the Chinese page links to the English one
    # when it is there), and with the charts drawn afresh, not read from the chart cache.
    from click.testing import CliRunner

    from reportgen.cli import cli

    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(brief_file(early_build, "en", "html"), again)
    result = CliRunner().invoke(cli, ["build", "--quarter", EARLY, "--lang", "zh", "--jobs", "1", "--data", str(DATASETS),
                                      "--out", str(again)], env={"REPORTGEN_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.output
    for fmt in ("html", "pdf"):
        assert brief_file(early_build, "zh", fmt).read_bytes() == (again / f"brief-{EARLY}-zh.{fmt}").read_bytes(), fmt


def test_the_chart_engine_runs_in_a_child_process_not_in_the_build(tmp_path):
    # Its JavaScript runtime (~130 MB) leaves with the child, before any PDF layout starts. An
    # early quarter: few charts to draw with an empty cache.
    code = ("import sys; from reportgen.cli import main; sys.argv = ['reportgen', 'build', '--quarter', '2021Q1', '--lang', "
            f"'en', '--format', 'html', '--data', {str(DATASETS)!r}, '--out', {str(tmp_path / 'out')!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('vl_convert' in sys.modules)")
    env = {**__import__("os").environ, "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    drawn = int(re.search(r"rendering (\d+) charts \(en\)", result.stderr)[1])
    assert drawn >= 3 and result.stdout.strip().splitlines()[-1] == "False"
    assert len(list((tmp_path / "cache" / "charts").glob("*.txt"))) == drawn  # the child's SVGs, cached for the next build
