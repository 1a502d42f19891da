"""Scenario paths for the focus platform's GMV: a downside, a base and an upside path from the
latest current level of its headline series, each compounding only growth rates of the same
measure (metric, scope and definition) as that level — never another platform's rates, never a
rate of another scope or definition.

How the paths are drawn (the methodology names the assumptions): the upside holds the fastest
stated rate; the base starts at the latest stated rate and decelerates, halving every two years;
the downside starts at the slowest stated rate and halves every year. They are scenarios, not
forecasts. Without a current level, or with fewer than `needs.inputs` current rates of its own
measure, there are no scenarios, and a Gap says which is missing."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.analysis.evidence import Gap, Window
from reportgen.analysis.figures import Figure, FigureBook, weakest
from reportgen.analysis.scale import Series
from reportgen.sections import Needs

HORIZON_YEARS = 2  # paths run this many years past the starting level
# Each year's rate is the previous year's times this factor (1: held).
UPSIDE_DECAY = 1.0
BASE_DECAY = 0.5 ** 0.5  # halves every two years
DOWNSIDE_DECAY = 0.5  # halves every year
PATHS = (("downside", "slowest", DOWNSIDE_DECAY), ("base", "latest", BASE_DECAY), ("upside", "fastest", UPSIDE_DECAY))


@dataclass(frozen=True)
class Scenario:
    name: str  # downside | base | upside
    assumption: Figure  # the stated rate the path starts from
    rates: tuple[float, ...]  # the rate (%) applied in each year of the path
    path: tuple[tuple[int, float, float], ...]  # (year, low, high) in yuan
    start: Figure

    @property
    def bound(self) -> bool:
        """The starting rate is a bound ("more than 100%"), used at its stated value."""
        return self.assumption.qualifier in ("over", "under")

    @property
    def qualifier(self) -> str:
        """A hedged start ("about") keeps its hedge; a path from a "more than" rate is a floor."""
        return "approx" if self.start.qualifier == "approx" else ("over" if self.bound and self.name == "upside" else "")

    @property
    def basis(self) -> str:
        """A path is no firmer than its start and its rate (an estimate start makes an estimate)."""
        return weakest(self.start.basis, self.assumption.basis)


@dataclass(frozen=True)
class ScenarioSet:
    start: Figure
    horizon: int  # the last year of the paths
    pool: tuple[Figure, ...]  # the same-measure rates the paths are drawn from, oldest first
    scenarios: tuple[Scenario, ...]  # downside, base, upside


def scenario_pool(book: FigureBook, start: Figure, window: Window, needs: Needs) -> list[Figure]:
    """The focus platform's current annual growth rates of exactly its level's measure."""
    growth = start.measure.growth_measure()
    figs = [f for f in book.series(start.platform, growth, ("year",)) if window.admits(f, needs) and not f.is_range]
    return sorted(figs, key=lambda f: f.period_end)


def scenario_set(book: FigureBook, series: Series | None, window: Window, needs: Needs) -> tuple[ScenarioSet | None, Gap | None]:
    """The paths, or why there are none."""
    if series is None or series.latest.period_kind != "year" or not window.admits(series.latest, needs):
        latest = series.latest if series else None
        return None, Gap("scenarios", "no_level", {"newest": latest.period if latest else ""})
    start = series.latest
    pool = scenario_pool(book, start, window, needs)
    if len(pool) < needs.inputs:
        # Rates of the same scope under another definition are named: they are why none qualify.
        others = [f for (p, m, _), f in book.actual.items()
                  if p == start.platform and m.level_measure() is not None and m.level_measure().metric == start.measure.metric
                  and m.scope == start.measure.scope and m != start.measure.growth_measure() and window.admits(f, needs)]
        return None, Gap("scenarios", "too_few_rates", {"have": len(pool), "need": needs.inputs, "start": start,
                                                        "other_definitions": tuple(sorted({f.measure.definition for f in others}))})
    first = start.period_end.year
    picks = {"slowest": min(pool, key=lambda f: f.growth_pct()[0]), "latest": pool[-1],
             "fastest": max(pool, key=lambda f: f.growth_pct()[0])}
    out = []
    for name, pick, decay in PATHS:
        assumption = picks[pick]
        rate, rates, path = assumption.growth_pct()[0], [], []
        low, high = start.low, start.high
        for year in range(first + 1, first + HORIZON_YEARS + 1):
            rates.append(rate)
            low, high = low * (1 + rate / 100), high * (1 + rate / 100)
            path.append((year, low, high))
            rate *= decay
        out.append(Scenario(name, assumption, tuple(rates), tuple(path), start))
    return ScenarioSet(start, first + HORIZON_YEARS, tuple(pool), tuple(out)), None
