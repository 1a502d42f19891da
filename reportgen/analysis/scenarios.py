"""Scenario paths for the focus platform's GMV: compound growth assumptions taken from the data,
starting from the latest actual level of its chosen series. The assumptions are the platform's
own current annual growth rates of the same metric and scope — never another platform's, which
measure something else. The slowest and the fastest make the low and high paths; a base path is
the middle rate when there are three or more (never an average of two). A scenario, not a
forecast: with no level to start from, or fewer than two current rates, there are no scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from reportgen.analysis.figures import Figure, weakest
from reportgen.analysis.scale import Series

MIN_ASSUMPTIONS = 2


@dataclass(frozen=True)
class Scenario:
    name: str  # low | base | high
    rate_pct: float
    assumption: Figure | None  # the growth figure the rate is taken from; None for the median
    path: tuple[tuple[int, float, float], ...]  # (year, low, high) in yuan
    start: Figure  # the level the path grows from

    @property
    def bound(self) -> bool:
        """The rate is a bound ("more than 100%"), used at its stated value."""
        return self.assumption is not None and self.assumption.qualifier in ("over", "under")

    @property
    def qualifier(self) -> str:
        """A path from a bound is a floor ("more than"); a hedged start ("about") keeps its hedge."""
        return "approx" if self.start.qualifier == "approx" else ("over" if self.bound else "")

    @property
    def basis(self) -> str:
        """A path is no firmer than its start and its assumption (an estimate start makes an estimate)."""
        return weakest(self.start.basis, self.assumption.basis)



@dataclass(frozen=True)
class ScenarioSet:
    start: Figure
    horizon: int
    pool: tuple[Figure, ...]  # the growth figures the assumptions are drawn from, slowest first
    scenarios: tuple[Scenario, ...]

    @property
    def basis(self) -> str:
        return weakest(self.start.basis, *(f.basis for f in self.pool))

    @property
    def growth_definitions_differing(self) -> list[str]:
        """GMV definitions of the assumptions that differ from the start's (WeChat Shop's growth
        is stated without a GMV definition, its level with one)."""
        return sorted({f.measure.definition for f in self.pool} - {self.start.measure.definition})


def scenario_pool(start_series: Series | None, growth: Series | None, is_current) -> list[Figure]:
    """The focus platform's current annual growth figures of its level's metric and scope."""
    if start_series is None or growth is None:
        return []
    level = start_series.measure
    figs = [f for f in growth.figures if f.period_kind == "year" and is_current(f) and not f.is_range
            and f.measure.level_measure() is not None and f.measure.level_measure().metric == level.metric
            and f.measure.scope == level.scope]
    return sorted(figs, key=lambda f: f.growth_pct()[0])


def scenario_set(start_series: Series | None, pool: list[Figure], horizon: int) -> ScenarioSet | None:
    if start_series is None or len(pool) < MIN_ASSUMPTIONS:
        return None
    start = start_series.latest
    year = start.period_end.year
    if year >= horizon or start.period_kind != "year":
        return None
    rates = [(f.growth_pct()[0], f) for f in pool]
    picks = [("low", *rates[0])]
    if len(rates) >= 3:
        middle = rates[len(rates) // 2] if len(rates) % 2 else None
        if middle is not None:
            picks.append(("base", *middle))
    picks.append(("high", *rates[-1]))
    out = []
    for name, rate, assumption in picks:
        path, low, high = [], start.low, start.high
        for y in range(year + 1, horizon + 1):
            low, high = low * (1 + rate / 100), high * (1 + rate / 100)
            path.append((y, low, high))
        out.append(Scenario(name, rate, assumption, tuple(path), start))
    return ScenarioSet(start, horizon, tuple(pool), tuple(out))
