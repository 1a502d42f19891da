"""Unit economics: average order value, return, repurchase and take rates per platform.

Each platform's latest figure of each measure: a take rate on commissions only and one on all
platform revenue are two measures, as are a live-commerce AOV and a whole-platform one."""

from __future__ import annotations

from reportgen.analysis.figures import Figure
from reportgen.analysis.select import FigureBook
from reportgen.measures import by_measure

UNIT_METRICS = ("aov", "return_rate", "repurchase_rate", "take_rate", "private_domain_share")
ALL_PERIODS = ("year", "fiscal_year", "half", "quarter", "month", "day", "span")


def latest_unit_figures(book: FigureBook, platforms: list[str]) -> list[Figure]:
    """The latest actual figure of every unit-economics measure for each platform."""
    out = []
    for platform in platforms:
        for metric in UNIT_METRICS:
            for measure in book.measures(platform, metric):
                series = book.series(platform, measure, ALL_PERIODS)
                if series:
                    out.append(series[-1])
    return out


def by_unit_measure(figures: list[Figure]) -> dict:
    """Figures grouped by measure, in metric order: each group may be compared within itself."""
    groups = by_measure(figures)
    return dict(sorted(groups.items(), key=lambda kv: UNIT_METRICS.index(kv[0].metric)))
