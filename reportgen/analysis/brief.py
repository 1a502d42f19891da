"""The language-free analysis of a quarter's data: everything a brief computes before any
sentence, table or chart is written (the "analyse" stage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from reportgen.analysis import audience, categories, economics, events, merchant_fit, quality, scale, scenarios, subsidies
from reportgen.analysis.changes import Changes, compare
from reportgen.analysis.figures import PLANS, Figure, FigureBook, is_old
from reportgen.analysis.select import build_book
from reportgen.data import Dataset
from reportgen.data.registry import FAMILIES
from reportgen.periods import Quarter

PLAN_YEARS = 2  # targets and forecasts for the brief's year and the two before it, with their outcomes


@dataclass(frozen=True)
class ScoreRow:
    platform: str
    gmv: Figure | None  # the latest annual GMV of the headline series
    growth: Figure | None  # the latest annual GMV growth of the platform's growth series
    reported: Figure | None  # the latest company-reported scale figure (GMV, or a disclosed proxy)
    reported_growth: Figure | None
    users: Figure | None


@dataclass(frozen=True)
class Analysis:
    quarter: Quarter
    as_of: date  # the end of the brief's quarter: what "old" is measured against
    data_through: date
    platforms: list[str]
    focus: str
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
    plans: list[Figure]
    programmes: list[subsidies.Programme]
    distributions: dict[str, list[audience.Distribution]]
    audience_groups: dict[str, list[list[audience.Distribution]]]
    skews: list[audience.Skew]
    category_mixes: list[categories.CategoryMix]
    # The latest figure of each measure of every family charted one panel per measure
    # (registry.Family.chart), by family: unit economics.
    family_figures: dict[str, list[Figure]]
    merchant_fits: list[merchant_fit.Fit]
    tallies: list[events.Tally]
    scenarios: scenarios.ScenarioSet | None
    claims: pd.DataFrame
    changes: Changes | None  # against the previous quarter's brief; None for the first quarter
    previous_quarter: Quarter | None
    quality: quality.Quality  # the data's own limits, for the caveats
    figures: dict[str, Figure]  # every figure the brief can show, by key


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
    """Everything a brief computes, independent of language. `previous` is the data as the
    previous quarter's brief saw it, for the "what's new" section."""
    platforms, focus = list(data.platforms["platform"]), data.focus
    book = build_book(data.metrics)
    as_of = quarter.end
    gmv = scale.annual_gmv(book, platforms)
    growth = [g for p in platforms if (g := scale.latest_growth(book, p)) is not None]
    board = []
    for p in platforms:
        level = next((s for s in gmv if s.platform == p), None)
        g = next((s for s in growth if s.platform == p), None)
        reported = scale.latest_reported(book, p)
        board.append(ScoreRow(p, level.latest if level else None, g.latest if g else None,
                              reported[0] if reported else None, reported[1] if reported else None,
                              scale.latest_users(book, p)))
    focus_series = next((s for s in gmv if s.platform == focus), None)
    pool = scenarios.scenario_pool(focus_series, next((g for g in growth if g.platform == focus), None),
                                   lambda f: not is_old(f, as_of))
    distributions = {d: audience.distributions(data.demographics, data.schemes, d) for d in audience.DIMENSIONS}
    groups = {d: audience.comparable_groups(v) for d, v in distributions.items()}
    programmes = subsidies.programmes(data.subsidies)
    mixes = categories.category_mixes(data.category_share)
    tallies = events.tallies(data.events)
    figures = figures_of(book, programmes, distributions, mixes, tallies)
    family_figures = {f.key: economics.latest_figures(book, platforms, economics.family_metrics(f.key))
                      for f in FAMILIES.values() if f.chart}
    quarterly = scale.quarterly_reported(book, platforms)
    return Analysis(
        quarter=quarter, as_of=as_of, data_through=max(data.sources["published_date"]), platforms=platforms,
        focus=focus, book=book, gmv=gmv, growth=growth,
        focus_own_gmv=scale.own_series(book, focus, "gmv"), focus_own_growth=scale.own_series(book, focus, "gmv_yoy"),
        quarterly=quarterly,
        momentum=scale.momentum([(r.platform, r.reported, r.reported_growth) for r in board], quarterly,
                                lambda f: not is_old(f, as_of)),
        shares=scale.shares_of_total(gmv, platforms),
        multiples=scale.multiples(gmv, focus),
        rankings=scale.ranking(gmv),
        scoreboard=board,
        plans=sorted((f for f in book.plans.values() if f.period_end and f.period_end.year >= quarter.year - PLAN_YEARS
                      and f.measure.metric in ("gmv", "gmv_yoy")), key=lambda f: (f.platform, f.period_end, f.measure.metric)),
        programmes=programmes,
        distributions=distributions, audience_groups=groups,
        skews=[s for d in audience.DIMENSIONS for s in audience.skews(groups[d], focus)],
        category_mixes=mixes,
        family_figures=family_figures,
        merchant_fits=merchant_fit.merchant_fits(family_figures["unit_economics"], mixes, focus),
        tallies=tallies,
        scenarios=scenarios.scenario_set(focus_series, pool, quarter.year + 1),
        claims=data.claims,
        changes=compare(brief_figures(previous), figures, previous.sources, data.sources) if previous is not None else None,
        previous_quarter=Quarter.containing(quarter.start - timedelta(days=1)) if previous is not None else None,
        quality=quality.quality(data, book, board, focus, platforms, as_of),
        figures=figures,
    )




def is_plan(fig: Figure) -> bool:
    return fig.basis in PLANS
