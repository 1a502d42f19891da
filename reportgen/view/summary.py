"""The two-page summary edition: which charts it shows and how the summary's references number
them. Everything else it prints (the written summary, the scoreboard, the footnotes) is the full
brief's own view-model, so the two editions cannot disagree on a figure."""

from __future__ import annotations

from dataclasses import replace

from reportgen.charts.build import BriefChart
from reportgen.commentary import Resolved
from reportgen.sections import SUMMARY, SUMMARY_PARTS

SUMMARY_CHARTS = 3  # at most, unless the summary itself refers to more


def _summary_targets(resolved: Resolved | None) -> list:
    """What the references of the summary's parts (its lead, what changed, for brands, to watch)
    resolved to; section comments are not part of the summary."""
    if resolved is None:
        return []
    lines = {n for key in (SUMMARY, *SUMMARY_PARTS) for n, _ in resolved.commentary.parts.get(key, [])}
    return [t for ref, t in resolved.targets.items() if ref.line in lines]


def cited_figures(resolved: Resolved | None) -> frozenset[str]:
    """The keys of the figures the summary cites, and of those its comparisons rest on."""
    keys = set()
    for t in _summary_targets(resolved):
        if t.figure is not None:
            keys.add(t.figure.key)
        if t.comparison is not None:
            keys.update(f.key for f in t.comparison.inputs)
    return frozenset(keys)


def summary_chart_keys(charts: list[BriefChart], resolved: Resolved | None) -> list[str]:
    """The charts the executive summary cites, in the brief's order: those it refers to by
    {chart …}, then, up to SUMMARY_CHARTS, those showing most of the figures it cites."""
    targets = _summary_targets(resolved)
    named = {t.chart for t in targets if t.chart}
    cited = cited_figures(resolved)

    def shown_keys(chart: BriefChart) -> set[str]:
        return {cell.key for row in chart.rows for cell in row if hasattr(cell, "key")}

    by_figures = sorted((c for c in charts if c.key not in named and shown_keys(c) & cited),
                        key=lambda c: -len(shown_keys(c) & cited))  # stable: ties keep the brief's order
    chosen = {c.key for c in charts if c.key in named}
    for chart in by_figures:
        if len(chosen) >= SUMMARY_CHARTS:
            break
        chosen.add(chart.key)
    return [c.key for c in charts if c.key in chosen]


def renumbered(resolved: Resolved | None, charts: list[BriefChart]) -> Resolved | None:
    """The commentary with each chart reference numbered as the summary edition shows its charts."""
    if resolved is None:
        return None
    numbers = {c.key: n for n, c in enumerate(charts, start=1)}
    return Resolved(resolved.commentary, {ref: replace(t, chart_number=numbers.get(t.chart, t.chart_number)) if t.chart else t
                                          for ref, t in resolved.targets.items()})
