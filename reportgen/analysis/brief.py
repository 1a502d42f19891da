"""The language-free analysis of a quarter's data: everything a brief computes before any
sentence, table or chart is written (the "analyse" stage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from reportgen import sections
from reportgen.analysis import (audience, categories, economics, events, market, merchant_fit, quality, results, scale,
                                scenarios, subsidies)
from reportgen.analysis.changes import Changes, compare
from reportgen.analysis.evidence import Conflict, Gap, TwoWindows, Window, none_current, one_window, scope_conflicts
from reportgen.analysis.figures import PLANS, Figure, FigureBook
from reportgen.analysis.select import build_book
from reportgen.data import Dataset
from reportgen.data.registry import FAMILIES
from reportgen.periods import Quarter

# The brief's platforms by role (platforms.csv): the focus and its rivals, and reference platforms
# shown in the scoreboard, the charts and the market context but kept out of the focus narrative.
CHARTED_ROLES = ("focus", "rival", "reference")


@dataclass(frozen=True)
class ScoreRow:
    platform: str
    gmv: Figure | None  # the latest annual GMV of the headline series
    growth: Figure | None  # the latest annual GMV growth of the platform's growth series
    reported: Figure | None  # the latest company-reported scale figure (GMV, or a disclosed proxy)
    reported_growth: Figure | None
    users: Figure | None
    # Per column, the period of a newer figure than the one shown that rests on a source weaker
    # than the scoreboard admits (a copy or a machine summary): said beside the cell.
    newer_on_weaker: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Analysis:
    quarter: Quarter
    as_of: date  # the brief's data date (its newest source's publication): what "old" is measured against
    data_through: date
    window: Window  # the evidence window: figures of periods that ended since window.start are current
    platforms: list[str]  # every platform the brief shows, in the brief's order
    focus: str
    rivals: list[str]  # the platforms the focus narrative compares it with
    book: FigureBook
    gmv: list[scale.Series]
    growth: list[scale.Series]
    # The focus platform's own-scope series where its headline is a wider scope (WeChat Shop):
    # shown beside it, never ranked or summed with the rivals.
    focus_own_gmv: list[scale.Series]
    focus_own_growth: list[scale.Series]
    quarterly: list[scale.QuarterlySeries]
    momentum: list[scale.Momentum]
    shares: list[scale.Comparison]
    multiples: list[scale.Comparison]
    rankings: list
    scoreboard: list[ScoreRow]
    plans: list[Figure]  # targets, forecasts and consensus for current periods, each beside its outcome
    programmes: list[subsidies.Programme]
    distributions: dict[str, list[audience.Distribution]]
    audience_groups: dict[str, list[list[audience.Distribution]]]
    skews: list[audience.Skew]
    category_mixes: list[categories.CategoryMix]
    # The latest figure of each measure of every family charted one panel per measure
    # (registry.Family.chart), by family: unit economics.
    family_figures: dict[str, list[Figure]]
    verdicts: list[merchant_fit.Verdict]
    tallies: list[events.Tally]
    scenarios: scenarios.ScenarioSet | None
    market: market.Market
    coverage: list[results.Coverage]  # per platform: the results included, the next announced, the awaited
    conflicts: list[Conflict]  # parts stated larger than their whole (stated beside both)
    two_windows: list[TwoWindows]  # growth figures stated for two windows: the one kept, the one left out
    claims: pd.DataFrame
    changes: Changes | None  # against the previous quarter's brief; None for the first quarter
    previous_quarter: Quarter | None
    quality: quality.Quality  # the data's own limits, for the caveats
    figures: dict[str, Figure]  # every figure the brief can show, by key
    gaps: list[Gap]  # what the brief cannot show yet, in the sections' order

    @property
    def hidden(self) -> frozenset[str]:
        """Exhibits (and the scenarios) the evidence does not carry: the brief prints none of them."""
        return frozenset(g.exhibit for g in self.gaps)

    def shows(self, exhibit: str) -> bool:
        return exhibit not in self.hidden

    def charts(self) -> list[str]:
        """The charts the brief shows, in order: "Figure n" counts these."""
        return [key for key in sections.chart_keys() if self.shows(key)]


def figures_of(book: FigureBook, programmes, distributions, mixes, tallies) -> dict[str, Figure]:
    """Every chosen figure of a brief, by key: the figure book, programme amounts, distribution
    and category shares, festival tallies."""
    figures = dict(book.by_key())
    figures.update((f.key, f) for p in programmes for f in p.amounts)
    figures.update((f.key, f) for dists in distributions.values() for d in dists for f in d.shares)
    figures.update((f.key, f) for mix in mixes for f in mix.shares)
    figures.update((f.key, f) for t in tallies for f in (t.value, t.growth) if f is not None)
    return figures


def brief_figures(data: Dataset) -> dict[str, Figure]:
    """The figures a brief on `data` shows (for comparing two quarters' briefs)."""
    return figures_of(build_book(data.metrics), subsidies.programmes(data.subsidies),
                      {d: audience.distributions(data.demographics, data.schemes, d) for d in audience.DIMENSIONS},
                      categories.category_mixes(data.category_share), events.tallies(data.events))


def analyse(data: Dataset, quarter: Quarter, previous: Dataset | None = None) -> Analysis:
    """Everything a brief computes, independent of language, from current, comparable evidence
    only. `previous` is the data as the previous quarter's brief saw it, for "what's new"."""
    roles = dict(zip(data.platforms["platform"], data.platforms["role"]))
    platforms = [p for p, role in roles.items() if role in CHARTED_ROLES]
    focus, rivals = data.focus, [p for p, role in roles.items() if role == "rival"]
    book = build_book(data.metrics)
    two_windows = one_window(book)  # one figure, one window: a duplicate on another window is left out
    as_of = max(data.sources["published_date"])
    window = Window(as_of)
    needs = {key: e.needs for key, e in sections.exhibits().items()}
    current = window.current
    gmv = scale.annual_gmv(book, platforms)
    growth = [g for p in platforms if (g := scale.latest_growth(book, p)) is not None]
    board = scoreboard(book, platforms, needs["scoreboard"].weakest_tier)
    reported_latest = {p: scale.latest_reported(book, p) for p in platforms}  # on any source, for the findings
    focus_series = next((s for s in gmv if s.platform == focus), None)
    scenario_set, scenario_gap = scenarios.scenario_set(book, focus_series, window, needs["scenarios"])
    distributions = {d: audience.distributions(data.demographics, data.schemes, d) for d in audience.DIMENSIONS}
    groups = {d: audience.comparable_groups(v) for d, v in distributions.items()}
    current_groups = {d: [[x for x in g if current(x.shares[0])] for g in gs] for d, gs in groups.items()}
    current_groups = {d: [g for g in gs if g] for d, gs in current_groups.items()}
    programmes = subsidies.programmes(data.subsidies)
    mixes = categories.category_mixes(data.category_share)
    tallies = events.tallies(data.events)
    figures = figures_of(book, programmes, distributions, mixes, tallies)
    family_figures = {f.key: economics.latest_figures(book, platforms, economics.family_metrics(f.key))
                      for f in FAMILIES.values() if f.chart}
    quarterly = scale.quarterly_reported(book, platforms)
    plans = sorted((f for f in book.plans.values() if f.period_end and f.period_end >= window.start
                    and f.measure.metric in PLAN_METRICS), key=lambda f: (f.platform, f.period_end, f.measure.metric))
    inputs = (merchant_fit.figure_inputs(family_figures["unit_economics"], mixes, focus, window, needs["implications"])
              + merchant_fit.claim_inputs(data.claims, data.sources, focus, window, needs["implications"]))
    shares = [c for c in scale.shares_of_total(gmv, platforms) if all(current(f) for f in c.inputs)]
    multiples = [c for c in scale.multiples(gmv, focus) if all(current(f) for f in c.inputs)]
    skews = [s for d in audience.DIMENSIONS for s in audience.skews(current_groups[d], focus)]
    national = market.market(book, window)
    analysis = dict(
        quarter=quarter, as_of=as_of, data_through=as_of, window=window, platforms=platforms,
        focus=focus, rivals=rivals, book=book, gmv=gmv, growth=growth,
        focus_own_gmv=scale.own_series(book, focus, "gmv"), focus_own_growth=scale.own_series(book, focus, "gmv_yoy"),
        quarterly=quarterly,
        momentum=scale.momentum([(p, *(reported_latest[p] or (None, None))) for p in platforms], quarterly, current),
        shares=shares, multiples=multiples, rankings=scale.ranking(gmv), scoreboard=board, plans=plans,
        programmes=programmes, distributions=distributions, audience_groups=groups, skews=skews,
        category_mixes=mixes, family_figures=family_figures,
        verdicts=merchant_fit.verdicts(inputs, needs["implications"]),
        # A tally whose only figure is a growth withheld as unlike has nothing to show.
        tallies=[t for t in tallies if (t.value or t.growth) and current(t.value or t.growth)],
        scenarios=scenario_set, market=national,
        coverage=results.coverage(book, data.calendar, platforms + [p for p, r in roles.items() if r == "market"], as_of), conflicts=scope_conflicts(book), two_windows=two_windows,
        claims=data.claims,
        changes=compare(brief_figures(previous), figures, previous.sources, data.sources) if previous is not None else None,
        previous_quarter=Quarter.containing(quarter.start - timedelta(days=1)) if previous is not None else None,
        quality=quality.quality(data, book, board, focus, platforms, window.start),
        figures=figures,
    )
    gaps = exhibit_gaps(analysis, current_groups, tallies, window)
    if scenario_gap is not None:
        gaps.append(scenario_gap)
    order = list(sections.exhibits())
    return Analysis(**analysis, gaps=sorted(gaps, key=lambda g: order.index(g.exhibit)))


def scoreboard(book: FigureBook, platforms: list[str], weakest_tier: str) -> list[ScoreRow]:
    """The latest figure of each kind per platform from sources no weaker than `weakest_tier`:
    the scoreboard never cites a copy or a machine summary; a newer reported figure that rests
    on one is named by its period beside the cell."""
    def cells(of: FigureBook, p: str) -> dict[str, Figure | None]:
        level, growth, reported = scale.headline_series(of, p, "gmv"), scale.latest_growth(of, p), scale.latest_reported(of, p)
        return {"gmv": level.latest if level else None, "growth": growth.latest if growth else None,
                "reported": reported[0] if reported else None, "reported_growth": reported[1] if reported else None,
                "users": scale.latest_users(of, p)}

    strong, rows = book.resting_on(weakest_tier), []
    for p in platforms:
        shown, anywhere = cells(strong, p), cells(book, p)
        newer = {column: f.period for column, f in anywhere.items()
                 if f is not None and column != "reported_growth"
                 and (shown[column] is None or (f.period_end or f.published) > (shown[column].period_end or shown[column].published))}
        rows.append(ScoreRow(p, **shown, newer_on_weaker=newer))
    return rows


# Targets, forecasts and consensus the brief sets beside their outcomes: GMV and the proxies
# companies report instead, and their growth.
PLAN_METRICS = ("gmv", "gmv_yoy", "cmr", "cmr_yoy", "revenue", "revenue_yoy")


def exhibit_gaps(a: dict, current_groups: dict, tallies: list, window: Window) -> list[Gap]:
    """The exhibits the analysis could not fill with current, comparable evidence, each with
    why (sections.Needs says what each needs; the comparisons above apply it)."""
    current = window.current
    gaps: list[Gap] = []

    def series_gap(key: str, series) -> None:
        figs = [f for s in series for f in (s.level.figures if hasattr(s, "level") else s.figures)]
        if not any(current(f) for f in figs):
            gaps.append(none_current(key, figs))

    series_gap("gmv", a["gmv"] + a["focus_own_gmv"])
    series_gap("growth", a["growth"] + a["focus_own_growth"])
    series_gap("quarterly", a["quarterly"])
    if not a["shares"]:
        gaps.append(share_gap(a, window))
    if not a["multiples"]:
        focus = next((s.latest for s in a["gmv"] if s.platform == a["focus"]), None)
        gaps.append(Gap("multiples", "no_rival_on_measure", {"figure": focus}) if focus
                    else Gap("multiples", "no_focus_level", {}))
    if not a["plans"]:
        gaps.append(none_current("plans", a["book"].plans.values()))
    if not a["tallies"]:
        gaps.append(none_current("events", [f for t in tallies for f in (t.value, t.growth) if f]))
    support = [f for p in a["programmes"] if not p.is_fee for f in p.amounts]
    fees = [f for p in a["programmes"] if p.is_fee for f in p.amounts]
    if not any(current(f) for f in support):
        gaps.append(none_current("subsidies", support))
        gaps.append(none_current("programmes", support))
    if not any(current(f) for f in fees):
        gaps.append(none_current("fees", fees))
    for dimension, groups in current_groups.items():
        if not groups:
            gaps.append(none_current(f"demographics_{dimension}", [f for d in a["distributions"][dimension] for f in d.shares]))
    if not a["skews"]:
        gaps.append(Gap("skew", "no_rival_distribution", {}))
    mix_figs = [f for m in a["category_mixes"] for f in m.shares]
    if not any(current(f) for f in mix_figs):
        gaps.append(none_current("categories", mix_figs))
        gaps.append(none_current("hhi", mix_figs))
    for family in (f for f in FAMILIES.values() if f.chart):
        figs = a["family_figures"][family.key]
        if not any(current(f) for f in figs):
            gaps.append(none_current(family.chart, figs))
    focus_figs = [f for (p, m, _), f in a["book"].actual.items() if p == a["focus"] and m.metric not in ("gmv", "gmv_yoy")]
    if not any(current(f) for f in focus_figs):
        gaps.append(none_current("focus_metrics", focus_figs))
    if not any(sum(v.counts) for v in a["verdicts"]):
        gaps.append(Gap("implications", "no_profile_evidence", {}))
    if not a["market"].levels and not a["market"].growth:
        gaps.append(none_current("market", a["market"].all_figures))
    return gaps


def share_gap(a: dict, window: Window) -> Gap:
    """Why no share of the platforms' combined GMV: the measure and current year that most
    platforms share, and the platforms it lacks."""
    best: tuple = ()
    for measure, periods in scale.comparable_years(a["gmv"]).items():
        for period, figs in periods.items():
            if all(window.current(f) for f in figs):
                have = tuple(sorted({f.platform for f in figs}, key=a["platforms"].index))
                if len(have) > len(best[2]) if best else True:
                    best = (measure, period, have)
    if not best:
        return Gap("share", "no_common_measure", {})
    measure, period, have = best
    return Gap("share", "not_every_platform", {"measure": measure, "period": period, "have": have,
                                               "missing": tuple(p for p in a["platforms"] if p not in have)})


def is_plan(fig: Figure) -> bool:
    return fig.basis in PLANS
