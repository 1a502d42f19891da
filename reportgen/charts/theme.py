"""The house theme: one colour per platform everywhere, a Simplified-Chinese face, A4 sizes."""

from __future__ import annotations

import altair as alt

from reportgen.fonts import FONT_FAMILY
# For platforms whose row in platforms.csv names no colour, in order, skipping colours already
# taken: the Okabe–Ito palette, told apart with the common colour-vision deficiencies.
FALLBACK_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# Sequential ramp for buckets (age bands, tiers) so they never read as platforms.
BUCKET_RAMP = ["#0B3C5D", "#175A8A", "#2878B3", "#4A96CC", "#74B1DB", "#9DC8E6", "#C3DDEF"]
CHART_WIDTH = 520  # px at 96 dpi (138 mm): leaves room for axis labels and a side legend in the 174 mm text block
INK = "#222222"
GRID = "#E3E3E3"


def house_config() -> dict:
    return {
        "config": {
            "font": FONT_FAMILY,
            "background": "#FFFFFF",
            "padding": 8,
            "view": {"stroke": None, "continuousWidth": CHART_WIDTH, "continuousHeight": 260},
            "title": {"fontSize": 15, "fontWeight": "bold", "anchor": "start", "color": INK,
                      "subtitleFontSize": 11, "subtitleColor": "#555555", "offset": 10},
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
                     "labelColor": INK, "titleColor": "#444444", "gridColor": GRID,
                     "domainColor": "#999999", "tickColor": "#999999"},
            "axisX": {"labelAngle": 0},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom", "columns": 5,
                       "titleFontWeight": "normal", "symbolSize": 90},
            "header": {"labelFontSize": 11, "titleFontSize": 11},
            "text": {"fontSize": 10, "color": INK},
            "bar": {"cornerRadiusEnd": 1},
        }
    }


@alt.theme.register("reportgen", enable=False)
def reportgen_theme() -> alt.theme.ThemeConfig:
    return house_config()


def platform_colours(rows: list[dict]) -> dict[str, str]:
    """Each platform's colour, the same in every chart: its own from platforms.csv, else the next
    fallback colour no platform has taken (validation refuses two platforms with one colour)."""
    taken = {r["colour"].upper() for r in rows if r.get("colour")}
    spare = iter(c for c in FALLBACK_COLOURS if c not in taken)
    return {r["platform"]: r["colour"] or next(spare, "#888888") for r in rows}


def platform_scale(platforms: list[str], names: dict[str, str], colours: dict[str, str]) -> alt.Scale:
    """Colour scale whose domain is the platforms' display names, in the brief's order."""
    return alt.Scale(domain=[names[p] for p in platforms], range=[colours[p] for p in platforms])
