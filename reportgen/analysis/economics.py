"""The latest figure of every measure of a metrics family, per platform, for the families charted
one panel per measure (unit economics: AOV, return, repurchase and take rates).

A take rate on commissions only and one on all platform revenue are two measures, as are a
live-commerce AOV and a whole-platform one: each is its own panel, never compared across."""

from __future__ import annotations

from reportgen.analysis.figures import Figure
from reportgen.analysis.figures import FigureBook
from reportgen.data.registry import FAMILIES
from reportgen.measures import METRICS, by_measure

ALL_PERIODS = ("year", "fiscal_year", "half", "quarter", "month", "day", "span")


def family_metrics(family: str) -> tuple[str, ...]:
    """The family's metrics (measures.METRICS), in the registry's order: its panels' order."""
    return tuple(m for m, spec in METRICS.items() if spec.family in FAMILIES[family].metric_families)


def latest_figures(book: FigureBook, platforms: list[str], metrics: tuple[str, ...]) -> list[Figure]:
    """The latest actual figure of every measure of `metrics` for each platform."""
    out = []
    for platform in platforms:
        for metric in metrics:
            for measure in book.measures(platform, metric):
                series = book.series(platform, measure, ALL_PERIODS)
                if series:
                    out.append(series[-1])
    return out


def by_metric_measure(figures: list[Figure], metrics: tuple[str, ...]) -> dict:
    """Figures grouped by measure, in metric order: each group may be compared within itself."""
    groups = by_measure(figures)
    return dict(sorted(groups.items(), key=lambda kv: metrics.index(kv[0].metric)))
