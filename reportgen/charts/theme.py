"""The house theme: one colour per platform everywhere, a Simplified-Chinese face, A4 sizes."""

from __future__ import annotations

import altair as alt

from reportgen.fonts import FONT_FAMILY
# For platforms whose row in platforms.csv names no colour: candidates, of which each such platform
# takes the one furthest, for every kind of colour vision, from the colours already taken and the page.
FALLBACK_COLOURS = ("#0072B2", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7",
                    "#7F3C8D", "#11A579", "#3969AC", "#F2B701", "#E73F74", "#80BA5A")
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
    """Each platform's colour, the same in every chart: its own from platforms.csv, else the
    fallback colour most distinct from those taken (validation refuses two platforms with one)."""
    colours = {r["platform"]: r["colour"].upper() for r in rows if r.get("colour")}
    for r in rows:
        if r["platform"] not in colours:
            spare = [c for c in FALLBACK_COLOURS if c not in colours.values()] or ["#888888"]
            # The page's white counts as taken: a pale colour would vanish on it.
            colours[r["platform"]] = max(spare, key=lambda c: min_difference([c, "#FFFFFF", *colours.values()], first_only=True))
    return {r["platform"]: colours[r["platform"]] for r in rows}


# How alike two colours look with normal vision and with each common deficiency: Machado, Oliveira
# and Fernandes (2009) at full severity, on linear RGB, compared as CIE76 distances in Lab.
VISION = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _lab(colour: str, vision: str) -> tuple[float, float, float]:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5)]
    r, g, b = (max(0.0, min(1.0, sum(m * v for m, v in zip(row, rgb)))) for row in VISION[vision])
    x, y, z = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def min_difference(colours: list[str], first_only: bool = False) -> float:
    """The smallest Lab distance between two of `colours` (or between the first and the others),
    over every kind of colour vision: above about 20 two bars are told apart at a glance."""
    pairs = [(colours[0], c) for c in colours[1:]] if first_only else \
        [(a, b) for i, a in enumerate(colours) for b in colours[i + 1:]]
    return min((sum((p - q) ** 2 for p, q in zip(_lab(a, v), _lab(b, v))) ** 0.5 for a, b in pairs for v in VISION),
               default=float("inf"))


def platform_scale(platforms: list[str], names: dict[str, str], colours: dict[str, str]) -> alt.Scale:
    """Colour scale whose domain is the platforms' display names, in the brief's order."""
    return alt.Scale(domain=[names[p] for p in platforms], range=[colours[p] for p in platforms])
