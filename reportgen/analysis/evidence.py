"""Evidence before conclusions: what the brief may show, and what it cannot show yet.

Every exhibit, finding, verdict and scenario declares what it needs (sections.Needs): platforms
on one measure, how old its newest input may be before the brief's data date, the weakest source
it may rest on. The analysis computes each exhibit from current, comparable figures only; an
exhibit whose evidence is not there is not printed anywhere (PDF, HTML, chart export), and a Gap
says in the caveats what is missing and what would close it.

Also here: scope containment. A narrower scope's figure (live commerce, shelf, Channels inside
WeChat Shop) larger than its wider scope's for the same platform, metric and period is a
conflict the brief states beside both figures, and `validate` reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportgen.analysis.figures import ACTUAL, TIER_RANK, Figure, FigureBook, old_before, provenance_rank
from reportgen.measures import METRICS, scopes_inside
from reportgen.sections import WINDOW_YEARS, Needs


@dataclass(frozen=True)
class Window:
    """The evidence window of a brief: figures whose period ended on or after `start` are current."""

    data_date: date  # the newest publication among the brief's sources
    years: int = WINDOW_YEARS

    @property
    def start(self) -> date:
        return old_before(self.data_date, self.years)

    def current(self, fig: Figure) -> bool:
        end = fig.period_end or fig.published  # an undated figure is at least as old as its source
        return end is not None and end >= self.start

    def admits(self, fig: Figure, needs: Needs) -> bool:
        """A figure an exhibit with `needs` may rest on: current in its window and from a source
        no weaker than it allows."""
        window = self if needs.window_years == self.years else Window(self.data_date, needs.window_years)
        return window.current(fig) and TIER_RANK.get(fig.tier, len(TIER_RANK)) <= TIER_RANK[needs.weakest_tier]


@dataclass(frozen=True)
class Gap:
    """An exhibit, verdict or scenario the brief does not show, and why (catalogue
    gap.reason.<reason>, filled with `values`; platforms are keys, periods and measures raw)."""

    exhibit: str
    reason: str
    values: dict = field(default_factory=dict)


def newest(figs) -> Figure | None:
    """The figure whose period ends last (what "the newest on record" names)."""
    dated = [f for f in figs if f.period_end is not None]
    return max(dated, key=lambda f: (f.period_end, f.period)) if dated else None


def none_current(exhibit: str, figs) -> Gap:
    """The gap of an exhibit with figures on record but none current: names the newest period."""
    last = newest(figs)
    return Gap(exhibit, "old_only", {"newest": last.period}) if last else Gap(exhibit, "none", {})


# --- scope containment --------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """A narrower scope's figure larger than a wider scope's, same platform, metric and period."""

    inner: Figure
    outer: Figure


def scope_conflicts(book: FigureBook) -> list[Conflict]:
    """Every pair of chosen actual figures where a part (live commerce, shelf, Channels inside
    WeChat Shop) is stated larger than its whole, for the same platform, metric and period.
    Levels only (growth rates of a part may well exceed the whole's)."""
    by_period: dict[tuple, list[Figure]] = {}
    for (platform, measure, period), fig in book.actual.items():
        spec = METRICS.get(measure.metric)
        if spec is not None and spec.dimension in ("money", "count", "persons") and fig.basis in ACTUAL:
            by_period.setdefault((platform, measure.metric, period), []).append(fig)
    out = []
    for (platform, _, _), figs in sorted(by_period.items(), key=lambda kv: kv[0]):
        for outer in figs:
            for inner in figs:
                if inner.measure.scope in scopes_inside(platform, outer.measure.scope) and inner.low > outer.high:
                    out.append(Conflict(inner, outer))
    return out


# --- one figure, one window -----------------------------------------------------------------------

@dataclass(frozen=True)
class TwoWindows:
    """One growth figure (same platform, metric, scope, value and hedge) stated for two different,
    overlapping windows: `kept` is the one the brief shows (the source closer to the origin, then
    the newer), `dropped` is left out of the analysis."""

    kept: Figure
    dropped: Figure


def _overlap(a: Figure, b: Figure) -> bool:
    return (a.period_start is not None and b.period_start is not None
            and a.period_start <= b.period_end and b.period_start <= a.period_end)


def one_window(book: FigureBook) -> list[TwoWindows]:
    """Find every growth figure stated with two overlapping windows and keep one of them in the
    book (in place): a figure has one window, everywhere in the brief."""
    groups: dict[tuple, list[Figure]] = {}
    for (platform, measure, _), fig in book.actual.items():
        spec = METRICS.get(measure.metric)
        if spec is not None and spec.dimension == "growth" and fig.period_kind == "span":
            groups.setdefault((platform, measure.metric, measure.scope, fig.low, fig.high, fig.qualifier), []).append(fig)
    found = []
    for figs in groups.values():
        figs = sorted(figs, key=lambda f: (provenance_rank(f.tier), -(f.published or date.min).toordinal(), f.period))
        for dropped in figs[1:]:
            if _overlap(figs[0], dropped):
                found.append(TwoWindows(figs[0], dropped))
                book.actual.pop((dropped.platform, dropped.measure, dropped.period), None)
    return found
