"""The two-page summary edition (`build --edition summary`): the executive summary, the scoreboard,
the charts the summary cites and what it means for brands — the full brief's own figures,
references and footnote numbers, on two A4 pages in each language."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import DATASETS, LANGS, LATEST
from reportgen.cli import cli


@pytest.fixture(scope="session")
def summaries(stages, contents, charts) -> dict[str, BeautifulSoup]:
    """Each language's summary edition as HTML, rendered in-process as the build renders it."""
    from reportgen.pipeline import summary_edition
    from reportgen.render.html import full_brief_numbering, render_charts, render_html

    resolved = stages.check(LATEST).resolved
    out = {}
    for lang in LANGS:
        numbering = full_brief_numbering(contents[lang], render_charts(contents[lang], charts[lang], draw=False), True)
        content, chosen = summary_edition(stages, contents[lang], charts[lang], resolved.get(lang))
        page = render_html(content, render_charts(content, chosen), interactive=True, template="summary.html",
                           numbering=numbering, full_brief=f"brief-{LATEST}-{lang}.html")
        out[lang] = BeautifulSoup(page, "html.parser")
    return out


def figure_texts(soup) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for span in soup.select(".fig[data-fig]"):
        found.setdefault(span["data-fig"], set()).add(span.get_text())
    return found


def footnotes(soup) -> dict[str, str]:
    """Each footnote link's source (named on hover) -> its number."""
    return {a["title"]: a.get_text() for a in soup.select("sup.fn a")}


def test_the_summary_shows_the_full_briefs_figures_and_footnote_numbers(summaries, pages):
    for lang in LANGS:
        summary, full = figure_texts(summaries[lang]), figure_texts(pages[lang])
        assert len(summary) >= 20
        for key, texts in summary.items():
            assert texts == full[key], key  # the same figure, printed the same way
        numbers, full_numbers = footnotes(summaries[lang]), footnotes(pages[lang])
        assert numbers and all(full_numbers[source] == n for source, n in numbers.items())
        # Footnotes link to the full brief's source list.
        assert all(a["href"].startswith(f"brief-{LATEST}-{lang}.html#source-") for a in summaries[lang].select("sup.fn a"))


def test_the_summary_holds_its_four_parts_and_the_full_scoreboard(summaries, pages):
    en = summaries["en"]
    assert [h.get_text() for h in en.select("h2")] == [
        "Executive summary", "Scoreboard", "The charts behind the summary", "What it means for brands",
        "What to watch next quarter"]
    assert en.select_one(".written-summary h3").get_text() == "What changed this quarter"
    full_board = str(pages["en"].select_one("table.key-figures"))
    # The same table, its footnotes linking to the full brief's source list rather than its own.
    assert str(en.select_one("table.key-figures")).replace(f'href="brief-{LATEST}-en.html#', 'href="#') == full_board
    assert not en.select("#deep_dive, #methodology, #caveats")  # the full brief carries those


def test_the_summary_shows_the_charts_it_cites_numbered_as_it_refers_to_them(summaries, analysis, stages):
    from reportgen.view.summary import SUMMARY_CHARTS, cited_figures

    cited = cited_figures(stages.check(LATEST).resolved["en"])
    figures = summaries["en"].select("figure.chart")
    assert 1 <= len(figures) <= SUMMARY_CHARTS
    assert [f["id"] for f in figures] == [f"figure-{n}" for n in range(1, len(figures) + 1)]
    assert all(f["data-chart"] in analysis.charts() for f in figures)
    # Every panel it keeps holds a figure the summary cites.
    for figure in figures:
        shown = {s["data-fig"] for s in figure.select("table.data-table .fig[data-fig]")}
        assert shown & cited, figure["data-chart"]
    # A reference to a chart in the summary's text points at that chart in this edition.
    for link in summaries["en"].select(".written-summary a.figref, #brands a.figref"):
        target = summaries["en"].select_one(link["href"])
        assert target is not None and link.get_text() == f"Figure {target['id'].split('-')[1]}"


@pytest.mark.e2e
@pytest.mark.xdist_group("pdf")
def test_the_summary_edition_is_two_pages_in_each_language(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--edition", "summary", "--data", str(DATASETS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for lang in LANGS:
        pdf = tmp_path / f"brief-{LATEST}-{lang}-summary.pdf"
        assert len(PdfReader(pdf).pages) == 2, lang
        html = (tmp_path / f"brief-{LATEST}-{lang}-summary.html").read_text(encoding="utf-8")
        assert re.search(r'<figure class="chart"', html)
    # The full brief's outputs were not touched, and a later full build is not confused by the manifest.
    assert not list(tmp_path.glob(f"brief-{LATEST}-??.*"))


def test_an_unknown_edition_is_a_bad_option():
    result = CliRunner().invoke(cli, ["build", "--edition", "short", "--data", str(DATASETS)])
    assert result.exit_code == 2 and "short" in result.output
