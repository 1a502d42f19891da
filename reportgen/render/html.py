"""The brief as HTML: one template for both languages and both outputs. The HTML output is
interactive (Vega runtime inlined, specs embedded); the PDF's HTML carries static SVG only."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from reportgen.charts.build import BriefChart
from reportgen.charts.render import spec_json_for_script, to_svg, vega_runtime_js
from reportgen.errors import RenderError
from reportgen.render.citations import number_citations
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


def render_charts(content: BriefContent, charts: list[BriefChart]) -> list[RenderedChart]:
    """Each chart as the outputs embed it."""
    m = content.messages
    cited = content.sources
    rendered = []
    for number, chart in enumerate(charts, start=1):
        spec = chart.spec
        headers = [m[f"label.{h}"] for h in chart.headers]
        rows = [list(row) for row in chart.rows]
        rendered.append(RenderedChart(
            number=number, key=chart.key, title=chart.title, subtitle=chart.subtitle, alt_text=chart.alt_text,
            svg=Markup(to_svg(spec, id_prefix=f"fig{number}")),  # produced by Vega from escaped data, not from templates
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
                editions: list[tuple[str, str]] = ()) -> str:
    """The brief as HTML; `editions` (outputs.editions) are the sibling files the page links to."""
    m = content.messages

    def t(key: str, **kw) -> str:
        try:
            text = m[key]
        except KeyError:
            raise RenderError(f"The message catalogue for '{content.lang}' has no entry '{key}'.") from None
        return text.format(**kw) if kw else text

    def sort_key(value: object) -> str:
        """What a chart's data table sorts a cell by: a figure by its number, text as text."""
        return _number(value.low) if isinstance(value, Shown) and value.low is not None else str(value)

    def cell(value: object) -> Markup:
        """A table or data cell: a figure with its marks and footnote, else text."""
        return content.present.figure_cell_html(value) if isinstance(value, Shown) else Markup.escape(str(value))

    def source_list(cited: list[tuple[int, str]]) -> str:
        return jinja_env().get_template("source_list.html").render(
            t=t, sources=[{**content.sources[s], "number": n} for n, s in cited])

    try:
        template = jinja_env().get_template("brief.html")
        page = template.render(
            c=content, t=t, cell=cell, sort_key=sort_key, fig=content.present.figure_html, fig_cell=content.present.figure_cell_html, footnote=content.present.footnote,
            charts=charts, by_key={chart.key: chart for chart in charts}, interactive=interactive,
            editions=[(m[label], name) for label, name in editions] if interactive else [],
            vega_js=Markup(VEGA_MARK) if interactive else "", source_list_mark=Markup(SOURCE_LIST),
        )
        page = number_citations(page, content.present.citations, m["footnote_sep"], source_list)
    except Exception as exc:
        place = _template_place(exc)
        if not (isinstance(exc, jinja2.TemplateError) or place):
            raise  # not the templates' failure: a bug, reported as one
        raise RenderError(f"The brief's templates could not be rendered ({place or 'templates'}): {exc}. "
                          "Fix the template, or restore it from the release.") from exc
    # The Vega runtime goes in last: a megabyte no step above needs to read.
    return page.replace(VEGA_MARK, vega_runtime_js(), 1) if interactive else page


VEGA_MARK = "\ue004"  # where the inlined Vega runtime goes


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
