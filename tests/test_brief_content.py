"""The brief as a research report: findings with footnotes, the sections in order, contents with
page numbers, bookmarks, alt text in the PDF tags, commentary, and Chinese typography."""

from __future__ import annotations

import re
import subprocess

from click.testing import CliRunner
from pypdf import PdfReader

import pytest

from conftest import brief_file
from reportgen import sections
from reportgen.cli import cli

# Sections every brief has, whatever its evidence, in the research-house order.
ALWAYS = ["findings", "whats_new", "scoreboard", "implications", "outlook", "caveats", "methodology", "sources",
          "glossary", "lists", "disclaimer"]


def test_sections_come_in_the_research_house_order(pages, contents):
    order = [s.key for s in sections.all_sections()]
    for lang in ("zh", "en"):
        ids = [s["id"] for s in pages[lang].select("body > section[id]")]
        assert ids == [s.key for s in contents[lang].sections]  # the contents page lists what is printed
        assert ids == sorted(ids, key=order.index) and set(ALWAYS) <= set(ids)


def test_five_to_eight_key_findings_each_with_a_footnote(pages):
    for lang in ("zh", "en"):
        items = pages[lang].select("#findings ol.findings > li")
        assert 5 <= len(items) <= 8
        for item in items:
            assert item.select("sup.fn a"), item.get_text()
            assert re.search(r"\d", item.get_text())


def test_every_number_in_the_prose_sections_is_footnoted(pages):
    soup = pages["en"]
    for selector in ("#findings li", "#implications li.evidence", "#outlook p", "#deep_dive li.claim"):
        for node in soup.select(selector):
            text = node.get_text(" ", strip=True)
            if re.search(r"\d", re.sub(r"\[[\d,\s]+\]|\b(19|20)\d\d\b|Q[1-4]|H[12]", "", text)):
                assert node.select("sup.fn"), text


def test_estimates_are_marked_in_the_scoreboard(pages):
    soup = pages["en"]
    douyin = [tr for tr in soup.select("table.key-figures tbody tr") if tr.th.get_text(strip=True) == "Douyin"][0]
    assert douyin.select_one("td .basis-estimate") is not None  # Douyin publishes no GMV: estimates only
    headers = [th.get_text(strip=True) for th in soup.select("table.key-figures thead th")]
    assert headers == ["Platform", "Latest annual GMV", "GMV growth", "Latest company figure", "Users"]


def test_deep_dive_quotes_are_verbatim_from_the_data(pages):
    import csv
    from conftest import DATASETS

    quotes = {r["quote"] for r in csv.DictReader((DATASETS / "claims.csv").open(encoding="utf-8"))}
    shown = [b.get_text()[len("Original"):].strip() for b in pages["en"].select("#deep_dive blockquote")]
    assert shown and set(shown) <= quotes


def test_scenarios_are_labelled_as_scenarios_or_their_gap_is_stated(pages, analysis):
    text = pages["en"].select_one("#outlook").get_text(" ")
    if analysis.scenarios is None:
        assert "No scenarios this quarter" in text
        rows = [" ".join(tr.get_text(" ").split()) for tr in pages["en"].select("#caveats table.cannot-show tbody tr")]
        assert any(row.startswith("GMV scenarios") for row in rows), rows
        return
    assert "These are scenarios, not forecasts" in text
    rows = pages["en"].select("#outlook table.scenarios tbody tr")
    assert [r.th.get_text() for r in rows] == ["Downside", "Base", "Upside"]


@pytest.mark.e2e
@pytest.mark.xdist_group("pdf")
def test_pdf_contents_carry_page_numbers_and_bookmarks_follow_them(built_pdf):
    path = brief_file(built_pdf, "zh", "pdf")
    # poppler's pdftotext keeps entries in reading order (pypdf scrambles them); the page number
    # is set flush right, so it follows its entry on the next line
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True).stdout
    entries = re.findall(r"^\d+\. (\S+?)\s+(\d+)$", first, re.MULTILINE)
    assert entries[0] == ("摘要", "2")  # the executive summary opens the brief
    numbers = [int(p) for _, p in entries]
    assert numbers == sorted(numbers) and len(entries) >= 14
    reader = PdfReader(path)
    assert numbers[-1] <= len(reader.pages)
    top_level = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top_level[:3] == ["摘要", "本季新变化", "记分牌"]
    assert "资料来源" in top_level and "免责声明与风险提示" in top_level


@pytest.mark.e2e
@pytest.mark.xdist_group("pdf")
def test_pdf_is_tagged_with_each_charts_alt_text(built_pdf, pages):
    reader = PdfReader(brief_file(built_pdf, "en", "pdf"))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en"
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            kids = kids.get_object() if kids is not None else None
            for kid in kids if isinstance(kids, list) else [kids] if isinstance(kids, dict) else []:
                walk(kid)

    walk(root["/StructTreeRoot"])
    charts = pages["en"].select("figure.chart .chart-body[aria-label]")
    assert sorted(alts) == sorted(c["aria-label"] for c in charts)


def test_chinese_text_uses_full_width_punctuation(pages):
    text = pages["zh"].select_one("#methodology").get_text()
    assert "，" in text and "。" in text
    assert not re.search(r"[\u4e00-\u9fff][,;:](?!\d)", text)  # no half-width comma after a Chinese character


def test_a_commentary_file_with_a_bad_name_is_reported(data_copy):
    (data_copy / "commentary").mkdir(exist_ok=True)
    (data_copy / "commentary" / "Q3-2025.md").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 3
    assert "commentary/Q3-2025.md: commentary files are named <YYYYQn>.<zh|en>.md" in result.stderr


def test_an_edition_links_only_the_sibling_files_that_exist():
    from reportgen.outputs import editions
    from reportgen.periods import Quarter

    q = Quarter(2026, 2)
    every = ["brief-2026Q2-zh.html", "brief-2026Q2-en.html", "brief-2026Q2-en.pdf", "brief-2026Q2-zh.pdf"]
    assert editions(q, "en", every) == [("edition.zh", "brief-2026Q2-zh.html"), ("edition.pdf", "brief-2026Q2-en.pdf")]
    assert editions(q, "zh", every[:2]) == [("edition.en", "brief-2026Q2-en.html")]
    assert editions(q, "en", ["brief-2026Q2-en.html", "brief-2026Q1-zh.html"]) == []  # another quarter is not a sibling
