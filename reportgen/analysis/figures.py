"""A figure as the brief states it: one chosen value (or the range one source states) of one
measure, for one platform and period, with its basis, qualifier and sources, the inputs it was
derived from (if derived), and the other sources' values kept as alternatives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportgen.measures import Measure, measure_sort_key
from reportgen.vocabulary import TIERS

# The order the brief prefers figures in: a company's own figure first, then one reportgen
# derived from company figures, then a third party's estimate; forecasts and targets are
# never used where an actual figure is wanted.
BASIS_RANK = {"reported": 0, "derived": 1, "estimate": 2, "forecast": 3, "consensus": 3, "target": 3, "unconfirmed_target": 3}
ACTUAL = ("reported", "derived", "estimate")
PLANS = ("forecast", "consensus", "target", "unconfirmed_target")
# Among sources of the same basis: the company's own release before press, press before copies.
TIER_RANK = {**{tier: rank for rank, tier in enumerate(TIERS)}, "": len(TIERS)}
COMPANY_TEXT_RANK = TIER_RANK["company_release"]  # the company's own words, if not on its own host


def weakest_tier(figures) -> str:
    """The tier of the weakest source among `figures` (a derived figure is only as close to its
    origin as its weakest input)."""
    return max((f.tier for f in figures), key=provenance_rank)


def provenance_rank(tier: str) -> int:
    """How close a source is to the figure's origin: the company's own release on its own host
    first; a verbatim copy of its release next (it carries the exact figure a press report may
    round); then the press, other copies and machine summaries."""
    return TIER_RANK.get(tier or "", len(TIERS))


@dataclass(frozen=True)
class Alternative:
    """Another source's value for the same measure and period, kept for the footnote."""

    low: float
    high: float
    qualifier: str
    basis: str
    sources: tuple[str, ...]
    digits: int
    dimension: str


@dataclass(frozen=True)
class Figure:
    platform: str
    measure: Measure
    period: str
    period_start: date | None
    period_end: date | None
    period_kind: str  # year | fiscal_year | half | quarter | month | day | span
    low: float  # in the dimension's base unit (yuan, persons, percent, ratio)
    high: float
    dimension: str  # money | persons | count | pct | ratio
    basis: str  # reported | derived | estimate | forecast | target
    qualifier: str  # "" | approx | over | under: the source's own hedging
    sources: tuple[str, ...]  # the chosen source first, then sources that state the same value
    digits: int  # significant digits the source gave; formatting never shows more
    published: date | None = None  # when the chosen source was published
    tier: str = ""
    inputs: tuple["Figure", ...] = ()  # a derived figure's inputs
    derivation: str = ""  # sum_of_quarters | growth_from_levels | level_from_growth
    alternatives: tuple[Alternative, ...] = field(default_factory=tuple)
    subject: str = ""  # what the figure is of, beyond its measure: a bucket, a category, a programme
    stated_ratio: bool = False  # growth the source wrote as a multiple ("1.92倍"): shown that way
    derived_from: tuple[str, ...] = ()  # a figure the source derived: the keys of its inputs (metrics.derived_from)

    @property
    def key(self) -> str:
        """How the brief, its tests and the commentary refer to this figure; a forecast or target
        says so in its key, so it can never be taken for the actual figure of its period."""
        subject = f"{self.subject}|" if self.subject else ""
        key = f"{self.platform}|{self.measure.key}|{subject}{self.period}"
        return f"{key}|{self.basis}" if self.basis in PLANS else key

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def lead_source(self) -> str:
        return self.sources[0] if self.sources else ""

    def growth_pct(self) -> tuple[float, float]:
        """A growth figure as percent: '1.92倍' (ratio 1.92) is +92%."""
        if self.dimension == "ratio":
            return (self.low - 1) * 100, (self.high - 1) * 100
        return self.low, self.high


def agree_when_rounded(values: list[float], digits: int) -> bool:
    """1.18万亿 and 11,844亿 are one figure at two precisions, not a disagreement."""
    return len({float(f"{v:.{digits}g}") for v in values}) == 1


def weakest(*bases: str) -> str:
    return max(bases, key=BASIS_RANK.__getitem__)


OLD_AFTER_YEARS = 2  # a figure whose period ended more than two years before the brief's quarter is old


def old_before(as_of: date, years: int = OLD_AFTER_YEARS) -> date:
    """The date before which a period's end makes a figure old for a brief as of `as_of`."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - years, day=28)


def is_old(fig: Figure, as_of: date, years: int = OLD_AFTER_YEARS) -> bool:
    """A figure whose period ended more than `years` before `as_of` (the end of the brief's
    quarter) is marked as old wherever it is shown."""
    end = fig.period_end or fig.published  # an undated figure is at least as old as its source
    if end is None:
        return False
    return end < old_before(as_of, years)


FigureIndex = tuple[str, Measure, str]  # platform, measure, period


@dataclass
class FigureBook:
    """Every chosen figure of a quarter's data, by platform, measure and period."""

    actual: dict[FigureIndex, Figure] = field(default_factory=dict)  # reported, derived or estimate
    plans: dict[FigureIndex, Figure] = field(default_factory=dict)  # forecasts and targets

    def get(self, platform: str, measure: Measure, period: str) -> Figure | None:
        return self.actual.get((platform, measure, period))

    def by_key(self) -> dict[str, Figure]:
        return {f.key: f for f in (*self.actual.values(), *self.plans.values())}

    def measures(self, platform: str, metric: str) -> list[Measure]:
        found = {m for p, m, _ in self.actual if p == platform and m.metric == metric}
        return sorted(found, key=measure_sort_key)

    def series(self, platform: str, measure: Measure, kinds: tuple[str, ...] = ("year", "fiscal_year")) -> list[Figure]:
        """The platform's chosen figures of one measure, oldest first, for periods of `kinds`."""
        figs = [f for (p, m, _), f in self.actual.items() if p == platform and m == measure and f.period_kind in kinds]
        return sorted(figs, key=lambda f: (f.period_end, f.period))

    def resting_on(self, weakest_tier: str) -> "FigureBook":
        """The book without the figures whose source is weaker than `weakest_tier`."""
        limit = provenance_rank(weakest_tier)
        return FigureBook({k: f for k, f in self.actual.items() if provenance_rank(f.tier) <= limit},
                          {k: f for k, f in self.plans.items() if provenance_rank(f.tier) <= limit})

    def add(self, fig: Figure) -> None:
        book = self.plans if fig.basis in PLANS else self.actual
        book[(fig.platform, fig.measure, fig.period)] = fig
