"""What a brief says: the language-independent analysis of a quarter's data, and the
language-specific content (key figures, charts, numbered sources) the templates lay out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from markupsafe import Markup

from reportgen import narrative
from reportgen.analysis import audience, categories, economics, scale, subsidies
from reportgen.analysis.figures import Figure
from reportgen.changes import Changes, compare
from reportgen.charts import build as charts
from reportgen.data import Dataset
from reportgen.i18n import Formatter, load_messages
from reportgen.periods import Quarter

DIMENSIONS = ("gender", "age", "city_tier")
# Key-figure columns: (column key, metrics tried in order, scope, annual only)
KEY_FIGURES = (
    ("gmv", ("gmv",), "all", True),
    ("users", ("mau", "dau", "annual_active_buyers"), "all", False),
    ("aov", ("aov",), "all", False),
    ("return_rate", ("return_rate",), "all", False),
)


@dataclass(frozen=True)
class Analysis:
    quarter: Quarter
    data_through: date
    platforms: list[str]
    gmv: pd.DataFrame
    growth: pd.DataFrame
    cagr: list[dict]
    quarterly: pd.DataFrame
    shares: pd.DataFrame
    gaps: pd.DataFrame
    programmes: pd.DataFrame
    intensity: pd.DataFrame
    distributions: dict[str, pd.DataFrame]
    skews: dict[str, pd.DataFrame]
    category_shares: pd.DataFrame
    concentration: pd.DataFrame
    economics: pd.DataFrame
    channels_metrics: pd.DataFrame
    claims: pd.DataFrame
    changes: Changes | None  # against the previous quarter's brief; None for the first quarter
    previous_quarter: Quarter | None
    key_figures: dict[str, dict[str, tuple[str, Figure] | None]]
    fact_count: int


def analyse(data: Dataset, quarter: Quarter, previous: Dataset | None = None) -> Analysis:
    """Everything a brief computes, independent of language. `previous` is the data as the
    previous quarter's brief saw it, for the "what's new" section."""
    platforms = list(data.platforms["platform"])
    key_figures = {
        p: {col: scale.latest_figure(data.metrics, p, names, scope, annual) for col, names, scope, annual in KEY_FIGURES}
        for p in platforms
    }
    points = scale.preferred_points(scale.annual_gmv(data.metrics))
    programmes = subsidies.programmes(data.subsidies)
    distributions = {d: audience.latest_distributions(data.demographics, d) for d in DIMENSIONS}
    category_shares = categories.latest_category_shares(data.category_share)
    return Analysis(
        quarter=quarter,
        data_through=max(data.sources["published_date"]),
        platforms=platforms,
        gmv=scale.gmv_table(points),
        growth=scale.yoy_growth(points),
        cagr=[c for p in platforms if (c := scale.cagr(points, p))],
        quarterly=scale.quarterly_gmv(data.metrics),
        shares=scale.share_of_total(points, platforms),
        gaps=scale.gap_to_rivals(points),
        programmes=programmes,
        intensity=subsidies.intensity(programmes, points),
        distributions=distributions,
        skews={d: audience.skew(frame) for d, frame in distributions.items() if len(frame)},
        category_shares=category_shares,
        concentration=categories.concentration(category_shares),
        economics=economics.unit_economics_table(economics.unit_economics(data.metrics, platforms)),
        channels_metrics=narrative.channels_metrics(data.metrics),
        claims=data.claims,
        changes=compare(previous, data) if previous is not None else None,
        previous_quarter=Quarter.containing(quarter.start.replace(day=1) - timedelta(days=1)) if previous is not None else None,
        key_figures=key_figures,
        fact_count=sum(len(df) for df in data.facts().values()),
    )


@dataclass(frozen=True)
class Cell:
    text: str
    basis: str
    period: str
    sources: tuple[str, ...]
    note: str  # e.g. "DAU" when the users column shows DAU rather than MAU


@dataclass(frozen=True)
class BriefContent:
    lang: str
    messages: dict[str, str]
    quarter: Quarter
    data_through: date
    platforms: list[dict]
    key_rows: list[dict]
    charts: list[charts.BriefChart]
    analysis: Analysis
    categories: pd.DataFrame
    sources: list[dict]  # numbered, in citation order
    source_numbers: dict[str, int]
    fact_count: int
    findings: list[narrative.Sentence]
    deep_dive: dict[str, list[dict]]
    implications: list[narrative.Implication]
    scenario_intro: narrative.Sentence | None
    scenarios: list[narrative.Scenario]
    caveats: list[narrative.Sentence]
    commentary: Markup  # analyst commentary for the quarter, rendered from Markdown ("" when none)


def brief_content(data: Dataset, analysis: Analysis, lang: str, commentary: Markup = Markup("")) -> BriefContent:
    messages = load_messages(lang)
    fmt = Formatter(lang)
    name_col = f"name_{lang}"
    names = dict(zip(data.platforms["platform"], data.platforms[name_col]))
    ctx = charts.ChartContext(
        lang=lang, messages=messages, platforms=analysis.platforms, platform_names=names,
        category_names=dict(zip(data.categories["category"], data.categories[name_col])),
    )
    key_rows = []
    for p in analysis.platforms:
        cells = {}
        for col, *_ in KEY_FIGURES:
            found = analysis.key_figures[p][col]
            if found is None:
                cells[col] = None
                continue
            metric, fig = found
            note = messages.get(f"metric_short.{metric}", "") if col == "users" else ""
            cells[col] = Cell(fmt.figure(fig), fig.basis, fig.period, fig.sources, note)
        cells["yoy"] = _yoy_cell(analysis.growth, p, cells["gmv"], fmt)
        key_rows.append({"platform": p, "name": names[p], "cells": cells})

    def chart(key: str, build, table, *args):
        # An empty analysis gets a chart slot that states the gap instead of a broken chart.
        if table is None or len(table) == 0:
            return charts.gap_chart_for(key, ctx, year="—")
        return build(table, *args, ctx)

    chart_list = [
        chart("gmv", charts.gmv_chart, analysis.gmv),
        chart("growth", charts.growth_chart, analysis.growth),
        chart("quarterly", charts.quarterly_chart, analysis.quarterly),
        chart("share", charts.share_chart, analysis.shares),
        chart("gap", charts.gap_chart, analysis.gaps),
        chart("subsidies", charts.subsidy_chart, analysis.programmes),
        *[chart(f"demographics_{d}", charts.demographics_chart, analysis.distributions[d], d) for d in DIMENSIONS
          if not analysis.distributions[d].empty],
        chart("skew", charts.skew_chart, analysis.skews if any(len(f) for f in analysis.skews.values()) else None),
        chart("categories", charts.category_chart, analysis.category_shares),
        chart("economics", charts.economics_chart, analysis.economics),
    ]
    sources = number_sources(data.sources)
    writer = narrative.Writer(messages, names, ctx.category_names)
    intro, paths = narrative.scenarios(analysis, writer, analysis.quarter.year + 1)
    platforms = [
        {"platform": r["platform"], "name": r[name_col], "company": r[f"company_{lang}"]}
        for r in data.platforms.to_dict("records")
    ]
    return BriefContent(
        lang=lang, messages=messages, quarter=analysis.quarter, data_through=analysis.data_through,
        platforms=platforms, key_rows=key_rows, charts=chart_list, analysis=analysis, categories=data.categories, sources=sources,
        source_numbers={s["source_id"]: s["number"] for s in sources}, fact_count=analysis.fact_count,
        findings=narrative.key_findings(analysis, writer),
        deep_dive=narrative.deep_dive(analysis.claims, lang),
        implications=narrative.implications(analysis, analysis.claims, writer, lang),
        scenario_intro=intro, scenarios=paths,
        caveats=narrative.caveats(data, analysis, writer),
        commentary=commentary,
    )


def _yoy_cell(growth: pd.DataFrame, platform: str, gmv: Cell | None, fmt: Formatter) -> Cell | None:
    """Growth for the same year as the GMV the scoreboard shows; none when that year has no
    actual figure for the year before."""
    if gmv is None or not gmv.period.isdigit():
        return None
    rows = growth[(growth["platform"] == platform) & (growth["year"] == int(gmv.period))]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Cell(fmt.amount(r["growth_low"], r["growth_high"], "pct", 3), r["basis"], gmv.period, r["sources"], "")


def number_sources(sources: pd.DataFrame) -> list[dict]:
    """Number every source the quarter's data rests on, by publication date (then id), as a
    research note's reference list; text, tables and charts cite these numbers."""
    rows = sources.sort_values(["published_date", "source_id"])
    return [dict(r._asdict(), number=i) for i, r in enumerate(rows.itertuples(index=False), start=1)]
