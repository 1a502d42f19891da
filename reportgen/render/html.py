"""The brief as HTML: one template for both languages and both outputs. The HTML output is
interactive (Vega runtime inlined, specs embedded); the PDF's HTML carries static SVG only."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from reportgen.brief import BriefContent
from reportgen.charts.render import spec_json_for_script, to_svg, vega_lite_spec, vega_runtime_js
from reportgen.errors import RenderError
from reportgen.i18n import Formatter
from reportgen.units import UNITS, significant_digits
from reportgen.render.env import jinja_env


@dataclass(frozen=True)
class RenderedChart:
    number: int
    key: str
    title: str
    subtitle: str
    alt_text: str
    svg: Markup
    spec_json: Markup
    source_numbers: list[int]
    notes: tuple[str, ...]


def render_charts(content: BriefContent) -> list[RenderedChart]:
    rendered = []
    for number, chart in enumerate(content.charts, start=1):
        spec = vega_lite_spec(chart.chart)
        rendered.append(RenderedChart(
            number=number, key=chart.key, title=chart.title, subtitle=chart.subtitle, alt_text=chart.alt_text,
            svg=Markup(to_svg(spec, id_prefix=f"fig{number}")),  # produced by Vega from escaped data, not from templates
            spec_json=Markup(spec_json_for_script(spec)),
            source_numbers=sorted(content.source_numbers[s] for s in chart.sources),
            notes=chart.notes,
        ))
    return rendered


def render_html(content: BriefContent, charts: list[RenderedChart], interactive: bool) -> str:
    m = content.messages

    def t(key: str, **kw) -> str:
        try:
            text = m[key]
        except KeyError:
            raise RenderError(f"The message catalogue for '{content.lang}' has no entry '{key}'.") from None
        return text.format(**kw) if kw else text

    def cite(source_ids) -> list[int]:
        return sorted({content.source_numbers[s] for s in source_ids})

    fmt = Formatter(content.lang)

    def fmt_amount(row: dict) -> str:
        unit = UNITS[row["unit"]]
        value = row["amount"] * unit.factor
        text = fmt.amount(value, value, unit.dimension, max(significant_digits(f"{row['amount']:g}"), 2))
        return m[f"qualifier.{row['qualifier']}"].format(text) if row.get("qualifier") else text

    template = jinja_env().get_template("brief.html")
    return template.render(
        c=content, t=t, cite=cite, fmt=fmt, fmt_amount=fmt_amount, charts=charts, interactive=interactive,
        vega_js=Markup(vega_runtime_js()) if interactive else "",
    )
