"""The brief as HTML: one template for both languages and both outputs. The HTML output is
interactive (Vega runtime inlined, specs embedded); the PDF's HTML carries static SVG only."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from reportgen.brief import BriefContent
from reportgen.charts.render import spec_json_for_script, to_svg, vega_lite_spec, vega_runtime_js
from reportgen.errors import RenderError
from reportgen.i18n import Formatter
from reportgen.units import UNITS, significant_digits
from reportgen.render.env import jinja_env
from reportgen.tables import csv_bytes


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
    table_headers: list[str]
    table_rows: list[list[str]]
    csv_name: str
    csv: bytes

    @property
    def svg_data_uri(self) -> str:
        # The PDF embeds each chart as <img alt> so its alt text reaches the PDF/UA tags.
        return "data:image/svg+xml;base64," + base64.b64encode(str(self.svg).encode("utf-8")).decode("ascii")

    @property
    def csv_data_uri(self) -> str:
        return "data:text/csv;charset=utf-8," + quote(self.csv.decode("utf-8"))


def render_charts(content: BriefContent) -> list[RenderedChart]:
    m = content.messages
    rendered = []
    for number, chart in enumerate(content.charts, start=1):
        spec = vega_lite_spec(chart.chart)
        columns = [c for c in chart.table.columns if c != "sources"]
        headers = [m[f"label.{c}"] for c in columns] + [m["label.source"]]
        rows = [
            [str(row[c]) for c in columns] + [" ".join(f"[{content.source_numbers[s]}]" for s in row["sources"])]
            for row in chart.table.to_dict("records")
        ]
        rendered.append(RenderedChart(
            number=number, key=chart.key, title=chart.title, subtitle=chart.subtitle, alt_text=chart.alt_text,
            svg=Markup(to_svg(spec, id_prefix=f"fig{number}")),  # produced by Vega from escaped data, not from templates
            spec_json=Markup(spec_json_for_script(spec)),
            source_numbers=sorted(content.source_numbers[s] for s in chart.sources),
            notes=chart.notes,
            table_headers=headers,
            table_rows=rows,
            csv_name=f"{content.quarter}-{content.lang}-figure-{number:02d}-{chart.key}.csv",
            csv=csv_bytes(headers, rows),
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

    category_names = dict(zip(content.categories["category"], content.categories[f"name_{content.lang}"]))

    def fact_value(row: dict) -> str:
        """A fact-table row's figure in the brief's units, never more digits than stated."""
        if not row["value"]:
            return m["label.no_amount"]
        unit = UNITS[row["unit"]]
        value = float(row["value"]) * unit.factor
        text = fmt.amount(value, value, unit.dimension, max(significant_digits(row["value"]), 2))
        return m[f"qualifier.{row['qualifier']}"].format(text) if row["qualifier"] else text

    def fmt_metric(row: dict) -> str:
        """A metrics-table row's value in the brief's units."""
        return fact_value({"value": row["value_text"], "unit": row["unit"], "qualifier": row["qualifier"]})

    def fmt_amount(row: dict) -> str:
        """A programme's stated amount in the brief's units."""
        return fact_value({"value": row["amount_text"], "unit": row["unit"], "qualifier": row["qualifier"]})

    def fact_subject(row: dict) -> str:
        if row["table"] == "metrics":
            label = m.get(f"metric.{row['metric']}", row["metric"])
            return label if row["scope"] == "all" else f"{label}（{m['scope.' + row['scope']]}）" if content.lang == "zh" else f"{label} ({m['scope.' + row['scope']]})"
        if row["table"] == "subsidies":
            return row["programme_zh"] if content.lang == "zh" else row["programme_en"]
        if row["table"] == "demographics":
            return f"{m['dimension.' + row['dimension']]} · {m.get('bucket.' + row['bucket'], row['bucket'])}"
        return category_names.get(row["category"], row["category"])

    template = jinja_env().get_template("brief.html")
    return template.render(
        c=content, t=t, cite=cite, fmt=fmt, fmt_amount=fmt_amount, fact_value=fact_value, fact_subject=fact_subject, fmt_metric=fmt_metric, charts=charts, interactive=interactive,
        vega_js=Markup(vega_runtime_js()) if interactive else "",
    )
