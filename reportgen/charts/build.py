"""Chart builders: each turns an analysis table into a BriefChart (an Altair chart plus the
title, alt text, sources and notes the brief prints with it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from reportgen.charts.theme import BUCKET_RAMP, CHART_WIDTH, platform_scale
from reportgen.i18n import Formatter
from reportgen.periods import Quarter
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
    # The data behind the chart as the reader sees it: columns named by catalogue keys
    # (label.<key>), values already formatted, plus a `sources` column of source ids.
    table: pd.DataFrame = field(default_factory=pd.DataFrame)


def data_table(rows: pd.DataFrame, columns: dict[str, str], sources: str = "sources") -> pd.DataFrame:
    """Pick and rename the displayed columns of a chart's rows: {label key: rows column}."""
    table = pd.DataFrame({key: rows[column].astype(str).tolist() for key, column in columns.items()})
    table["sources"] = [tuple(s) if isinstance(s, tuple) else (s,) for s in rows[sources]]
    return table


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
                            scale=alt.Scale(domain=basis_order, range=[1.0, 0.55, 0.2, 0.2]),
                            legend=alt.Legend(orient="right", direction="vertical", columns=1)),
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
    return BriefChart("gmv", chart, ctx.t("chart.gmv.title"), ctx.t("chart.gmv.subtitle"), alt_text, _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "period": "year_label", "value": "shown", "basis": "basis_label"}))


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
    return BriefChart("subsidies", chart, ctx.t("chart.subsidies.title"), ctx.t("chart.subsidies.subtitle"), alt_text, _all_sources(programmes["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "programme": "name", "kind": "kind_label", "beneficiary": "beneficiary_label", "period": "period", "amount": "amount_shown"}))


def _factor(unit) -> float:
    return UNITS[unit].factor if isinstance(unit, str) and unit in UNITS else 1.0


BUCKET_ORDER = ["female", "male", "unknown", "tier1", "new_tier1", "tier2", "tier3", "tier3_below", "tier4",
                "tier4_below", "other"]


def bucket_sort_key(bucket: str) -> tuple:
    """Age bands by their lower bound ("<=24" first, "46+" last); named buckets in a fixed order."""
    if bucket in BUCKET_ORDER:
        return (1, BUCKET_ORDER.index(bucket), 0.0)
    numbers = re.findall(r"\d+", bucket)
    lower = -1.0 if bucket.startswith("<") else float(numbers[0]) if numbers else 999.0
    return (0, 0, lower)


def demographics_chart(dist: pd.DataFrame, dimension: str, ctx: ChartContext) -> BriefChart:
    """Stacked 100% bars per platform for one dimension (age, gender or city tier)."""
    rows = dist.copy()
    rows["platform_name"] = rows["platform"].map(ctx.platform_names)
    rows["bucket_label"] = rows["bucket"].map(lambda b: ctx.messages.get(f"bucket.{b}", b))
    rows["share_shown"] = rows["share"].map(lambda s: f"{s:g}%")
    rows["basis_label"] = rows["basis"].map(lambda b: ctx.t(f"basis.{b}"))
    rows = rows.assign(_order=rows["bucket"].map(bucket_sort_key)).sort_values(["_order", "bucket"])
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
                      _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "bucket": "bucket_label", "share": "share_shown", "period": "period", "basis": "basis_label"}))


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
        # Each cell prints its share, so no gradient legend (which print renderers draw poorly).
        color=alt.Color("share:Q", legend=None, scale=alt.Scale(scheme="blues", domain=[0, 100])),
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
    rows["sources"] = [(x,) for x in rows["source_id"]]
    return BriefChart("categories", chart, ctx.t("chart.categories.title"), ctx.t("chart.categories.subtitle"), alt_text,
                      _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "category": "category_name", "share": "share_shown", "period": "period"}))


def _quarter_span(periods) -> list[str]:
    quarters = sorted(Quarter.parse(p) for p in periods)
    return [str(q) for q in Quarter.span(quarters[0], quarters[-1])] if quarters else []


def _platform_names(rows: pd.DataFrame, ctx: ChartContext) -> pd.DataFrame:
    rows = rows.copy()
    rows["platform_name"] = rows["platform"].map(ctx.platform_names)
    rows["basis_label"] = rows["basis"].map(lambda b: ctx.t(f"basis.{b}"))
    return rows


def _missing_note(rows: pd.DataFrame, ctx: ChartContext, among: list[str] | None = None) -> list[str]:
    present = set(rows["platform"]) if len(rows) else set()
    missing = [ctx.platform_names[p] for p in (among or ctx.platforms) if p not in present]
    return [ctx.t("note.no_data_for", names=ctx.t("list_sep").join(missing))] if missing else []


def _basis_notes(rows: pd.DataFrame, ctx: ChartContext) -> list[str]:
    return [ctx.t("note.estimates_shown")] if len(rows) and (rows["basis"] != "reported").any() else []


def growth_chart(growth: pd.DataFrame, ctx: ChartContext) -> BriefChart:
    """YoY GMV growth per platform: lines with points; estimate-based points hollow."""
    rows = _platform_names(growth[growth["year"] >= FIRST_YEAR], ctx)
    rows["shown"] = [
        ctx.fmt.amount(lo, hi, "pct", 3) for lo, hi in zip(rows["growth_low"], rows["growth_high"])
    ]
    rows["estimated"] = rows["basis"] != "reported"
    order = [ctx.platform_names[p] for p in ctx.platforms]
    data = rows[["year", "platform_name", "growth_mid", "growth_low", "growth_high", "basis_label", "shown", "estimated"]]
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("growth_mid:Q", title=ctx.t("chart.growth.axis")),
        color=alt.Color("platform_name:N", title=None, sort=order, scale=platform_scale(ctx.platforms, ctx.platform_names)),
    )
    lines = base.mark_line(strokeWidth=2)
    tooltip = [alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
               alt.Tooltip("year:O", title=ctx.t("label.period")),
               alt.Tooltip("shown:N", title=ctx.t("label.value")),
               alt.Tooltip("basis_label:N", title=ctx.t("label.basis"))]
    # Reported growth as filled points, estimate-based growth hollow.
    points = (base.transform_filter("!datum.estimated").mark_point(size=70, strokeWidth=2, filled=True).encode(tooltip=tooltip)
              + base.transform_filter("datum.estimated").mark_point(size=70, strokeWidth=2, fill="#FFFFFF").encode(tooltip=tooltip))
    ranges = base.transform_filter("datum.growth_low != datum.growth_high").mark_rule(strokeWidth=1.5).encode(
        y="growth_low:Q", y2="growth_high:Q")
    chart = (lines + ranges + points).properties(width=CHART_WIDTH, height=220)
    notes = _basis_notes(rows, ctx) + ([ctx.t("note.hollow_estimates")] if rows["estimated"].any() else [])
    if (rows["growth_low"] != rows["growth_high"]).any():
        notes.append(ctx.t("note.growth_ranges"))
    notes += _missing_note(rows, ctx)
    alt_text = ctx.t("chart.growth.alt", n=len(rows))
    return BriefChart("growth", chart, ctx.t("chart.growth.title"), ctx.t("chart.growth.subtitle"), alt_text,
                      _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "period": "year", "value": "shown", "basis": "basis_label"}))


def quarterly_chart(quarterly: pd.DataFrame, ctx: ChartContext) -> BriefChart:
    """Quarterly GMV for the platforms that publish it."""
    rows = _platform_names(quarterly, ctx)
    divisor = 1e8 if ctx.lang == "zh" else 1e9
    rows["value"] = (rows["low"] + rows["high"]) / 2 / divisor
    rows["shown"] = [ctx.fmt.amount(lo, hi, "money", 4) for lo, hi in zip(rows["low"], rows["high"])]
    order = [ctx.platform_names[p] for p in ctx.platforms]
    data = rows[["period", "platform_name", "value", "shown", "basis_label"]]
    chart = alt.Chart(data).mark_bar(width={"band": 0.7}).encode(
        # Every quarter in the span is on the axis, so an unpublished quarter shows as a gap.
        x=alt.X("period:O", title=None, axis=alt.Axis(labelAngle=-45), scale=alt.Scale(domain=_quarter_span(rows["period"]))),
        y=alt.Y("value:Q", title=ctx.t("chart.gmv.axis"), axis=alt.Axis(format=",.0f")),
        color=alt.Color("platform_name:N", title=None, sort=order, scale=platform_scale(ctx.platforms, ctx.platform_names)),
        tooltip=[alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
                 alt.Tooltip("period:N", title=ctx.t("label.period")),
                 alt.Tooltip("shown:N", title=ctx.t("label.value")),
                 alt.Tooltip("basis_label:N", title=ctx.t("label.basis"))],
    ).properties(width=CHART_WIDTH, height=200)
    names = ctx.t("list_sep").join(ctx.platform_names[p] for p in ctx.platforms if p in set(rows["platform"]))
    notes = [ctx.t("note.quarterly_only", names=names or ctx.t("text.gap"))] + _basis_notes(rows, ctx)
    alt_text = ctx.t("chart.quarterly.alt", names=names, n=len(rows))
    return BriefChart("quarterly", chart, ctx.t("chart.quarterly.title"), ctx.t("chart.gmv.subtitle"), alt_text,
                      _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "period": "period", "value": "shown", "basis": "basis_label"}))


def share_chart(shares: pd.DataFrame, ctx: ChartContext) -> BriefChart:
    """Share of the five-platform GMV total, as 100% stacked bars per year with full data."""
    rows = _platform_names(shares, ctx)
    rows["shown"] = rows["share_pct"].map(lambda v: ctx.fmt.amount(v, v, "pct", 3))
    order = [ctx.platform_names[p] for p in ctx.platforms]
    rows["order"] = rows["platform"].map({p: i for i, p in enumerate(ctx.platforms)})
    rows = rows.sort_values(["year", "order"])
    rows["end"] = rows.groupby("year")["share_pct"].cumsum()
    rows["start"] = rows["end"] - rows["share_pct"]
    rows["middle"] = (rows["start"] + rows["end"]) / 2
    data = rows[["year", "platform_name", "share_pct", "shown", "basis_label", "start", "end", "middle"]]
    base = alt.Chart(data).encode(y=alt.Y("year:O", title=None))
    bars = base.mark_bar(height=26).encode(
        x=alt.X("start:Q", title=ctx.t("label.share_pct"), scale=alt.Scale(domain=[0, 100])),
        x2="end:Q",
        color=alt.Color("platform_name:N", title=None, sort=order, scale=platform_scale(ctx.platforms, ctx.platform_names)),
        tooltip=[alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
                 alt.Tooltip("year:O", title=ctx.t("label.period")),
                 alt.Tooltip("shown:N", title=ctx.t("label.share")),
                 alt.Tooltip("basis_label:N", title=ctx.t("label.basis"))],
    )
    labels = base.mark_text(color="#FFFFFF", fontSize=10, align="center").encode(text="shown:N", x="middle:Q")
    chart = (bars + labels.transform_filter("datum.share_pct >= 6")).properties(
        width=CHART_WIDTH, height=max(40, 40 * rows["year"].nunique()))
    notes = [ctx.t("note.share_years")] + _basis_notes(rows, ctx)
    alt_text = ctx.t("chart.share.alt", years=ctx.t("list_sep").join(str(y) for y in sorted(set(rows["year"]))) or ctx.t("text.gap"))
    return BriefChart("share", chart, ctx.t("chart.share.title"), ctx.t("chart.share.subtitle"), alt_text,
                      _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "period": "year", "share": "shown", "basis": "basis_label"}))


def gap_chart(gaps: pd.DataFrame, ctx: ChartContext) -> BriefChart:
    """Each rival's GMV as a multiple of WeChat Channels' in the latest year both are known."""
    rows = _platform_names(gaps, ctx)
    rows["shown"] = rows["multiple"].map(lambda v: ctx.t("label.times", x=ctx.fmt.number(v, 1)))
    order = [ctx.platform_names[p] for p in ctx.platforms if p != "channels"]
    data = rows[["platform_name", "multiple", "shown", "basis_label", "year"]]
    base = alt.Chart(data).encode(
        y=alt.Y("platform_name:N", title=None, sort=order, scale=alt.Scale(domain=order)),
        x=alt.X("multiple:Q", title=ctx.t("chart.gap.axis")),
    )
    bars = base.mark_bar(height=20).encode(
        color=alt.Color("platform_name:N", legend=None, sort=order, scale=platform_scale(ctx.platforms, ctx.platform_names)),
        opacity=alt.condition("datum.basis_label == '%s'" % ctx.t("basis.reported"), alt.value(1.0), alt.value(0.6)),
        tooltip=[alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
                 alt.Tooltip("year:O", title=ctx.t("label.period")),
                 alt.Tooltip("shown:N", title=ctx.t("label.value")),
                 alt.Tooltip("basis_label:N", title=ctx.t("label.basis"))],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(text="shown:N")
    chart = (bars + labels).properties(width=CHART_WIDTH - 60, height=150)
    year = int(rows["year"].iloc[0]) if len(rows) else ""
    notes = _basis_notes(rows, ctx) + _missing_note(rows, ctx, [p for p in ctx.platforms if p != "channels"])
    alt_text = ctx.t("chart.gap.alt", year=year)
    return BriefChart("gap", chart, ctx.t("chart.gap.title", year=year), ctx.t("chart.gap.subtitle"), alt_text,
                      _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "period": "year", "value": "shown", "basis": "basis_label"}))


def skew_chart(skews: dict[str, pd.DataFrame], ctx: ChartContext) -> BriefChart:
    """Channels' share of each audience bucket minus the other platforms' mean, in points."""
    frames = []
    for dimension, frame in skews.items():
        if len(frame):
            frame = frame.copy()
            frame["label"] = [f"{ctx.t('dimension.' + dimension)} · {ctx.messages.get('bucket.' + b, b)}" for b in frame["bucket"]]
            frames.append(frame)
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["label", "skew_pp", "focus_share", "others_mean", "sources"])
    rows["shown"] = [f"{v:+.1f} pp" if ctx.lang == "en" else f"{v:+.1f} 个百分点" for v in rows["skew_pp"]]
    data = rows[["label", "skew_pp", "focus_share", "others_mean", "shown"]]
    chart = alt.Chart(data).mark_bar(height=16).encode(
        y=alt.Y("label:N", title=None, sort=None),
        x=alt.X("skew_pp:Q", title=ctx.t("chart.skew.axis")),
        color=alt.condition("datum.skew_pp >= 0", alt.value("#07A35A"), alt.value("#9AA5B1")),
        tooltip=[alt.Tooltip("label:N", title=ctx.t("label.bucket")),
                 alt.Tooltip("focus_share:Q", title=ctx.t("chart.skew.focus"), format=".1f"),
                 alt.Tooltip("others_mean:Q", title=ctx.t("chart.skew.others"), format=".1f"),
                 alt.Tooltip("shown:N", title=ctx.t("label.value"))],
    ).properties(width=CHART_WIDTH - 120, height=max(40, 24 * len(rows)))
    notes = [ctx.t("note.skew_method")]
    alt_text = ctx.t("chart.skew.alt", n=len(rows))
    return BriefChart("skew", chart, ctx.t("chart.skew.title"), ctx.t("chart.skew.subtitle"), alt_text,
                      _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"bucket": "label", "value": "shown"}))


def economics_chart(table: pd.DataFrame, ctx: ChartContext) -> BriefChart:
    """Rates (return, repurchase, take) side by side per platform; AOV in its own panel (yuan)."""
    rows = _platform_names(table, ctx)
    rows["metric_label"] = rows["metric"].map(lambda m: ctx.t(f"metric.{m}"))
    rows["scope_label"] = rows["scope"].map(lambda s: ctx.t(f"scope.{s}"))
    rows["shown"] = [ctx.fmt.amount(lo, hi, d, 3) for lo, hi, d in zip(rows["low"], rows["high"], rows["dimension"])]
    order = [ctx.platform_names[p] for p in ctx.platforms]
    data = rows[["platform_name", "metric", "metric_label", "value", "shown", "basis_label", "scope_label", "period"]]
    tooltip = [alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
               alt.Tooltip("metric_label:N", title=ctx.t("label.metric")),
               alt.Tooltip("shown:N", title=ctx.t("label.value")),
               alt.Tooltip("scope_label:N", title=ctx.t("label.scope")),
               alt.Tooltip("period:N", title=ctx.t("label.period")),
               alt.Tooltip("basis_label:N", title=ctx.t("label.basis"))]
    colour = alt.Color("platform_name:N", title=None, sort=order, scale=platform_scale(ctx.platforms, ctx.platform_names))
    rate_order = [ctx.t(f"metric.{m}") for m in ("return_rate", "repurchase_rate", "take_rate")]
    rates = alt.Chart(data).transform_filter("datum.metric != 'aov'").mark_bar().encode(
        x=alt.X("metric_label:N", title=None, sort=rate_order, scale=alt.Scale(domain=rate_order)),
        xOffset=alt.XOffset("platform_name:N", sort=order),
        y=alt.Y("value:Q", title="%", scale=alt.Scale(domain=[0, 100])),
        color=colour, tooltip=tooltip,
    ).properties(width=360, height=180)
    aov = alt.Chart(data).transform_filter("datum.metric == 'aov'").mark_bar().encode(
        x=alt.X("platform_name:N", title=None, sort=order, scale=alt.Scale(domain=order), axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("value:Q", title=ctx.t("chart.economics.aov_axis")),
        color=colour, tooltip=tooltip,
    ).properties(width=170, height=180)
    chart = alt.hconcat(rates, aov, spacing=28)
    notes = _basis_notes(rows, ctx)
    if (rows["scope"] != "all").any():
        notes.append(ctx.t("note.scope_mixed"))
    notes += _missing_note(rows, ctx)
    alt_text = ctx.t("chart.economics.alt", n=len(rows))
    return BriefChart("economics", chart, ctx.t("chart.economics.title"), ctx.t("chart.economics.subtitle"), alt_text,
                      _all_sources(rows["sources"]), tuple(notes),
                      data_table(rows, {"platform": "platform_name", "metric": "metric_label", "value": "shown", "scope": "scope_label", "period": "period", "basis": "basis_label"}))


def gap_chart_for(key: str, ctx: ChartContext, **title_params) -> BriefChart:
    """A chart slot whose data is missing: the gap is shown, never a blank or an invented bar."""
    message = ctx.t("note.no_data_for", names=ctx.t("list_sep").join(ctx.platform_names[p] for p in ctx.platforms))
    chart = alt.Chart(pd.DataFrame({"text": [message]})).mark_text(fontSize=13, color="#5f6368").encode(
        text="text:N").properties(width=CHART_WIDTH, height=60)
    title_key = "chart.demographics.title_" + key.split("_", 1)[1] if key.startswith("demographics_") else f"chart.{key}.title"
    subtitle_key = "chart.demographics.subtitle" if key.startswith("demographics_") else (
        f"chart.{key}.subtitle" if f"chart.{key}.subtitle" in ctx.messages else "chart.gmv.subtitle")
    return BriefChart(key, chart, ctx.t(title_key, **title_params), ctx.t(subtitle_key), message, (), (message,),
                      pd.DataFrame(columns=["sources"]))
