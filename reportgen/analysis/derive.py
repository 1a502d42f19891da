"""Derived figures: what may be computed from reported figures, and only from them.

Three derivations, each used only where no reported figure exists for the same measure and
period, each marked "derived" wherever it is shown and citing its inputs:
- a calendar year as the sum of its four reported quarters (flows only: GMV, revenue …; never
  users, which are averages);
- a year-on-year growth rate from two reported levels a year apart;
- a level from a reported level a year earlier and the reported growth since.
An input with a qualifier ("more than", "about") or a range is not exact enough to derive from.
Nothing is interpolated."""

from __future__ import annotations

import math
from dataclasses import replace

from reportgen.analysis.figures import Alternative, Figure, weakest_tier
from reportgen.analysis.figures import FigureBook
from reportgen.measures import METRICS, Measure
from reportgen.periods import Quarter, parse_period

FLOW_DIMENSIONS = ("money", "count")  # summable over time; users and rates are not


def exact_reported(fig: Figure | None) -> bool:
    """A company's figure (or one this brief derived from company figures) stated plainly: what a
    derivation may start from. A figure a source derived from others is not one."""
    return (fig is not None and fig.basis in ("reported", "derived") and fig.derivation != "by_source"
            and not fig.qualifier and not fig.is_range)


def link_source_derivations(book: FigureBook) -> None:
    """A figure a source derived from others names them (derived_from): attach those figures as
    its inputs (in place), so the brief shows what it was computed from."""
    by_key = book.by_key()
    for index, fig in list(book.actual.items()):
        if fig.derived_from:
            inputs = tuple(by_key[k] for k in fig.derived_from if k in by_key)
            book.actual[index] = replace(fig, inputs=inputs, derivation="by_source")


def derive_all(book: FigureBook) -> None:
    """Add every figure derivable from the book's reported figures (in place)."""
    link_source_derivations(book)
    for fig in list(book.actual.values()):
        spec = METRICS.get(fig.measure.metric)
        if spec is None or spec.growth_of:
            continue
        if fig.period_kind == "quarter" and spec.dimension in FLOW_DIMENSIONS:
            _add(book, sum_of_quarters(book, fig.platform, fig.measure, fig.period_end.year))
    for fig in list(book.actual.values()):
        spec = METRICS.get(fig.measure.metric)
        if spec is None or spec.growth_of or fig.period_kind not in ("year", "quarter", "half", "fiscal_year"):
            continue
        earlier = book.get(fig.platform, fig.measure, year_before(fig.period))
        growth_measure = _growth_measure(fig.measure)
        if growth_measure is not None:
            _add(book, growth_from_levels(earlier, fig, growth_measure))
            later_period = year_after(fig.period)
            growth = book.get(fig.platform, growth_measure, later_period) if later_period else None
            _add(book, level_from_growth(fig, growth))


def _growth_measure(measure: Measure) -> Measure | None:
    try:
        return measure.growth_measure()
    except StopIteration:
        return None


def _add(book: FigureBook, fig: Figure | None) -> None:
    # Derived figures fill gaps and outrank estimates; they never replace a reported figure.
    if fig is None:
        return
    current = book.get(fig.platform, fig.measure, fig.period)
    if current is not None and current.basis in ("reported", "derived"):
        return
    kept = ()
    if current is not None:  # an estimate for the same period stays beside it, as another source's value
        kept = (Alternative(current.low, current.high, current.qualifier, current.basis, current.sources,
                            current.digits, current.dimension),) + current.alternatives
    book.add(replace(fig, alternatives=fig.alternatives + kept))


def year_before(period: str) -> str:
    """'2025Q3' -> '2024Q3', '2024' -> '2023', 'FY2025' -> 'FY2024', '2024H1' -> '2023H1'."""
    if period.startswith("FY"):
        return f"FY{int(period[2:6]) - 1}"
    return f"{int(period[:4]) - 1}{period[4:]}"


def year_after(period: str) -> str | None:
    if not period[:4].isdigit() and not period.startswith("FY"):
        return None
    if period.startswith("FY"):
        return f"FY{int(period[2:6]) + 1}"
    return f"{int(period[:4]) + 1}{period[4:]}"


def _precision(fig: Figure) -> float:
    """The place value of the last significant digit the source gave (3,323亿 -> 1e8 yuan)."""
    return 10 ** (math.floor(math.log10(abs(fig.low))) - fig.digits + 1) if fig.low else 1.0


def _digits_at(value: float, precision: float) -> int:
    return max(1, math.floor(math.log10(abs(value))) - math.floor(math.log10(precision)) + 1) if value else 1


def sum_of_quarters(book: FigureBook, platform: str, measure: Measure, year: int) -> Figure | None:
    quarters = [book.get(platform, measure, str(Quarter(year, n))) for n in (1, 2, 3, 4)]
    if not all(exact_reported(q) for q in quarters):
        return None
    total = sum(q.low for q in quarters)
    precision = max(_precision(q) for q in quarters)
    period = parse_period(str(year))
    return Figure(
        platform=platform, measure=measure, period=str(year), period_start=period.start, period_end=period.end,
        period_kind="year", low=total, high=total, dimension=quarters[0].dimension, basis="derived", qualifier="",
        sources=tuple(dict.fromkeys(s for q in quarters for s in q.sources[:1])), digits=_digits_at(total, precision),
        published=max(q.published for q in quarters), tier=weakest_tier(quarters), inputs=tuple(quarters),
        derivation="sum_of_quarters",
    )


def growth_from_levels(before: Figure | None, after: Figure, growth_measure: Measure) -> Figure | None:
    if not (exact_reported(before) and exact_reported(after)) or not before.low:
        return None
    growth = (after.low / before.low - 1) * 100
    return Figure(
        platform=after.platform, measure=growth_measure, period=after.period, period_start=after.period_start,
        period_end=after.period_end, period_kind=after.period_kind, low=growth, high=growth, dimension="pct",
        basis="derived", qualifier="", sources=tuple(dict.fromkeys((after.sources[0], before.sources[0]))),
        digits=min(3, before.digits, after.digits), published=max(before.published, after.published),
        tier=weakest_tier((before, after)), inputs=(before, after), derivation="growth_from_levels",
    )


def level_from_growth(base: Figure, growth: Figure | None) -> Figure | None:
    if not (exact_reported(base) and exact_reported(growth)):
        return None
    rate = growth.growth_pct()[0]
    level = base.low * (1 + rate / 100)
    return Figure(
        platform=base.platform, measure=base.measure, period=growth.period, period_start=growth.period_start,
        period_end=growth.period_end, period_kind=growth.period_kind, low=level, high=level, dimension=base.dimension,
        basis="derived", qualifier="", sources=tuple(dict.fromkeys((base.sources[0], growth.sources[0]))),
        digits=min(base.digits, growth.digits), published=max(base.published, growth.published),
        tier=weakest_tier((base, growth)), inputs=(base, growth), derivation="level_from_growth",
    )
