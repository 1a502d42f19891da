"""The quarterly workflow: diff between quarters, facts with provenance, exports, the data
behind every chart (HTML tables and CSV downloads, PDF attachments named under each chart)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta
from urllib.parse import unquote

import openpyxl
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import DATASETS, LATEST, NEXT, brief_file
from reportgen.analysis.changes import compare
from reportgen.cli import cli
from reportgen.data import load_dataset
from reportgen.periods import Quarter
from reportgen.tables import neutralise
from helpers import add_rows


def run(*args):
    return CliRunner().invoke(cli, list(args))


def new_quarter(data_copy):
    """A company release in the quarter after the data's latest (a test fixture) that restates
    Kuaishou's 2023 GMV, and a note with Channels' 2025 return rate."""
    published = (NEXT.start + timedelta(days=39)).isoformat()
    add_rows(data_copy / "sources.csv", [dict(
        source_id="test_2026q2_note", publisher="Test Co. (investor relations)", title="A later release", published=published,
        date_basis="stated", url="https://example.com/note", kind="company_filing", tier="primary", language="en")])
    add_rows(data_copy / "metrics.csv", [
        dict(platform="kuaishou", metric="gmv", period="2023", value="11900", unit="CNY_100M", basis="reported",
             scope="all_incl_partners", definition="unspecified", source_id="test_2026q2_note",
             quote="GMV was 11900 亿元 in 2023", note="test revision"),
        dict(platform="channels", metric="return_rate", period="2025", value="12", qualifier="approx", unit="pct",
             basis="estimate", scope="all", definition="unspecified", source_id="test_2026q2_note",
             quote="a return rate of about 12%", note="test"),
    ])
    return data_copy


def test_compare_finds_new_revised_sources_and_gaps(data_copy):
    from reportgen.analysis.brief import brief_figures

    dataset = load_dataset(new_quarter(data_copy))
    before, after = dataset.as_of(LATEST), dataset.as_of(NEXT)
    changes = compare(brief_figures(before), brief_figures(after), before.sources, after.sources)
    assert list(changes.new_sources["source_id"]) == ["test_2026q2_note"]
    assert [f.key for f in changes.new_figures] == ["channels|return_rate/all/unspecified|2025"]
    (revised,) = changes.revised
    old, new = revised
    # The reported 11,844亿 is replaced by the later, equally reported 11,900亿: a revision of the chosen figure.
    assert (old.low, new.low, new.sources) == (11844e8, 11900e8, ("test_2026q2_note",))
    assert ("channels", "unit_economics") not in changes.gaps_closed  # Channels had unit figures before


def test_diff_command_prints_each_section(data_copy):
    result = run("diff", "--from", str(LATEST), "--to", str(NEXT), "--data", str(new_quarter(data_copy)))
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("New figures (1)", "Revised figures (1)", "New sources (1)", "Gaps closed (0)"):
        assert heading in out
    assert "test_2026q2_note" in out


def test_diff_rejects_reversed_quarters():
    result = run("diff", "--from", "2025Q1", "--to", "2024Q4", "--data", str(DATASETS))
    assert result.exit_code == 2
    assert "must be earlier than" in result.stderr


def test_an_earlier_quarter_differs_from_the_latest_exactly_as_its_data_does(tmp_path):
    dataset = load_dataset(DATASETS)
    earlier = dataset.as_of(Quarter(2024, 4))
    assert max(earlier.sources["published_date"]) <= Quarter(2024, 4).end
    result = run("build", "--quarter", "2024Q4", "--lang", "en", "--format", "html", "--data", str(DATASETS), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup((tmp_path / "brief-2024Q4-en.html").read_text(encoding="utf-8"), "html.parser")
    listed = len(soup.select("#sources li"))
    later = [s for s in dataset.sources["published_date"] if s > Quarter(2024, 4).end]
    assert later and listed <= len(earlier.sources)
    assert "2024Q4" in soup.title.string


def test_facts_prints_provenance():
    result = run("facts", "--platform", "kuaishou", "--metric", "gmv", "--period", "2023", "--data", str(DATASETS))
    assert result.exit_code == 0, result.output
    assert "11844" in result.stdout and "kuaishou_ir_2023_annual_results_zh" in result.stdout
    assert "電商商品交易總額" in result.stdout  # the verbatim quote
    assert "douyin" not in result.stdout


def test_facts_for_sharing_keep_whole_quotes_urls_and_qualifiers_in_every_format():
    args = ("facts", "--platform", "douyin", "--period", "2025-01", "--data", str(DATASETS))
    records = json.loads(run(*args, "--format", "json").stdout)
    quotes = load_dataset(DATASETS).facts()
    longest = max((r for r in records), key=lambda r: len(r["quote"]))
    assert len(longest["quote"]) > 60  # never cut, though a terminal table would clip it
    assert longest["quote"] in set(quotes[longest["table"]]["quote"])
    assert all(r["url"].startswith("http") for r in records if r["url"])
    # datasets/subsidies.csv: Douyin's product-card waiver paid out "超80亿元" in January–April 2025.
    waiver = next(r for r in records if r["subject"] == "douyin_product_card_commission_waiver" and r["value"] == 80)
    assert (waiver["qualifier"], waiver["unit"], waiver["value_yuan"]) == ("over", "CNY_100M", 8_000_000_000)
    assert waiver["measure"] == "paid out or saved · commission waiver"
    # The same rows as CSV and as a Markdown table, each whole.
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert [r["quote"] for r in rows] == [r["quote"] for r in records]
    markdown = run(*args, "--format", "markdown").stdout.splitlines()
    assert markdown[0].startswith("| platform_name | subject |") and markdown[1].startswith("|---|")
    assert len(markdown) == len(records) + 2
    zh = run(*args, "--format", "markdown", "--lang", "zh").stdout
    assert "| 抖音 |" in zh


def test_diff_for_sharing_names_things_in_the_chosen_language(data_copy):
    data = str(new_quarter(data_copy))
    report = json.loads(run("diff", "--from", str(LATEST), "--to", str(NEXT), "--format", "json", "--data", data).stdout)
    sections = {s["title"]: s["rows"] for s in report["sections"]}
    assert len(sections["New figures"]) == 1 and len(sections["Revised figures"]) == 1
    revised = sections["Revised figures"][0]
    assert revised["platform"] == "Kuaishou" and "trillion" in revised["now"] and "(Company disclosure)" in revised["now"]
    markdown = run("diff", "--from", str(LATEST), "--to", str(NEXT), "--format", "markdown", "--lang", "zh", "--data", data).stdout
    assert "### Revised figures (1)" in markdown and "| 快手 |" in markdown and "万亿元" in markdown
    table = list(csv.DictReader(io.StringIO(run("diff", "--from", str(LATEST), "--to", str(NEXT), "--format", "csv",
                                                "--data", data).stdout)))
    assert [r["section"] for r in table].count("New sources") == 1


def test_facts_rejects_an_unknown_platform():
    result = run("facts", "--platform", "alibaba", "--data", str(DATASETS))
    assert result.exit_code == 2 and "Unknown platform 'alibaba'" in result.stderr


def test_export_writes_csv_and_xlsx_with_sources_and_quotes(tmp_path):
    result = run("export", "--data", str(DATASETS), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    (csv_path,) = tmp_path.glob("figures-*-en.csv")
    (xlsx_path,) = tmp_path.glob("figures-*-en.xlsx")
    text = csv_path.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    facts = sum(len(df) for df in load_dataset(DATASETS).facts().values())
    assert len(rows) == facts
    assert {"source_id", "publisher", "url", "quote", "basis"} <= set(rows[0])
    sheet = openpyxl.load_workbook(xlsx_path)["figures"]
    assert sheet.max_row == facts + 1
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def _export_rows(tmp_path, lang):
    result = run("export", "--format", "xlsx", "--lang", lang, "--data", str(DATASETS), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(next(tmp_path.glob(f"figures-*-{lang}.xlsx")))["figures"]
    header = [c.value for c in sheet[1]]
    return sheet, header, [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]


def test_the_exported_workbook_sums_and_pivots_without_conversion(tmp_path):
    sheet, header, rows = _export_rows(tmp_path, "en")
    assert list(sheet.tables) == ["figures"]  # an Excel table: filters, and a pivot's source, out of the box
    # datasets/metrics.csv: Kuaishou's 2024 GMV "13896" CNY_100M is 1,389,600,000,000 yuan, a number.
    kuaishou = next(r for r in rows if r["platform"] == "kuaishou" and r["subject"].startswith("gmv (")
                    and r["period"] == "2024" and r["value"] == 13896)
    assert kuaishou["value_yuan"] == 1_389_600_000_000 and kuaishou["unit"] == "CNY_100M"
    assert kuaishou["platform_name"] == "Kuaishou" and kuaishou["basis_name"] == "Company disclosure"
    assert kuaishou["period_start"] == datetime(2024, 1, 1) and kuaishou["period_end"] == datetime(2024, 12, 31)
    # WeChat Shop's 2024 GMV growth "1.92" times: 92% growth beside the stated multiple.
    shop = next(r for r in rows if r["platform"] == "channels" and r["subject"].startswith("gmv_yoy (shop)")
                and r["period"] == "2024" and r["value"] == 1.92)
    assert shop["value_multiple"] == 1.92 and shop["value_percent"] == 92
    # Each normalised column holds numbers of one kind only, so a sum adds like with like.
    for column in ("value_yuan", "value_persons", "value_count", "value_percent", "value_multiple"):
        cells = [r[column] for r in rows if r[column] is not None]
        assert cells and all(isinstance(v, (int, float)) for v in cells), column
    money = {r["unit"] for r in rows if r["value_yuan"] is not None}
    assert money <= {"CNY", "CNY_10k", "CNY_m", "CNY_100M", "CNY_bn", "CNY_1T"}
    assert all(isinstance(r["published_date"], datetime) for r in rows)
    assert all(sheet.column_dimensions[c.column_letter].width > 8 for c in sheet[1])


def test_the_export_names_things_in_the_chosen_language(tmp_path):
    _, _, rows = _export_rows(tmp_path, "zh")
    kuaishou = next(r for r in rows if r["platform"] == "kuaishou" and r["subject"].startswith("gmv (") and r["period"] == "2024")
    assert kuaishou["platform_name"] == "快手" and kuaishou["basis_name"] == "公司披露"
    assert kuaishou["measure"].startswith("GMV")


def test_spreadsheet_formulas_are_neutralised():
    for dangerous in ("=1+1", "+cmd", "-2+3", "@SUM(A1)"):
        assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("3026") == "3026" and neutralise(12) == 12


def test_html_offers_each_charts_data_as_table_and_csv(built):
    soup = BeautifulSoup(brief_file(built, "zh", "html").read_text(encoding="utf-8"), "html.parser")
    figures = soup.select("figure.chart")
    with_data = [f for f in figures if f.select_one("details.chart-data")]
    assert len(with_data) >= len(figures) // 2  # charts that are gaps (no comparable data) carry no table
    for figure in with_data:
        table = figure.select_one("details.chart-data table.data-table")
        link = figure.select_one("a.csv-download")
        assert table is not None and link["download"].endswith(".csv")
        assert link["href"].startswith("data:text/csv;charset=utf-8,")
        data = list(csv.reader(io.StringIO(unquote(link["href"].split(",", 1)[1]).lstrip("\ufeff"))))
        assert len(data) - 1 == len(table.select("tbody tr"))


def test_each_charts_data_file_carries_the_numbers_qualifier_basis_and_sources(pages):
    link = pages["en"].select_one('figure[data-chart="gmv"] a.csv-download')
    rows = list(csv.DictReader(io.StringIO(unquote(link["href"].split(",", 1)[1]).lstrip("\ufeff"))))
    # datasets/metrics.csv: Kuaishou's 2024 GMV, 13896 亿元 reported: shown as CNY 1.390 trillion,
    # carried as the number 1,389,600,000,000 yuan.
    kuaishou = next(r for r in rows if r["Platform"] == "Kuaishou" and r["Period"] == "2024")
    assert kuaishou["Value"] == "CNY 1.390 trillion"
    assert (kuaishou["Low (base unit)"], kuaishou["High (base unit)"], kuaishou["Base unit"]) == ("1389600000000",) * 2 + ("CNY",)
    assert kuaishou["Qualifier"] == "" and kuaishou["Basis (code)"] == "reported"
    # Publisher, title, date, URL (the brief's source numbers follow the order of first citation in
    # the page, so a chart's data, which travels alone, names its sources in full).
    assert re.fullmatch(r"\S[^;]*, \d{4}-\d\d(-\d\d)?, https?://\S+", kuaishou["Sources (publisher, title, date, URL)"])
    # An "about" range keeps its qualifier as its own column beside the numbers.
    shop = next(r for r in rows if r["Platform"] == "WeChat Channels" and r["Period"] == "2025")
    assert (shop["Low (base unit)"], shop["High (base unit)"], shop["Qualifier"]) == ("420000000000", "440000000000", "approx")
    assert all(r["Sources (publisher, title, date, URL)"] for r in rows)


@pytest.mark.e2e
@pytest.mark.xdist_group("pdf")
def test_pdf_carries_each_charts_data_and_names_it_under_the_chart(built_pdf, pdf_text, pages):
    reader = PdfReader(brief_file(built_pdf, "en", "pdf"))
    text = " ".join(pdf_text["en"].split())
    assert "Appendix" not in text  # the data travels as attachments, not as pages of tables
    names = set(reader.attachments)
    with_rows = [name for name in names if name.endswith(".csv") and "figure" in name
                 and len(reader.attachments[name][0].decode("utf-8-sig").strip().splitlines()) > 1]
    assert len(with_rows) >= 6
    for name in with_rows:  # a chart that is a gap has no data to name
        assert f"attached to this PDF as {name}" in text.replace("- ", "-")
    charts = pages["en"].select("figure.chart")
    assert len([n for n in names if n.endswith(".csv") and "figure" in n]) == len(charts)
    assert "datapackage/datapackage.json" in names and "datapackage/metrics.csv" in names
    assert reader.attachments["datapackage/metrics.csv"][0] == (DATASETS / "metrics.csv").read_bytes()
