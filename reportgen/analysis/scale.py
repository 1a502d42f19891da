"""Scale and growth: each platform's headline series, its growth, the latest reported quarters,
and the comparisons across platforms that the measure model allows.

A platform's headline series is one measure: the measure of its metric whose latest actual
figure is the newest (ties: the longer series, then the broader scope). Its other measures
(Douyin's content-only GMV, Alibaba's group-wide GMV …) stay in the data and the chart-data files, and
never join its series."""

from __future__ import annotations

from dataclasses import dataclass
from reportgen.analysis.figures import ACTUAL, Figure, weakest
from reportgen.analysis.figures import FigureBook
from reportgen.measures import SCOPE_CLASS, Measure, by_measure, is_wider_scope, measure_sort_key, same_measure

ANNUAL = ("year", "fiscal_year")
# Quarterly figures a company reports about its scale: GMV, or the revenue lines it discloses
# instead (Alibaba's customer management revenue, PDD's revenues). Each is its own measure.
QUARTERLY_LEVELS = ("gmv", "cmr", "revenue", "transaction_services_revenue", "online_marketing_revenue")
# The latest company-reported scale figure a scoreboard shows, in order of preference.
REPORTED_SCALE = ("gmv", "cmr", "revenue", "gmv_yoy", "cmr_yoy", "revenue_yoy")
# A paying-member count (88VIP) is a subset of the users, not the platform's users: not in the column.
USER_METRICS = ("mau", "dau", "annual_active_buyers")


@dataclass(frozen=True)
class Series:
    platform: str
    measure: Measure
    figures: tuple[Figure, ...]  # oldest first

    @property
    def latest(self) -> Figure:
        return self.figures[-1]

    def at(self, period: str) -> Figure | None:
        return next((f for f in self.figures if f.period == period), None)


@dataclass(frozen=True)
class Comparison:
    """A share or a multiple computed from figures of one measure and period."""

    kind: str  # share | multiple
    platform: str
    against: str  # "total" for a share, else the platform compared with
    period: str
    low: float
    high: float
    basis: str
    qualifier: str
    inputs: tuple[Figure, ...]

    @property
    def measure(self) -> Measure:
        return self.inputs[0].measure

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.platform}|{self.against}|{self.measure.key}|{self.period}"

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for f in self.inputs for s in f.sources[:1]))


def _preferred(book: FigureBook, platform: str, measures, kinds: tuple[str, ...]) -> Series | None:
    candidates = [Series(platform, m, tuple(book.series(platform, m, kinds))) for m in measures]
    candidates = [s for s in candidates if s.figures]
    if not candidates:
        return None
    # The platform itself before one of its channels or its whole group; then the newest
    # figure; then the longer series; then the scope order.
    return min(candidates, key=lambda s: (SCOPE_CLASS.get(s.measure.scope, 3), -s.latest.period_end.toordinal(),
                                          -len(s.figures), measure_sort_key(s.measure)))


def headline_series(book: FigureBook, platform: str, metric: str, kinds: tuple[str, ...] = ANNUAL) -> Series | None:
    return _preferred(book, platform, book.measures(platform, metric), kinds)


def own_series(book: FigureBook, platform: str, metric: str, kinds: tuple[str, ...] = ANNUAL) -> list[Series]:
    """When the platform's headline series is a wider scope (WeChat Shop for Channels), its
    series of its own scopes (Channels as a whole, its live commerce), preferred first; else
    none: a headline of the platform's own scope needs nothing beside it."""
    headline = headline_series(book, platform, metric, kinds)
    if headline is None or not is_wider_scope(platform, headline.measure.scope):
        return []
    own = [m for m in book.measures(platform, metric) if not is_wider_scope(platform, m.scope)]
    found = []
    while own:
        best = _preferred(book, platform, own, kinds)
        if best is None:
            break
        found.append(best)
        own.remove(best.measure)
    return found


def annual_gmv(book: FigureBook, platforms: list[str]) -> list[Series]:
    return [s for p in platforms if (s := headline_series(book, p, "gmv")) is not None]


def growth_series(book: FigureBook, levels: list[Series], kinds: tuple[str, ...] = ANNUAL) -> list[Series]:
    """For each level series, the growth figures of the same measure (stated or derived)."""
    out = []
    for s in levels:
        figs = tuple(book.series(s.platform, s.measure.growth_measure(), kinds))
        if figs:
            out.append(Series(s.platform, s.measure.growth_measure(), figs))
    return out


def latest_growth(book: FigureBook, platform: str, metric: str = "gmv") -> Series | None:
    """A platform's growth series of its headline measure, or — where it states growth of a
    measure it gives no level for (WeChat Shop's GMV growth) — its headline growth series."""
    level = headline_series(book, platform, metric)
    if level is not None:
        figs = book.series(platform, level.measure.growth_measure())
        if figs:
            return Series(platform, level.measure.growth_measure(), tuple(figs))
    return headline_series(book, platform, f"{metric}_yoy")


def newer_growth_windows(book: FigureBook, platform: str, annual: Figure) -> list[Figure]:
    """A platform's growth figures of the same metric and scope (any definition) for windows
    other than a year or a quarter that end after its latest annual growth figure: newer, on
    other windows (Douyin's twelve months to July; its January to October)."""
    level = annual.measure.level_measure()
    found = [f for (p, m, _), f in book.actual.items()
             if p == platform and m.level_measure() is not None and m.level_measure().metric == level.metric
             and m.scope == annual.measure.scope and f.period_kind == "span" and f.period_end
             and f.period_end > annual.period_end]
    return sorted(found, key=lambda f: (f.period_end, f.period, f.measure.key))


@dataclass(frozen=True)
class QuarterlySeries:
    level: Series  # the quarters with a reported level (may be few: Alibaba reports CMR growth more often)
    growth: dict[str, Figure]  # period -> growth figure of the same measure
    quarters: tuple[str, ...]  # every quarter from the first to the last with a level or a growth figure

    @property
    def latest_period(self) -> str:
        return self.quarters[-1]


def quarterly_reported(book: FigureBook, platforms: list[str], last: int = 8) -> list[QuarterlySeries]:
    """Each platform's company-reported quarterly figures, one series per measure, over its
    latest `last` quarters: the levels, and the growth of each quarter where stated or derived
    (a quarter may have growth without a level)."""
    from reportgen.periods import Quarter

    out = []
    for platform in platforms:
        for metric in QUARTERLY_LEVELS:
            measures = set(book.measures(platform, metric))
            measures |= {m.level_measure() for m in book.measures(platform, f"{metric}_yoy")}
            for measure in sorted(measures, key=measure_sort_key):
                reported = lambda f: f.basis in ("reported", "derived")  # noqa: E731
                levels = [f for f in book.series(platform, measure, ("quarter",)) if reported(f)]
                growths = [f for f in book.series(platform, measure.growth_measure(), ("quarter",)) if reported(f)]
                periods = sorted({f.period for f in levels + growths}, key=Quarter.parse)
                if len(periods) < 2:
                    continue
                span = [str(q) for q in Quarter.span(Quarter.parse(periods[0]), Quarter.parse(periods[-1]))][-last:]
                out.append(QuarterlySeries(Series(platform, measure, tuple(f for f in levels if f.period in span)),
                                           {f.period: f for f in growths if f.period in span}, tuple(span)))
    return out


def latest_reported(book: FigureBook, platform: str) -> tuple[Figure, Figure | None] | None:
    """The newest company-reported scale figure (a level, with its growth where stated), by the
    preference order of REPORTED_SCALE among the figures of the newest period."""
    found = [f for (p, m, _), f in book.actual.items()
             if p == platform and m.metric in REPORTED_SCALE and f.basis in ("reported", "derived")]
    if not found:
        return None
    newest = max(f.period_end for f in found)
    latest = [f for f in found if f.period_end == newest]
    lead = min(latest, key=lambda f: (REPORTED_SCALE.index(f.measure.metric), measure_sort_key(f.measure)))
    growth = None
    if lead.measure.level_measure() is None:
        g = book.get(platform, lead.measure.growth_measure(), lead.period)
        growth = g if g is not None and g.basis in ("reported", "derived") else None
    return lead, growth


def latest_users(book: FigureBook, platform: str) -> Figure | None:
    """The platform's latest user count: the platform itself before its owner's group (a
    group-wide count of all its apps is not the platform's users), then MAU before DAU before
    buyers, then the newest."""
    kinds = ("year", "fiscal_year", "half", "quarter", "month", "day", "span")
    found = [s for m in USER_METRICS if (s := headline_series(book, platform, m, kinds)) is not None]
    if not found:
        return None
    best = min(found, key=lambda s: (SCOPE_CLASS.get(s.measure.scope, 3), USER_METRICS.index(s.measure.metric),
                                     -s.latest.period_end.toordinal()))
    return best.latest


# --- comparisons across platforms ------------------------------------------------------------

def comparable_years(series: list[Series]) -> dict[Measure, dict[str, list[Figure]]]:
    """For each measure, the periods two or more platforms have an actual figure of it."""
    out: dict[Measure, dict[str, list[Figure]]] = {}
    for measure, group in by_measure(series).items():
        periods: dict[str, list[Figure]] = {}
        for s in group:
            for f in s.figures:
                if f.basis in ACTUAL:
                    periods.setdefault(f.period, []).append(f)
        kept = {p: figs for p, figs in periods.items() if len(figs) >= 2}
        if kept:
            out[measure] = dict(sorted(kept.items(), key=lambda kv: kv[1][0].period_end))
    return out


def _comparable_inputs(figs: list[Figure]) -> bool:
    # "More than X" or "under X" is a bound, not a value: no share or multiple is computed from it.
    return all(f.qualifier in ("", "approx") for f in figs)


def shares_of_total(series: list[Series], platforms: list[str]) -> list[Comparison]:
    """Each platform's share of all platforms' combined GMV, only for periods in which every
    platform has an actual figure of the same measure (a missing platform would overstate the
    rest; a platform on another measure cannot be added in)."""
    out = []
    for measure, periods in comparable_years(series).items():
        for period, figs in periods.items():
            if {f.platform for f in figs} != set(platforms) or not _comparable_inputs(figs):
                continue
            same_measure(figs)
            low_total, high_total = sum(f.low for f in figs), sum(f.high for f in figs)
            for f in figs:
                others_low, others_high = low_total - f.low, high_total - f.high
                out.append(Comparison(
                    "share", f.platform, "total", period,
                    low=f.low / (f.low + others_high) * 100, high=f.high / (f.high + others_low) * 100,
                    basis=weakest(*(x.basis for x in figs)),
                    qualifier="approx" if any(x.qualifier for x in figs) else "", inputs=tuple(figs)))
    return out


def multiples(series: list[Series], focus: str) -> list[Comparison]:
    """Each platform's figure as a multiple of `focus`'s, for the latest period in which
    `focus` and at least one other platform have an actual figure of the same measure."""
    candidates = []
    for measure, periods in comparable_years(series).items():
        for period, figs in periods.items():
            mine = [f for f in figs if f.platform == focus]
            if mine and _comparable_inputs(figs):
                candidates.append((mine[0].period_end, period, figs, mine[0]))
    if not candidates:
        return []
    _, period, figs, base = max(candidates, key=lambda c: c[0])
    same_measure(figs)
    return [multiple_of(f, base) for f in figs if f.platform != focus]


def multiple_of(fig: Figure, base: Figure) -> Comparison:
    """`fig` as a multiple of `base` (same measure and period): a range spans the extremes, and
    a hedged input makes the multiple approximate."""
    same_measure([fig, base])
    return Comparison("multiple", fig.platform, base.platform, fig.period, fig.low / base.high, fig.high / base.low,
                      weakest(fig.basis, base.basis), "approx" if (fig.qualifier or base.qualifier) else "", (fig, base))


def multiple_between(series: list[Series], platform: str, base: str, period: str) -> Comparison | None:
    """`platform`'s figure as a multiple of `base`'s for `period`, where both have an actual
    figure of the same measure that is a value, not a bound; else None."""
    for periods in comparable_years(series).values():
        figs = {f.platform: f for f in periods.get(period, [])}
        if platform in figs and base in figs and _comparable_inputs([figs[platform], figs[base]]):
            return multiple_of(figs[platform], figs[base])
    return None


def ranking(series: list[Series]) -> list[tuple[Measure, str, list[Figure]]]:
    """For each measure, its latest period with two or more platforms: the figures, largest first."""
    out = []
    for measure, periods in comparable_years(series).items():
        period, figs = list(periods.items())[-1]
        out.append((measure, period, sorted(figs, key=lambda f: -f.low)))
    return out


TRACK_QUARTERS = 4  # momentum describes growth over the latest four quarters
MIN_TRACK = 3  # quarters of growth needed before a range over them is stated


@dataclass(frozen=True)
class Momentum:
    """A platform's newest company-reported quarter: a level with its reported growth, or the
    growth alone where the company reports no level (Alibaba's CMR), with the growth over the
    latest quarters of the same measure."""

    platform: str
    figure: Figure  # the quarter's reported figure: a level, or a growth rate
    level_measure: Measure  # what the quarter measures (for a growth figure, what it is the growth of)
    growth: Figure | None  # the reported growth beside a level
    track: tuple[Figure, ...]  # growth in each of the latest TRACK_QUARTERS quarters on record

    @property
    def growth_only(self) -> bool:
        return self.figure.measure.level_measure() is not None

    @property
    def has_track(self) -> bool:
        return len(self.track) >= MIN_TRACK

    @property
    def slowest(self) -> Figure:
        return min(self.track, key=lambda g: g.low) if self.track else self.figure

    @property
    def fastest(self) -> Figure:
        return max(self.track, key=lambda g: g.low) if self.track else self.figure


def momentum(reported: list[tuple[str, Figure | None, Figure | None]], quarterly: list[QuarterlySeries],
             is_current) -> list[Momentum]:
    """Momentum for each (platform, latest reported figure, its reported growth) whose figure is
    a current quarter's level or non-GMV growth (GMV growth is the growth findings' subject)."""
    out = []
    for platform, f, growth in reported:
        if f is None or f.period_kind != "quarter" or not is_current(f) or f.measure.metric == "gmv_yoy":
            continue
        level_measure = f.measure.level_measure() or f.measure
        q = next((q for q in quarterly if q.level.platform == platform and q.level.measure == level_measure), None)
        track = tuple(q.growth[p] for p in q.quarters[-TRACK_QUARTERS:] if p in q.growth) if q else ()
        out.append(Momentum(platform, f, level_measure, growth, track))
    return out
