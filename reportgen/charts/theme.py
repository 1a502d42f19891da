"""The house theme: one colour per platform everywhere, a Simplified-Chinese face, A4 sizes."""

from __future__ import annotations

import altair as alt

from reportgen.fonts import FONT_FAMILY
# Fixed per platform in every chart (brand-led, adjusted so the five stay distinct).
PLATFORM_COLOURS = {
    "channels": "#07A35A",
    "douyin": "#1F1F1F",
    "kuaishou": "#F08A24",
    "taobao_tmall": "#D7263D",
    "pinduoduo": "#6B4C9A",
}
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


def platform_scale(platforms: list[str], names: dict[str, str]) -> alt.Scale:
    """Colour scale whose domain is the platforms' display names, in the brief's order."""
    return alt.Scale(domain=[names[p] for p in platforms], range=[PLATFORM_COLOURS[p] for p in platforms])
