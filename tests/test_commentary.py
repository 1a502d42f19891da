"""The analyst's voice: a written summary whose figures are references the build resolves,
comments per section, validation of references with line and column, stale references, the
quarter scaffold and the list of quarters."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import DATASETS, LATEST, NEXT, brief_file, page_of
from helpers import edit_rows
from reportgen.cli import cli
from reportgen.commentary import parse_commentary, resolve_all
from reportgen.references import Unresolved, resolve
from reportgen.view.comments import render_parts
from reportgen.sections import chart_keys




def write_commentary(data_dir: Path, text: str, lang: str = "en", quarter: str = str(LATEST)) -> Path:
    folder = data_dir / "commentary"
    folder.mkdir(exist_ok=True)
    path = folder / f"{quarter}.{lang}.md"
    path.write_text(text, encoding="utf-8")
    return path


def build_html(data_dir: Path, out: Path, lang: str = "en"):
    result = CliRunner().invoke(cli, ["build", "--lang", lang, "--format", "html", "--data", str(data_dir), "--out", str(out)])
    soup = BeautifulSoup(next(out.glob("*.html")).read_text(encoding="utf-8"), "html.parser") if result.exit_code == 0 else None
    return result, soup


KUAISHOU_GMV = "kuaishou|gmv/all_incl_partners/unspecified|2025Q3"


def raise_kuaishou_gmv(data_dir: Path) -> None:
    """Kuaishou's 2025Q3 GMV as the brief cites it (the chosen source's row), restated one
    billion higher in value and quote alike: CNY 385 billion becomes CNY 386 billion."""
    source = analysis_of_shipped_data().figures[KUAISHOU_GMV].sources[0]
    changed = edit_rows(data_dir / "metrics.csv",
                        lambda r: (r["platform"], r["metric"], r["period"], r["source_id"]) == ("kuaishou", "gmv", "2025Q3", source),
                        lambda r: r.update(value="386", quote=r["quote"].replace("385 billion", "386 billion")))
    assert changed == 1


def analysis_of_shipped_data():
    from reportgen.pipeline import Stages

    stages = Stages(DATASETS)
    return stages.analysis(stages.quarter(None))


# --- the shipped summary of the latest quarter ------------------------------------------------------------------

PERIOD_WORDS = re.compile(r"(?<!\d)(19|20)\d\d(Q[1-4]|-\d\d)?(?!\d)|(?<!\d)\d{1,2}(–\d{1,2})?月")


def test_the_shipped_brief_opens_with_a_written_summary_in_both_languages(pages):
    for lang, parts in (("en", ["What changed this quarter", "What it means for brands", "What to watch next quarter"]),
                        ("zh", ["本季变化", "对品牌的意义", "下季关注"])):
        soup = pages[lang]
        front = soup.select("section")[1]  # the first section after the cover
        assert front["id"] == "findings"
        summary = front.select_one(".written-summary")
        assert [h.get_text() for h in summary.select("h3.summary-part")] == parts
        assert summary.select("span.fig") and summary.select("a.figref")
        # The rule-based findings follow as a data-highlights box, below the written summary.
        assert front.select_one(".data-highlights ol.findings li")
        assert soup.select_one(".toc a").get_text() == ("Executive summary" if lang == "en" else "摘要")


def test_every_number_in_the_shipped_summary_is_a_resolved_reference(pages):
    for lang in ("en", "zh"):
        # A copy: the parsed page is shared by the session's tests.
        summary = BeautifulSoup(str(pages[lang].select_one("#findings .written-summary")), "html.parser")
        for node in summary.select("span.fig, span.basis, span.old, sup, a.figref"):
            node.decompose()
        leftover = PERIOD_WORDS.sub("", summary.get_text())
        assert not re.findall(r"\d", leftover), (lang, leftover)


def test_the_summary_shows_each_figure_as_the_tables_do(pages):
    soup = pages["en"]
    table_values = {}
    for span in soup.select("#scoreboard span.fig, #whats_new span.fig, #market span.fig"):
        table_values.setdefault(span["data-fig"], set()).add(span.get_text())
    shown = {span["data-fig"]: span.get_text() for span in soup.select("#findings .written-summary span.fig")}
    shared = [k for k in shown if k in table_values]
    assert len(shared) >= 5
    for key in shared:
        assert table_values[key] == {shown[key]}, key
    # Kuaishou's 2025Q3 GMV, as the company reported it; WeChat Shop's 2025 level, an estimate with its mark.
    assert shown[KUAISHOU_GMV] == "CNY 385 billion"
    fig = soup.select_one('#findings .written-summary span.fig[data-fig="channels|gmv/shop/actual_transactions|2025"]')
    assert fig.get_text() == "~CNY 420–440 billion" and "basis-estimate" in fig.find_next_sibling("span")["class"]


def test_changing_a_referenced_value_changes_the_summary_on_the_next_build(data_with_commentary, tmp_path):
    raise_kuaishou_gmv(data_with_commentary)
    result, soup = build_html(data_with_commentary, tmp_path)
    assert result.exit_code == 0, result.output
    fig = soup.select_one(f'#findings .written-summary span.fig[data-fig="{KUAISHOU_GMV}"]')
    assert fig.get_text() == "CNY 386 billion"


def test_a_section_comment_sits_at_the_top_of_its_section(data_copy):
    write_commentary(data_copy, "Lead.\n\n## scale\nRead {chart gmv} beside {chart growth}.\n")
    comment = page_of(data_copy).select_one("#scale > aside.section-comment")
    assert comment is not None and "Analyst's note" in comment.get_text()
    assert [a.get_text() for a in comment.select("a.figref")] == ["Figure 1", "Figure 2"]
    assert [a["href"] for a in comment.select("a.figref")] == ["#figure-1", "#figure-2"]


def test_the_charts_come_in_the_order_chart_references_number_them(pages, analysis):
    shown = analysis.charts()
    assert [f["data-chart"] for f in pages["en"].select("figure.chart")] == shown
    assert shown == [key for key in chart_keys() if key in shown]  # the sections' order, gaps left out


# --- references ----------------------------------------------------------------------------------

def test_references_resolve_by_the_briefs_rules():
    a = analysis_of_shipped_data()

    def ref(text: str):
        c = parse_commentary(text, "x.md")
        assert not c.problems, c.problems
        return resolve(c.references[0], a, a.charts())

    assert ref("{fig kuaishou gmv 2025Q3}").figure.key == "kuaishou|gmv/all_incl_partners/unspecified|2025Q3"
    assert ref("{growth kuaishou gmv 2025Q3}").figure.measure.metric == "gmv_yoy"
    assert ref("{fig douyin gmv 2025 forecast}").figure.basis == "forecast"
    assert ref("{chart quarterly}").chart_number == a.charts().index("quarterly") + 1
    # Taobao/Tmall ~8 trillion over Douyin ~3.5 trillion (both estimates, both "about"): 8 / 3.5 = 2.2857.
    multiple = ref("{multiple taobao_tmall douyin 2024}").comparison
    assert round(multiple.low, 4) == round(multiple.high, 4) == 2.2857
    assert multiple.qualifier == "approx" and multiple.basis == "estimate"
    exact = "{fig douyin|disbursed/fee_cut/money+mixed|douyin_nine_policies_2025|2025}"
    assert ref(exact).figure.low == 32e9 and ref(exact).figure.qualifier == "over"


def test_a_forecast_is_never_taken_for_an_actual_figure():
    a = analysis_of_shipped_data()
    (reference,) = parse_commentary("{fig douyin gmv 2025}", "x.md").references
    try:
        resolve(reference, a, a.charts())
    except Unresolved as exc:
        assert "only as forecast and unconfirmed target, not as an actual figure" in str(exc)
        assert "{fig douyin gmv 2025 forecast}" in str(exc)
    else:
        raise AssertionError("a forecast resolved as an actual figure")


def test_broken_references_fail_validation_with_line_column_and_a_suggestion(data_copy):
    write_commentary(data_copy, "Lead.\n\n## changed\nKuaishou grew {fig kuaishuo gmv 2024}; {fig kuaishou gvm 2024}.\n"
                                "{chart gmvv} {figg kuaishou gmv 2024} {fig channels gmv 2025 reported}\n## brand\n")
    result = CliRunner().invoke(cli, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 3
    err = result.stderr
    assert f"commentary/{LATEST}.en.md, line 4, column 15: {{fig kuaishuo gmv 2024}}: no platform 'kuaishuo'; did you mean 'kuaishou'?" in err
    assert "line 4, column 40: {fig kuaishou gvm 2024}: the brief has no kuaishou figure of 'gvm'; did you mean 'gmv'?" in err
    assert "line 5, column 1: {chart gmvv}: the brief has no chart 'gmvv'; did you mean 'gmv'?" in err
    assert "line 5, column 14: '{figg …}' is not a reference; did you mean '{fig …}'?" in err
    assert "only as estimate, not as a reported figure; write {fig channels gmv 2025 estimate}" in err
    assert "line 6: '## brand' is not a part of the brief; did you mean '## brands'?" in err
    assert "Traceback" not in result.output


def test_a_build_with_a_broken_reference_writes_nothing(data_copy, tmp_path):
    write_commentary(data_copy, "Channels grew {growth channels gmv/shop 2019}.\n")
    result, _ = build_html(data_copy, tmp_path)
    assert result.exit_code == 3
    assert "line 1, column 15: {growth channels gmv/shop 2019}" in result.stderr
    assert not list(tmp_path.glob("*.html"))


def test_commentary_is_escaped_linked_safely_and_outlined(data_copy, tmp_path):
    write_commentary(data_copy, "# A view\n\nPrivate traffic **matters**. <script>alert(1)</script> "
                                "[ok](https://example.com) [bad](javascript:alert(1))\n\n## brands\n# Inside a part\n")
    result, soup = build_html(data_copy, tmp_path)
    assert result.exit_code == 0, result.output
    summary = soup.select_one("#findings .written-summary")
    assert summary.select_one("h3").get_text() == "A view" and summary.select_one("strong").get_text() == "matters"
    assert summary.select_one("h4").get_text() == "Inside a part"  # below the part's own <h3>
    assert not summary.select("script") and "<script>alert(1)</script>" in summary.get_text()
    assert [a["href"] for a in summary.select("a")] == ["https://example.com"]


def test_notes_are_never_printed_and_chinese_lines_join_without_a_gap():
    c = parse_commentary("%% a note {fig nowhere}\n快手的GMV\n增长了。\nKuaishou\ngrew.\n", "x.zh.md")
    assert not c.problems and not c.references  # a reference inside a note is not checked either
    html = render_parts(c, lambda t: "", {})["summary"]
    assert "note" not in html and "快手的GMV增长了。" in html and "Kuaishou\ngrew." in html


def test_a_part_written_twice_is_a_problem():
    c = parse_commentary("## watch\none\n## watch\ntwo\n", "x.md")
    assert [p.code for p in c.problems] == ["commentary-part-twice"]


def test_without_commentary_the_front_section_is_the_key_findings(data_copy, tmp_path):
    assert not (data_copy / "commentary").exists()
    result, soup = build_html(data_copy, tmp_path)
    assert result.exit_code == 0, result.output
    assert soup.select_one("#findings h2").get_text() == "Key findings"
    assert not soup.select(".written-summary, .data-highlights, aside.section-comment")
    assert soup.select("#findings ol.findings li")


def test_every_reference_in_the_shipped_commentary_resolves():
    a = analysis_of_shipped_data()
    for lang in ("zh", "en"):
        c = parse_commentary((DATASETS / "commentary" / f"{LATEST}.{lang}.md").read_text(encoding="utf-8"), lang)
        targets, problems = resolve_all(c, a)
        assert not problems and len(targets) == len(c.references) >= 15


# --- stale references ------------------------------------------------------------------------------

def test_a_stale_reference_is_reported_by_validate_build_and_diff(data_with_commentary, tmp_path):
    runner = CliRunner()
    pinned = runner.invoke(cli, ["pin", "--data", str(data_with_commentary)])
    assert pinned.exit_code == 0, pinned.output
    assert (data_with_commentary / "commentary" / f"{LATEST}.pins.json").is_file()
    clean = runner.invoke(cli, ["validate", "--data", str(data_with_commentary)])
    assert clean.exit_code == 0 and "stale commentary reference" not in clean.stderr
    raise_kuaishou_gmv(data_with_commentary)
    result = runner.invoke(cli, ["validate", "--data", str(data_with_commentary)])
    assert result.exit_code == 0  # the data is valid; the sentence around the figure needs a look
    assert "stale commentary reference(s)" in result.stderr
    text = (data_with_commentary / "commentary" / f"{LATEST}.en.md").read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if "{fig kuaishou gmv 2025Q3}" in t)
    assert (f"commentary/{LATEST}.en.md, line {line}: {{fig kuaishou gmv 2025Q3}} was written against CNY 385 billion "
            "(reported); it is now CNY 386 billion (reported)") in result.stderr
    assert "{growth kuaishou gmv 2025Q3}" not in result.stderr  # the growth rate did not change
    diff = runner.invoke(cli, ["diff", "--from", "2025Q4", "--to", str(LATEST), "--data", str(data_with_commentary)])
    assert diff.exit_code == 0
    assert re.search(r"Stale commentary references \((\d+)\)", diff.output)[1] == "2"  # the figure, in zh and en
    build = runner.invoke(cli, ["build", "--lang", "en", "--format", "html", "--data", str(data_with_commentary), "--out", str(tmp_path)])
    assert build.exit_code == 0 and "Stale reference" in build.stderr


# --- new-quarter and quarters ------------------------------------------------------------------------

def test_new_quarter_scaffolds_both_languages_with_the_changes_as_references(data_copy):
    runner = CliRunner()
    result = runner.invoke(cli, ["new-quarter", "2026Q1", "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    assert "Adding 2026Q1's data" in result.output and "reportgen pin --quarter 2026Q1" in result.output
    en = (data_copy / "commentary" / "2026Q1.en.md").read_text(encoding="utf-8")
    zh = (data_copy / "commentary" / "2026Q1.zh.md").read_text(encoding="utf-8")
    assert [line for line in en.splitlines() if line.startswith("## ")] == ["## changed", "## brands", "## watch"]
    assert "## changed" in zh and "与 2025Q4 简报相比的变化" in zh
    assert "%%   new     {fig channels|gmv/shop/actual_transactions|2025}  ~CNY 420–440 billion (estimate)" in en
    # A scaffold validates as it is, and a change pasted from its notes resolves.
    pasted = re.search(r"\{fig channels\|gmv/shop/actual_transactions\|2025\}", en)[0]
    (data_copy / "commentary" / "2026Q1.en.md").write_text(en + f"\nWeChat Shop: {pasted}.\n", encoding="utf-8")
    assert runner.invoke(cli, ["validate", "--data", str(data_copy)]).exit_code == 0
    again = runner.invoke(cli, ["new-quarter", "2026Q1", "--data", str(data_copy)])
    assert again.exit_code == 4 and "exists already" in again.stderr and "--force" in again.stderr


def test_new_quarter_ahead_of_its_data_says_nothing_has_changed_yet(data_copy):
    result = CliRunner().invoke(cli, ["new-quarter", str(NEXT), "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    text = (data_copy / "commentary" / f"{NEXT}.en.md").read_text(encoding="utf-8")
    assert "Nothing has changed yet" in text
    assert CliRunner().invoke(cli, ["validate", "--data", str(data_copy)]).exit_code == 0


def test_quarters_lists_figures_and_sources_per_quarter():
    from reportgen.data import load_dataset

    data = load_dataset(DATASETS)
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "quarters", "--data", str(DATASETS)],
                            capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["quarter", "figures", "sources", "new", "sources", "commentary"]
    last = lines[-1].split()
    published = data.sources["published_date"]
    assert last[0] == str(LATEST) and last[2] == str(len(data.sources)) and last[4] == "en,zh"
    before = data.sources[published <= data.quarters()[-2].end]
    assert int(last[3]) == len(data.sources) - len(before)
    flagged_free = sum(int((df["flag"].fillna("") == "").sum()) for df in data.facts().values())
    assert int(last[1]) == flagged_free
