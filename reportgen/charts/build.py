"""Chart builders: each turns an analysis table into a BriefChart (an Altair chart plus the
title, alt text, sources and notes the brief prints with it)."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from reportgen.charts.theme import BUCKET_RAMP, CHART_WIDTH, platform_scale
from reportgen.i18n import Formatter
from reportgen.units import UNITS

FIRST_YEAR = 2019  # charts start here; earlier figures stay in the data and the appendix


@dataclass(frozen=True)
class ChartContext:
    lang: str
    messages: dict[str, str]
    platforms: list[str]  # display order
    platform_names: dict[str, str]
    category_names: dict[str, str]

    @property
    def fmt(self) -> Formatter:
        return Formatter(self.lang)

    def t(self, key: str, **kw) -> str:
        text = self.messages[key]
        return text.format(**kw) if kw else text


@dataclass(frozen=True)
class BriefChart:
    key: str
    chart: alt.TopLevelMixin
    title: str
    subtitle: str  # the unit, e.g. 亿元 / CNY bn
    alt_text: str
    sources: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def _all_sources(tuples) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for group in tuples for s in group))


def gmv_chart(gmv: pd.DataFrame, ctx: ChartContext) -> BriefChart:
    """Annual GMV per platform: bars; estimates lighter, forecasts outlined; ranges as error bars."""
    rows = gmv[(gmv["scope"] == "all") & (gmv["year"] >= FIRST_YEAR)].copy()
    divisor = 1e8 if ctx.lang == "zh" else 1e9  # 亿元 | CNY bn
    rows["value"] = rows["mid_bn"] * 1e9 / divisor
    rows["low"] = rows["low_bn"] * 1e9 / divisor
    rows["high"] = rows["high_bn"] * 1e9 / divisor
    rows["platform_name"] = rows["platform"].map(ctx.platform_names)
    rows["basis_label"] = rows["basis"].map(lambda b: ctx.t(f"basis.{b}"))
    rows["year_label"] = [f"FY{y}" if fiscal else str(y) for y, fiscal in zip(rows["year"], rows["fiscal"])]
    rows["shown"] = [
        ctx.fmt.amount(lo * 1e9, hi * 1e9, "money", 4) for lo, hi in zip(rows["low_bn"], rows["high_bn"])
    ]
    order = [ctx.platform_names[p] for p in ctx.platforms]
    basis_order = [ctx.t(f"basis.{b}") for b in ("reported", "estimate", "forecast", "target")]
    data = rows[["year", "platform_name", "value", "low", "high", "basis", "basis_label", "year_label", "shown"]]
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelExpr="datum.value")),
        xOffset=alt.XOffset("platform_name:N", sort=order),
    )
    bars = base.mark_bar(stroke="#333333").encode(
        y=alt.Y("value:Q", title=ctx.t("chart.gmv.axis"), axis=alt.Axis(format=",.0f")),
        color=alt.Color("platform_name:N", title=None, sort=order,
                        scale=platform_scale(ctx.platforms, ctx.platform_names)),
        opacity=alt.Opacity("basis_label:N", title=None, sort=basis_order,
                            scale=alt.Scale(domain=basis_order, range=[1.0, 0.55, 0.2, 0.2])),
        # Forecasts and targets get a dashed outline so they read as "not actuals" in print too.
        strokeWidth=alt.condition("datum.basis == 'forecast' || datum.basis == 'target'", alt.value(1.2), alt.value(0)),
        strokeDash=alt.value([3, 2]),
        tooltip=[
            alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
            alt.Tooltip("year_label:N", title=ctx.t("label.period")),
            alt.Tooltip("shown:N", title=ctx.t("label.value")),
            alt.Tooltip("basis_label:N", title=ctx.t("label.basis")),
        ],
    )
    ranges = base.transform_filter("datum.low != datum.high").mark_rule(color="#333333", strokeWidth=1.2).encode(
        y="low:Q", y2="high:Q")
    chart = (bars + ranges).properties(width=CHART_WIDTH, height=250)
    platforms_shown = [ctx.platform_names[p] for p in ctx.platforms if p in set(rows["platform"])]
    missing = [ctx.platform_names[p] for p in ctx.platforms if p not in set(rows["platform"])]
    notes = []
    if (rows["basis"] != "reported").any():
        notes.append(ctx.t("note.estimates_shown"))
    if rows["fiscal"].any():
        notes.append(ctx.t("note.fiscal_year"))
    if len(set(rows["definition"]) - {"unspecified"}) > 0:
        notes.append(ctx.t("note.gmv_definitions"))
    if (rows["low"] != rows["high"]).any():
        notes.append(ctx.t("note.ranges"))
    if missing:
        notes.append(ctx.t("note.no_data_for", names=ctx.t("list_sep").join(missing)))
    alt_text = ctx.t("chart.gmv.alt", platforms=ctx.t("list_sep").join(platforms_shown),
                     first=int(rows["year"].min()) if len(rows) else "", last=int(rows["year"].max()) if len(rows) else "")
    return BriefChart("gmv", chart, ctx.t("chart.gmv.title"), ctx.t("chart.gmv.subtitle"), alt_text, _all_sources(rows["sources"]), tuple(notes))


def subsidy_chart(programmes: pd.DataFrame, ctx: ChartContext) -> BriefChart:
    """Timeline of programmes: one mark per programme at the start of its period."""
    dated = programmes[programmes["period_start"].notna()]
    rows = dated[[d.year >= FIRST_YEAR for d in dated["period_start"]]].copy()
    rows["date"] = pd.to_datetime(rows["period_start"]).dt.strftime("%Y-%m-%d")
    rows["platform_name"] = rows["platform"].map(ctx.platform_names)
    rows["name"] = rows["programme_zh"] if ctx.lang == "zh" else rows["programme_en"]
    rows["beneficiary_label"] = rows["beneficiary"].map(lambda b: ctx.t(f"beneficiary.{b}"))
    rows["kind_label"] = rows["kind"].map(lambda k: ctx.t(f"kind.{k}"))
    rows["amount_shown"] = [
        ctx.fmt.amount(a * _factor(u), a * _factor(u), "pct" if u == "pct" else "money", 3) if pd.notna(a) else ctx.t("label.no_amount")
        for a, u in zip(rows["amount"], rows["unit"])
    ]
    order = [ctx.platform_names[p] for p in ctx.platforms]
    data = rows[["date", "platform_name", "name", "beneficiary_label", "kind_label", "amount_shown"]]
    chart = alt.Chart(data).mark_point(size=110, filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", grid=True)),
        y=alt.Y("platform_name:N", title=None, sort=order, scale=alt.Scale(domain=order)),
        color=alt.Color("platform_name:N", legend=None, sort=order, scale=platform_scale(ctx.platforms, ctx.platform_names)),
        shape=alt.Shape("beneficiary_label:N", title=None),
        tooltip=[
            alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
            alt.Tooltip("name:N", title=ctx.t("label.programme")),
            alt.Tooltip("kind_label:N", title=ctx.t("label.kind")),
            alt.Tooltip("beneficiary_label:N", title=ctx.t("label.beneficiary")),
            alt.Tooltip("amount_shown:N", title=ctx.t("label.amount")),
        ],
    ).properties(width=CHART_WIDTH, height=190)
    notes = []
    undated = len(programmes) - len(dated)
    if undated:
        notes.append(ctx.t("note.undated_programmes", n=undated))
    if len(dated) > len(rows):
        notes.append(ctx.t("note.earlier_programmes", n=len(dated) - len(rows), year=FIRST_YEAR))
    missing = [ctx.platform_names[p] for p in ctx.platforms if p not in set(rows["platform"])]
    if missing:
        notes.append(ctx.t("note.no_data_for", names=ctx.t("list_sep").join(missing)))
    alt_text = ctx.t("chart.subsidies.alt", n=len(rows))
    return BriefChart("subsidies", chart, ctx.t("chart.subsidies.title"), ctx.t("chart.subsidies.subtitle"), alt_text, _all_sources(programmes["sources"]), tuple(notes))


def _factor(unit) -> float:
    return UNITS[unit].factor if isinstance(unit, str) and unit in UNITS else 1.0


def demographics_chart(dist: pd.DataFrame, dimension: str, ctx: ChartContext) -> BriefChart:
    """Stacked 100% bars per platform for one dimension (age, gender or city tier)."""
    rows = dist.copy()
    rows["platform_name"] = rows["platform"].map(ctx.platform_names)
    rows["bucket_label"] = rows["bucket"].map(lambda b: ctx.messages.get(f"bucket.{b}", b))
    rows["share_shown"] = rows["share"].map(lambda s: f"{s:g}%")
    bucket_order = list(dict.fromkeys(rows["bucket_label"]))
    order = [ctx.platform_names[p] for p in ctx.platforms]
    data = rows[["platform_name", "bucket_label", "share", "share_shown", "period"]]
    chart = alt.Chart(data).mark_bar(height=18).encode(
        y=alt.Y("platform_name:N", title=None, sort=order, scale=alt.Scale(domain=order)),
        x=alt.X("share:Q", title=ctx.t("label.share_pct"), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("bucket_label:N", title=None, sort=bucket_order,
                        scale=alt.Scale(domain=bucket_order, range=BUCKET_RAMP[: max(len(bucket_order), 1)])),
        order=alt.Order("bucket_order:Q"),
        tooltip=[
            alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
            alt.Tooltip("bucket_label:N", title=ctx.t("label.bucket")),
            alt.Tooltip("share_shown:N", title=ctx.t("label.share")),
            alt.Tooltip("period:N", title=ctx.t("label.period")),
        ],
    ).transform_calculate(bucket_order=f"indexof({bucket_order!r}, datum.bucket_label)").properties(
        width=CHART_WIDTH, height=170)
    missing = [ctx.platform_names[p] for p in ctx.platforms if p not in set(rows["platform"])]
    notes = [ctx.t("note.no_data_for", names=ctx.t("list_sep").join(missing))] if missing else []
    if (rows["basis"] != "reported").any():
        notes.append(ctx.t("note.estimates_shown"))
    alt_text = ctx.t("chart.demographics.alt", dimension=ctx.t(f"dimension.{dimension}"),
                     platforms=ctx.t("list_sep").join(ctx.platform_names[p] for p in ctx.platforms if p in set(rows["platform"])))
    return BriefChart(f"demographics_{dimension}", chart, ctx.t(f"chart.demographics.title_{dimension}"),
                      ctx.t("chart.demographics.subtitle"), alt_text,
                      _all_sources(rows["sources"]), tuple(notes))


def category_chart(shares: pd.DataFrame, ctx: ChartContext) -> BriefChart:
    """Heatmap of category shares: platforms down, categories across, the share in each cell."""
    rows = shares.copy()
    rows["platform_name"] = rows["platform"].map(ctx.platform_names)
    rows["category_name"] = rows["category"].map(ctx.category_names)
    rows["share_shown"] = rows["share"].map(lambda s: f"{s:g}%")
    order = [ctx.platform_names[p] for p in ctx.platforms]
    data = rows[["platform_name", "category_name", "share", "share_shown", "period"]]
    category_order = list(data.groupby("category_name")["share"].max().sort_values(ascending=False).index)
    base = alt.Chart(data).encode(
        y=alt.Y("platform_name:N", title=None, sort=order, scale=alt.Scale(domain=order)),
        x=alt.X("category_name:N", title=None, sort=category_order),
    )
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=2).encode(
        color=alt.Color("share:Q", title=ctx.t("label.share_pct"), scale=alt.Scale(scheme="blues", domain=[0, 100])),
        tooltip=[
            alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
            alt.Tooltip("category_name:N", title=ctx.t("label.category")),
            alt.Tooltip("share_shown:N", title=ctx.t("label.share")),
            alt.Tooltip("period:N", title=ctx.t("label.period")),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(
        text="share_shown:N",
        color=alt.condition("datum.share > 45", alt.value("#FFFFFF"), alt.value("#222222")),
    )
    chart = (cells + labels).properties(width=CHART_WIDTH, height=200)
    missing = [ctx.platform_names[p] for p in ctx.platforms if p not in set(rows["platform"])]
    notes = [ctx.t("note.no_data_for", names=ctx.t("list_sep").join(missing))] if missing else []
    if (rows["basis"] != "reported").any():
        notes.append(ctx.t("note.estimates_shown"))
    alt_text = ctx.t("chart.categories.alt", n=rows["category"].nunique(),
                     platforms=ctx.t("list_sep").join(ctx.platform_names[p] for p in ctx.platforms if p in set(rows["platform"])))
    return BriefChart("categories", chart, ctx.t("chart.categories.title"), ctx.t("chart.categories.subtitle"), alt_text,
                      _all_sources((s,) for s in rows["source_id"]), tuple(notes))
