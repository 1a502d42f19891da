"""The brief as HTML: one template for both languages and both outputs. The HTML output is
interactive (Vega runtime inlined, specs embedded); the PDF's HTML carries static SVG only."""

from __future__ import annotations

import base64
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from reportgen.charts.build import BriefChart
from reportgen.charts.render import spec_json_for_script, to_svg, vega_runtime_js
from reportgen.errors import RenderError
from reportgen.render.citations import citation_order, number_citations
from reportgen.render.env import jinja_env
from reportgen.tables import csv_bytes
from reportgen.view.models import BriefContent
from reportgen.view.present import SOURCE_LIST, Shown


@dataclass(frozen=True)
class RenderedChart:
    number: int
    key: str
    title: str
    subtitle: str
    alt_text: str
    svg: Markup
    spec_json: Markup
    sources: tuple[str, ...]  # source ids (numbered when the brief is rendered)
    notes: tuple[str, ...]
    table_headers: list[str]
    table_rows: list[list[object]]  # text or Shown
    csv_name: str
    csv: bytes

    @property
    def svg_data_uri(self) -> str:
        # The PDF embeds each chart as <img alt> so its alt text reaches the PDF/UA tags.
        return "data:image/svg+xml;base64," + base64.b64encode(str(self.svg).encode("utf-8")).decode("ascii")

    @property
    def csv_data_uri(self) -> str:
        return "data:text/csv;charset=utf-8," + quote(self.csv.decode("utf-8"))


def _cell_text(cell: object) -> str:
    return cell.text if isinstance(cell, Shown) else str(cell)


BASE_UNITS = {"money": "CNY", "persons": "persons", "count": "count", "pct": "%", "ratio": "×"}
DATA_COLUMNS = ("low", "high", "base_unit", "qualifier", "basis_code", "sources")


def chart_csv(headers: list[str], rows: list[list[object]], m: dict[str, str], sources: dict[str, dict]) -> bytes:
    """A chart's data as a spreadsheet reads it: the columns the brief shows (text, qualifiers
    kept), then the row's figure as numbers (low, high in the base unit of its kind), its
    qualifier and basis codes, and each source's number, title and URL."""
    out = []
    for row in rows:
        shown = [c for c in row if isinstance(c, Shown)]
        lead = next((c for c in shown if c.low is not None), None)
        cited = dict.fromkeys(s for c in shown for s in c.sources)
        out.append([_cell_text(c) for c in row] + (
            [_number(lead.low), _number(lead.high), BASE_UNITS.get(lead.dimension, ""), lead.qualifier, lead.basis]
            if lead else ["", "", "", "", shown[0].basis if shown else ""]) + [
            " | ".join(f"{sources[s]['publisher']}, {sources[s]['title']}, {sources[s]['published']}"
                       + (f", {sources[s]['url']}" if sources[s]["url"] else "") for s in cited if s in sources)])
    return csv_bytes(headers + [m[f"label.{c}"] for c in DATA_COLUMNS], out)


def _number(value: float) -> str:
    # Twelve significant digits (every digit a source gives, none of binary arithmetic's noise),
    # written out in full: 1389600000000, never 1.3896e+12.
    return format(Decimal(format(value, ".12g")), "f")


def render_charts(content: BriefContent, charts: list[BriefChart], draw: bool = True) -> list[RenderedChart]:
    """Each chart as the outputs embed it (without `draw`, its static SVG left empty: for what
    depends on the page's text alone, such as the order of its citations)."""
    m = content.messages
    cited = content.sources
    rendered = []
    for number, chart in enumerate(charts, start=1):
        spec = chart.spec
        headers = [m[f"label.{h}"] for h in chart.headers]
        rows = [list(row) for row in chart.rows]
        rendered.append(RenderedChart(
            number=number, key=chart.key, title=chart.title, subtitle=chart.subtitle, alt_text=chart.alt_text,
            svg=Markup(to_svg(spec, id_prefix=f"fig{number}") if draw else ""),  # produced by Vega from escaped data, not from templates
            spec_json=Markup(spec_json_for_script(spec)),
            sources=tuple(s for s in dict.fromkeys(chart.sources) if s in content.sources),
            notes=chart.notes,
            table_headers=headers,
            table_rows=rows,
            csv_name=f"{content.quarter}-{content.lang}-figure-{number:02d}-{chart.key}.csv",
            csv=chart_csv(headers, rows, m, cited),
        ))
    return rendered


def render_html(content: BriefContent, charts: list[RenderedChart], interactive: bool,
                editions: list[tuple[str, str]] = (), template: str = "brief.html",
                numbering: dict[str, int] | None = None, full_brief: str = "") -> str:
    """The brief as HTML (`template`: brief.html, or summary.html for the two-page edition);
    `editions` (outputs.editions) are the sibling files the page links to. The summary edition
    numbers its footnotes as the full brief does (`numbering`, see full_brief_numbering) and links
    them to the full brief's source list (`full_brief`, its file name)."""
    m = content.messages

    def source_list(cited: list[tuple[int, str]]) -> str:
        return jinja_env().get_template("source_list.html").render(
            t=_catalogue(content), sources=[{**content.sources[s], "number": n} for n, s in cited])

    page = _page(content, charts, interactive, template, editions=editions, full_brief=full_brief)
    with _template_errors():
        page = number_citations(page, content.present.citations, m["footnote_sep"], source_list, numbering,
                                full_brief if template != "brief.html" else "")
    # The Vega runtime goes in last: a megabyte no step above needs to read.
    return page.replace(VEGA_MARK, vega_runtime_js(), 1) if interactive else page


def full_brief_numbering(content: BriefContent, charts: list[RenderedChart], interactive: bool) -> dict[str, int]:
    """The full brief's source numbers in one format: the order in which its page first cites each
    source (the HTML's charts' data tables cite more than the PDF, which attaches them instead).
    The summary edition in that format cites by the same numbers."""
    return citation_order(_page(content, charts, interactive, "brief.html"))


VEGA_MARK = "\ue004"  # where the inlined Vega runtime goes


def _catalogue(content: BriefContent):
    """The templates' t(): a catalogue entry, formatted; a missing one is a render error."""
    def t(key: str, **kw) -> str:
        try:
            text = content.messages[key]
        except KeyError:
            raise RenderError(f"The message catalogue for '{content.lang}' has no entry '{key}'.") from None
        return text.format(**kw) if kw else text
    return t


def _page(content: BriefContent, charts: list[RenderedChart], interactive: bool, template: str,
          editions: list[tuple[str, str]] = (), full_brief: str = "") -> str:
    """A template rendered with the brief's view-model, its citations still marks (numbered by
    render/citations.py once the whole page is known)."""
    m = content.messages

    def sort_key(value: object) -> str:
        """What a chart's data table sorts a cell by: a figure by its number, text as text."""
        return _number(value.low) if isinstance(value, Shown) and value.low is not None else str(value)

    def cell(value: object) -> Markup:
        """A table or data cell: a figure with its marks and footnote, else text."""
        return content.present.figure_cell_html(value) if isinstance(value, Shown) else Markup.escape(str(value))

    with _template_errors():
        return jinja_env().get_template(template).render(
            c=content, t=_catalogue(content), cell=cell, sort_key=sort_key, fig=content.present.figure_html,
            fig_cell=content.present.figure_cell_html, footnote=content.present.footnote,
            charts=charts, by_key={chart.key: chart for chart in charts}, interactive=interactive,
            editions=[(m[label], name) for label, name in editions] if interactive else [],
            vega_js=Markup(VEGA_MARK) if interactive else "", source_list_mark=Markup(SOURCE_LIST),
            full_brief=full_brief,
        )


@contextmanager
def _template_errors():
    """A failure inside the templates becomes a RenderError naming the template and line; any
    other failure is a bug, reported as one."""
    try:
        yield
    except Exception as exc:
        place = _template_place(exc)
        if not (isinstance(exc, jinja2.TemplateError) or place):
            raise
        raise RenderError(f"The brief's templates could not be rendered ({place or 'templates'}): {exc}. "
                          "Fix the template, or restore it from the release.") from exc


def _template_place(exc: Exception) -> str:
    """Where in the templates rendering failed, as "file, line": a syntax error carries it; any
    other failure inside a template has the template's frames in its traceback. "" when none."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}, line {exc.lineno}"
    tb, place = exc.__traceback__, ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            place = f"{name}, line {tb.tb_lineno}"
        tb = tb.tb_next
    return place
