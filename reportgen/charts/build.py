"""Chart builders: each turns analysis results into a BriefChart (an Altair chart plus the title,
alt text, sources, notes and the data table the brief prints with it).

Every chart that sets platforms side by side draws one panel per measure (the comparability
guard): bars in one panel share a measure and may be compared; panels may not. Values in the
data tables are shown exactly as the tables and prose show them (qualifiers kept)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from dataclasses import fields as dataclass_fields
from functools import lru_cache

import altair as alt
import pandas as pd

from reportgen.analysis import scale
from reportgen.analysis.audience import DIMENSIONS
from reportgen.analysis.economics import by_metric_measure, family_metrics
from reportgen.analysis.figures import Figure
from reportgen.analysis.evidence import Window
from reportgen.cache import cached_text, code_and_templates_digest, digest_of, environment_digest, store_text, value_digest
from reportgen.charts.theme import BUCKET_RAMP, CHART_WIDTH, platform_colours, platform_scale
from reportgen.i18n import load_catalogue, message_for
from reportgen.measures import METRICS, by_measure, same_measure
from reportgen.periods import Quarter
from reportgen.data.registry import FAMILIES
from reportgen.view.models import BriefContent
from reportgen.view.present import Presenter, Shown

FIRST_YEAR = 2019  # charts start here; earlier figures stay in the data and the exports
BASIS_OPACITY = {"reported": 1.0, "derived": 0.75, "estimate": 0.35}
# The basis in shape as well as shade (legible in greyscale and for colour-blind readers): a
# solid outline for a company's own figure, dashes for a derived one, dots for an estimate.
BASIS_DASH = {"reported": [1, 0], "derived": [5, 2], "estimate": [2, 2]}


@dataclass(frozen=True)
class ChartContext:
    lang: str
    messages: dict[str, str]
    platforms: list[str]  # display order
    platform_names: dict[str, str]
    platform_colours: dict[str, str]
    category_names: dict[str, str]
    present: Presenter
    quarter: Quarter
    window: Window  # the evidence window: cross-section charts show current figures only

    def t(self, key: str, **kw) -> str:
        text = message_for(self.messages, key, kw.get("n"))
        return text.format(**kw) if kw else text

    @property
    def order(self) -> list[str]:
        return [self.platform_names[p] for p in self.platforms]

    def names(self, platforms) -> str:
        return self.t("list_sep").join(self.platform_names[p] for p in self.platforms if p in set(platforms))

    def money_unit(self) -> tuple[float, str]:
        """Chart axes are in 亿元 (zh) or CNY billion (en)."""
        return float(load_catalogue(self.lang).settings["chart_money_divisor"]), self.t("chart.money_axis")


@dataclass(frozen=True)
class BriefChart:
    key: str
    spec: dict  # the Vega-Lite spec, themed: Altair draws the chart, and nothing downstream needs Altair
    title: str
    subtitle: str
    alt_text: str
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()
    # The data behind the chart as the reader sees it: headers are catalogue label keys; each
    # cell is text or a Shown figure (printed exactly as elsewhere in the brief).
    headers: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = field(default_factory=tuple)


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec in the brief's theme. Validating it against the schema costs
    about 2 s a language, so builds skip it; the test suite validates every chart of the brief."""
    with alt.theme.enable("reportgen"):
        return chart.to_dict(validate=False)


def _sources(figs) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for f in figs for s in f.sources))


def _basis_label(ctx: ChartContext, basis: str) -> str:
    return ctx.t(f"basis.{basis}")


def _figure_rows(figs: list[Figure], ctx: ChartContext, divisor: float = 1.0) -> pd.DataFrame:
    rows = []
    for f in figs:
        shown = ctx.present.show(f)
        low, high = f.growth_pct() if f.measure.spec and f.measure.spec.dimension == "growth" else (f.low, f.high)
        rows.append({"platform": f.platform, "platform_name": ctx.platform_names.get(f.platform, f.platform),
                     "period": f.period, "year": (f.period_end.year if f.period_end else 0),
                     "low": low / divisor, "high": high / divisor, "basis": f.basis,
                     "basis_label": _basis_label(ctx, f.basis), "shown": shown.text, "label": _label(ctx, shown)})
    return pd.DataFrame(rows, columns=["platform", "platform_name", "period", "year", "low", "high", "basis",
                                       "basis_label", "shown", "label"])


def _tooltip(ctx: ChartContext, extra=()) -> list:
    return [alt.Tooltip("platform_name:N", title=ctx.t("label.platform")),
            alt.Tooltip("period:N", title=ctx.t("label.period")),
            alt.Tooltip("shown:N", title=ctx.t("label.value")),
            alt.Tooltip("basis_label:N", title=ctx.t("label.basis")), *extra]


def _panel_title(text: str) -> alt.TitleParams:
    return alt.TitleParams(text=text, fontSize=11, fontWeight="normal", anchor="start", color="#444444", offset=4)


def _basis_opacity(ctx: ChartContext, present_bases) -> alt.FillOpacity:
    # The scale always spans every basis (a one-value opacity range draws nothing in Vega);
    # the legend lists only the bases the chart shows.
    labels = [_basis_label(ctx, b) for b in BASIS_OPACITY]
    shown = [_basis_label(ctx, b) for b in BASIS_OPACITY if b in set(present_bases)]
    # An ordinal scale maps each basis to its own opacity; Vega-Lite's default for a nominal
    # opacity is a point scale, which spreads the domain between the first two range values
    # (an estimate came out at 0.75, not 0.35).
    # The fill only: the outline stays dark, so its dots and dashes show.
    return alt.FillOpacity("basis_label:N", title=None, sort=labels,
                       scale=alt.Scale(type="ordinal", domain=labels, range=list(BASIS_OPACITY.values())),
                       legend=alt.Legend(orient="bottom", direction="horizontal", values=shown,
                                         symbolFillColor="#5f6368", symbolStrokeColor="#5f6368"))  # grey, not a platform's colour


def _basis_outline(ctx: ChartContext, present_bases) -> alt.StrokeDash:
    """The bar's outline by basis, in the same legend as its shade (same field, same values)."""
    labels = [_basis_label(ctx, b) for b in BASIS_DASH]
    shown = [_basis_label(ctx, b) for b in BASIS_DASH if b in set(present_bases)]
    return alt.StrokeDash("basis_label:N", title=None, sort=labels,
                          scale=alt.Scale(domain=labels, range=list(BASIS_DASH.values())),
                          legend=alt.Legend(orient="bottom", direction="horizontal", values=shown,
                                            symbolFillColor="#5f6368", symbolStrokeColor="#222222", symbolStrokeWidth=1.2))


def _table(figs: list[Figure], ctx: ChartContext, measure_label=None) -> tuple[tuple, tuple]:
    headers = ("platform", "measure", "period", "value", "basis")
    rows = tuple((ctx.platform_names.get(f.platform, f.platform),
                  measure_label(f) if measure_label else ctx.present.measure(f.measure, platform=f.platform),
                  ctx.present.period(f.period), ctx.present.show(f), _basis_label(ctx, f.basis)) for f in figs)
    return headers, rows


def _panels(panels: list, spacing: int = 16):
    chart = panels[0] if len(panels) == 1 else alt.vconcat(*panels, spacing=spacing)
    return chart.resolve_scale(color="shared", fillOpacity="shared", strokeDash="shared") if len(panels) > 1 else chart


def gap_chart(key: str, title: str, subtitle: str, reason: str, ctx: ChartContext, headers: tuple = (),
              rows: tuple = (), sources: tuple = ()) -> BriefChart:
    """A chart slot whose comparison the data does not allow: the reason is shown, never a
    blank or an invented bar. Older figures it leaves out can still travel in its data table."""
    chart = alt.Chart(pd.DataFrame({"text": [reason]})).mark_text(fontSize=12, color="#5f6368", lineBreak="\n").encode(
        text="text:N").properties(width=CHART_WIDTH, height=50)
    return BriefChart(key, spec_of(chart), title, subtitle, reason, sources, (), headers, rows)


def current(items, ctx: ChartContext, fig=lambda x: x):
    """Cross-section charts compare what is current: figures older than the evidence window stay
    in the data table only."""
    return [x for x in items if ctx.window.current(fig(x))]


def current_panels(figs: list[Figure], ctx: ChartContext) -> list[Figure]:
    """A time series keeps its old years as history, but a panel (a measure) with nothing current
    is not drawn: the chart would show a stale measure as if it were today's."""
    return [f for group in by_measure(figs).values() if any(ctx.window.current(x) for x in group) for f in group]


# --- scale and growth -----------------------------------------------------------------------

def gmv_chart(series: list[scale.Series], ctx: ChartContext) -> BriefChart:
    """Annual GMV: one panel per measure; bars to the stated value, a line up to the high end of
    a range one source states; estimates lighter."""
    title, subtitle = ctx.t("chart.gmv.title"), ctx.t("chart.gmv.subtitle")
    figs = current_panels([f for s in series for f in s.figures if f.period_end.year >= FIRST_YEAR], ctx)
    if not figs:
        return gap_chart("gmv", title, subtitle, ctx.t("gap.gmv"), ctx)
    divisor, axis = ctx.money_unit()
    panels = []
    for measure, group in by_measure(figs).items():
        same_measure(group)
        rows = _figure_rows(group, ctx, divisor)
        rows["value_label"] = [_label(ctx, replace(ctx.present.show(f), text=ctx.present.fmt.in_unit(f, divisor))) for f in group]
        rows["year_label"] = [f"FY{y}" if measure.year_basis == "fiscal" else str(y) for y in rows["year"]]
        base = alt.Chart(rows).encode(x=alt.X("year_label:O", title=None),
                                      xOffset=alt.XOffset("platform_name:N", sort=ctx.order))
        top = max(rows["high"]) * 1.45  # headroom for the upright value labels
        bars = base.mark_bar(stroke="#333333", strokeWidth=0.8).encode(
            y=alt.Y("low:Q", title=axis, axis=alt.Axis(format=",.0f"), scale=alt.Scale(domain=[0, top], nice=False)),
            color=alt.Color("platform_name:N", title=None, sort=ctx.order, scale=platform_scale(ctx.platforms, ctx.platform_names, ctx.platform_colours)),
            fillOpacity=_basis_opacity(ctx, [f.basis for f in figs]),
            strokeDash=_basis_outline(ctx, [f.basis for f in figs]),
            tooltip=_tooltip(ctx))
        ranges = base.transform_filter("datum.low != datum.high").mark_rule(color="#333333", strokeWidth=1.4).encode(
            y="low:Q", y2="high:Q")
        # Each bar's value as the brief prints it (its hedge and basis mark), upright above the bar.
        values = base.mark_text(angle=270, align="left", baseline="middle", dx=3, fontSize=8, color="#333333").encode(
            y="high:Q", text="value_label:N")
        label = ctx.present.measure_of(measure, {f.platform for f in group})
        panels.append((bars + ranges + values).properties(width=CHART_WIDTH, height=105, title=_panel_title(label)))
    notes = [ctx.t("note.panels_are_measures")] if len(panels) > 1 else []
    notes += _common_notes(figs, ctx)
    headers, rows = _table(figs, ctx)
    alt_text = ctx.t("chart.gmv.alt", platforms=ctx.names({f.platform for f in figs}), n=len(panels))
    return BriefChart("gmv", spec_of(_panels(panels)), title, subtitle, alt_text, _sources(figs), tuple(notes), headers, rows)


def _common_notes(figs: list[Figure], ctx: ChartContext, missing: bool = True) -> list[str]:
    notes = []
    if any(f.basis == "estimate" for f in figs):
        notes.append(ctx.t("note.estimates_shown"))
    if any(f.basis == "derived" for f in figs):
        notes.append(ctx.t("note.derived_shown"))
    if any(f.is_range for f in figs):
        notes.append(ctx.t("note.ranges"))
    if any(f.qualifier for f in figs):
        notes.append(ctx.t("note.qualifiers"))
    absent = [p for p in ctx.platforms if p not in {f.platform for f in figs}]
    if missing and absent:
        notes.append(ctx.t("note.no_data_for", names=ctx.t("list_sep").join(ctx.platform_names[p] for p in absent)))
    return notes


def _runs(rows: pd.DataFrame) -> list[str]:
    """A line joins only consecutive years: a platform's line breaks where a year has no figure
    (Douyin's 2022 and 2024 growth are not joined across the missing 2023)."""
    runs, last = [], {}
    for platform, year in zip(rows["platform"], rows["year"]):
        prev_year, n = last.get(platform, (None, 0))
        n = n if prev_year is not None and year == prev_year + 1 else n + 1
        last[platform] = (year, n)
        runs.append(f"{platform}-{n}")
    return runs


def growth_chart(series: list[scale.Series], ctx: ChartContext) -> BriefChart:
    """Annual growth: one panel per measure; lines with points, estimate-based points hollow."""
    title, subtitle = ctx.t("chart.growth.title"), ctx.t("chart.growth.subtitle")
    figs = current_panels([f for s in series for f in s.figures if f.period_kind == "year" and f.period_end.year >= FIRST_YEAR], ctx)
    if not figs:
        return gap_chart("growth", title, subtitle, ctx.t("gap.growth"), ctx)
    panels = []
    for measure, group in by_measure(figs).items():
        same_measure(group)
        rows = _figure_rows(group, ctx)
        rows["estimated"] = rows["basis"] == "estimate"
        rows["run"] = _runs(rows)
        base = alt.Chart(rows).encode(
            x=alt.X("period:O", title=None),
            y=alt.Y("low:Q", title=ctx.t("chart.growth.axis")),
            color=alt.Color("platform_name:N", title=None, sort=ctx.order, scale=platform_scale(ctx.platforms, ctx.platform_names, ctx.platform_colours)))
        layer = (base.mark_line(strokeWidth=2).encode(detail="run:N")
                 + base.transform_filter("!datum.estimated").mark_point(size=70, strokeWidth=2, filled=True).encode(tooltip=_tooltip(ctx))
                 + base.transform_filter("datum.estimated").mark_point(size=70, strokeWidth=2, fill="#FFFFFF").encode(tooltip=_tooltip(ctx))
                 + base.mark_text(dy=-10, fontSize=10).encode(text="label:N"))
        label = ctx.present.measure_of(measure, {f.platform for f in group})
        panels.append(layer.properties(width=CHART_WIDTH, height=95, title=_panel_title(label)))
    notes = ([ctx.t("note.panels_are_measures")] if len(panels) > 1 else []) + _common_notes(figs, ctx)
    if any(f.basis == "estimate" for f in figs):
        notes.append(ctx.t("note.hollow_estimates"))
    headers, rows = _table(figs, ctx)
    return BriefChart("growth", spec_of(_panels(panels)), title, subtitle, ctx.t("chart.growth.alt", n=len(figs)), _sources(figs),
                      tuple(notes), headers, rows)


def quarterly_chart(quarterly: list[scale.QuarterlySeries], ctx: ChartContext) -> BriefChart:
    """Each platform's company-reported quarterly figures, one panel per platform and measure
    (each on its own scale: Kuaishou's GMV and PDD's revenue are different things). Every quarter
    of the span is on the axis, so a quarter without a figure is a visible gap; growth is printed
    above each quarter that states it, with or without a level."""
    title, subtitle = ctx.t("chart.quarterly.title"), ctx.t("chart.quarterly.subtitle")
    if not quarterly:
        return gap_chart("quarterly", title, subtitle, ctx.t("gap.quarterly"), ctx)
    divisor, axis = ctx.money_unit()
    panels, all_figs = [], []
    for q in [q for q in quarterly if any(ctx.window.current(f) for f in (*q.level.figures, *q.growth.values()))]:
        figs = list(q.level.figures)
        all_figs += figs + list(q.growth.values())
        rows = _figure_rows(figs, ctx, divisor)
        growth = pd.DataFrame([{"period": p, "growth": _label(ctx, ctx.present.show(g))} for p, g in q.growth.items()])
        x = alt.X("period:O", title=None, scale=alt.Scale(domain=list(q.quarters)), axis=alt.Axis(labelAngle=0, labelFontSize=9))
        layers = []
        if len(rows):
            layers.append(alt.Chart(rows).mark_bar(width={"band": 0.7}).encode(
                x=x, y=alt.Y("low:Q", title=axis, axis=alt.Axis(format=",.0f")),
                color=alt.Color("platform_name:N", legend=None, sort=ctx.order, scale=platform_scale(ctx.platforms, ctx.platform_names, ctx.platform_colours)),
                tooltip=_tooltip(ctx)))
        if len(growth):
            layers.append(alt.Chart(growth).mark_text(fontSize=9, color="#333333", baseline="top").encode(
                x=x, y=alt.value(2), text="growth:N"))
        label = f"{ctx.platform_names[q.level.platform]}{ctx.t('measure_sep')}{ctx.present.measure(q.level.measure, platform=q.level.platform)}"
        panels.append(alt.layer(*layers).properties(width=CHART_WIDTH, height=110, title=_panel_title(label)))
    notes = [ctx.t("note.quarterly_panels")] + _common_notes(all_figs, ctx, missing=False)
    headers = ("platform", "measure", "period", "value", "growth")
    rows = tuple((ctx.platform_names[q.level.platform], ctx.present.measure(q.level.measure, platform=q.level.platform), p,
                  ctx.present.show(q.level.at(p)) if q.level.at(p) else "", ctx.present.show(q.growth[p]) if p in q.growth else "")
                 for q in quarterly for p in q.quarters if q.level.at(p) or p in q.growth)
    alt_text = ctx.t("chart.quarterly.alt", names=ctx.names({q.level.platform for q in quarterly}), n=len(panels))
    return BriefChart("quarterly", spec_of(alt.vconcat(*panels, spacing=14) if len(panels) > 1 else panels[0]), title, subtitle,
                      alt_text, _sources(all_figs), tuple(notes), headers, rows)


def _label(ctx: ChartContext, shown: Shown) -> str:
    """A chart label: the value as printed, with its basis mark when it is not a company figure
    (an estimate reads as one in the chart too, not only in the data table)."""
    mark = ctx.t(f"basis_mark.{shown.basis}")
    return f"{shown.text} {mark}" if mark else shown.text


def comparison_chart(key: str, comparisons: list[scale.Comparison], ctx: ChartContext) -> BriefChart:
    """Shares of the platforms' combined GMV, or multiples of the focus platform's: computed
    only from figures of one measure and period, so a missing comparison is a gap with a reason."""
    title, subtitle = ctx.t(f"chart.{key}.title"), ctx.t(f"chart.{key}.subtitle")
    if not comparisons:
        return gap_chart(key, title, subtitle, ctx.t(f"gap.{key}"), ctx)
    measure = same_measure(comparisons)
    rows = pd.DataFrame([{"platform_name": ctx.platform_names[c.platform], "period": c.period, "low": c.low, "high": c.high,
                          "shown": _label(ctx, ctx.present.show_comparison(c)), "basis_label": _basis_label(ctx, c.basis)}
                         for c in comparisons])
    base = alt.Chart(rows).encode(y=alt.Y("platform_name:N", title=None, sort=ctx.order),
                                  x=alt.X("low:Q", title=ctx.t(f"chart.{key}.axis")))
    chart = (base.mark_bar(height=18).encode(
        color=alt.Color("platform_name:N", legend=None, sort=ctx.order, scale=platform_scale(ctx.platforms, ctx.platform_names, ctx.platform_colours)),
        tooltip=_tooltip(ctx)) + base.mark_text(align="left", dx=4, fontSize=10).encode(text="shown:N")).properties(
        width=CHART_WIDTH - 80, height=28 * len(rows), title=_panel_title(f"{ctx.present.measure(measure)} · {comparisons[0].period}"))
    headers = ("platform", "period", "value", "basis")
    table = tuple((ctx.platform_names[c.platform], c.period, ctx.present.show_comparison(c), _basis_label(ctx, c.basis))
                  for c in comparisons)
    sources = tuple(dict.fromkeys(s for c in comparisons for s in c.sources))
    return BriefChart(key, spec_of(chart), title, subtitle, ctx.t(f"chart.{key}.alt"), sources, (ctx.t(f"note.{key}_rule"),), headers, table)


# --- subsidies ------------------------------------------------------------------------------

def subsidy_chart(programmes, ctx: ChartContext) -> BriefChart:
    """Timeline of support programmes (fees excluded), one mark per programme at its start."""
    title, subtitle = ctx.t("chart.subsidies.title"), ctx.t("chart.subsidies.subtitle")
    support = [p for p in programmes if not p.is_fee]
    dated = [p for p in support if p.start is not None and p.start.year >= FIRST_YEAR]
    if not dated:
        return gap_chart("subsidies", title, subtitle, ctx.t("gap.subsidies"), ctx)
    def kinds(p):
        return ctx.t("list_sep").join(ctx.t(f"kind.{k}") for k in p.kinds)

    def amounts(p):  # each amount with what it is about when the programme has several kinds of support
        return ctx.t("list_sep").join((f"{ctx.t('kind.' + p.part(f).kind)}: " if len(p.kinds) > 1 else "")
                                      + ctx.present.show(f).text for f in p.amounts) or ctx.t("label.no_amount")

    rows = pd.DataFrame([{"date": p.start.isoformat(), "platform_name": ctx.platform_names[p.platform], "name": p.name(ctx.lang),
                          "beneficiary": ctx.t(f"beneficiary.{p.beneficiary}"), "kind": kinds(p), "amount": amounts(p)}
                         for p in dated])
    chart = alt.Chart(rows).mark_point(size=110, filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", grid=True)),
        y=alt.Y("platform_name:N", title=None, sort=ctx.order, scale=alt.Scale(domain=ctx.order)),
        color=alt.Color("platform_name:N", legend=None, sort=ctx.order, scale=platform_scale(ctx.platforms, ctx.platform_names, ctx.platform_colours)),
        shape=alt.Shape("beneficiary:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("platform_name:N", title=ctx.t("label.platform")), alt.Tooltip("name:N", title=ctx.t("label.programme")),
                 alt.Tooltip("kind:N", title=ctx.t("label.kind")), alt.Tooltip("beneficiary:N", title=ctx.t("label.beneficiary")),
                 alt.Tooltip("amount:N", title=ctx.t("label.amount"))],
    ).properties(width=CHART_WIDTH, height=190)
    notes = []
    if len(support) > len(dated):
        notes.append(ctx.t("note.undated_programmes", n=len(support) - len(dated), year=FIRST_YEAR))
    notes.append(ctx.t("note.fees_apart"))
    headers = ("platform", "programme", "kind", "beneficiary", "period", "amount")
    table = tuple((ctx.platform_names[p.platform], p.name(ctx.lang), kinds(p), ctx.t(f"beneficiary.{p.beneficiary}"),
                   ctx.present.period(p.period), amounts(p)) for p in dated)
    return BriefChart("subsidies", spec_of(chart), title, subtitle, ctx.t("chart.subsidies.alt", n=len(dated)),
                      tuple(dict.fromkeys(s for p in dated for s in p.sources)), tuple(notes), headers, table)


# --- audience -------------------------------------------------------------------------------

def demographics_chart(groups, dimension: str, ctx: ChartContext) -> BriefChart:
    """One panel per comparable group (same population, scope, bucket scheme and period):
    bars per platform stacked by bucket; buckets the source does not state are left blank."""
    key = f"demographics_{dimension}"
    title, subtitle = ctx.t(f"chart.{key}.title"), ctx.t("chart.demographics.subtitle")
    headers = ("platform", "measure", "bucket", "period", "share", "basis")
    every = [(d, f) for group in groups for d in group for f in d.shares]
    table_all = tuple((ctx.platform_names[d.platform], ctx.present.measure(d.measure, platform=d.platform),
                       ctx.messages.get(f"bucket.{f.subject}", f.subject), d.period, ctx.present.show(f),
                       _basis_label(ctx, f.basis)) for d, f in every)
    shown_groups = [g for g in groups if current(g, ctx, lambda d: d.shares[0])]
    shown_groups = [current(g, ctx, lambda d: d.shares[0]) for g in shown_groups]
    if not shown_groups:
        reason = ctx.t("gap.demographics_current") if groups else ctx.t("gap.demographics")
        return gap_chart(key, title, subtitle, reason, ctx, headers, table_all, _sources(f for _, f in every))
    panels, figs = [], []
    # One basis legend for the whole chart (its panels share it): the bases of every panel.
    bases = [f.basis for group in shown_groups for d in group for f in d.shares]
    for group in shown_groups:
        measure = same_measure(group)
        rows = []
        for d in group:
            start = 0.0
            for f in d.shares:
                label = ctx.messages.get(f"bucket.{f.subject}", f.subject)
                rows.append({"platform_name": ctx.platform_names[d.platform], "bucket": label, "start": start,
                             "end": start + f.low, "shown": _label(ctx, ctx.present.show(f)), "period": d.period,
                             "basis_label": _basis_label(ctx, f.basis), "order": len(rows)})
                start += f.low
                figs.append(f)
        frame = pd.DataFrame(rows)
        buckets = list(dict.fromkeys(frame["bucket"]))
        base = alt.Chart(frame).encode(y=alt.Y("platform_name:N", title=None, sort=ctx.order))
        bars = base.mark_bar(height=16, stroke="#333333", strokeWidth=0.8).encode(
            x=alt.X("start:Q", title=ctx.t("label.share_pct"), scale=alt.Scale(domain=[0, 100])), x2="end:Q",
            color=alt.Color("bucket:N", title=None, sort=buckets, scale=alt.Scale(domain=buckets, range=BUCKET_RAMP[:len(buckets)]),
                            legend=alt.Legend(orient="bottom", columns=6)),
            fillOpacity=_basis_opacity(ctx, bases), strokeDash=_basis_outline(ctx, bases),
            tooltip=[alt.Tooltip("platform_name:N", title=ctx.t("label.platform")), alt.Tooltip("bucket:N", title=ctx.t("label.bucket")),
                     alt.Tooltip("shown:N", title=ctx.t("label.share")), alt.Tooltip("period:N", title=ctx.t("label.period")),
                     alt.Tooltip("basis_label:N", title=ctx.t("label.basis"))])
        labels = base.transform_filter("datum.end - datum.start >= 8").mark_text(color="#FFFFFF", fontSize=9).encode(
            x=alt.X("mid:Q"), text="shown:N").transform_calculate(mid="(datum.start + datum.end) / 2")
        height = 26 * len(group) + 6
        label = f"{ctx.present.measure_of(measure, {d.platform for d in group})} · {group[0].period}"
        panels.append((bars + labels).properties(width=CHART_WIDTH - 40, height=height, title=_panel_title(label)))
    chart = alt.vconcat(*panels, spacing=14).resolve_scale(color="independent") if len(panels) > 1 else panels[0]
    notes = [ctx.t("note.schemes_apart")] + _common_notes(figs, ctx)
    older = len(every) - len(figs)
    if older:
        notes.append(ctx.t("note.older_in_table", n=older))
    alt_text = ctx.t("chart.demographics.alt", dimension=ctx.t(f"dimension.{dimension}"), n=len(panels))
    return BriefChart(key, spec_of(chart), title, subtitle, alt_text, _sources(f for _, f in every), tuple(notes), headers, table_all)


def skew_chart(skews, ctx: ChartContext) -> BriefChart:
    title, subtitle = ctx.t("chart.skew.title"), ctx.t("chart.skew.subtitle")
    if not skews:
        return gap_chart("skew", title, subtitle, ctx.t("gap.skew"), ctx)
    rows = pd.DataFrame([{"label": f"{ctx.present.measure(s.measure)} · {ctx.messages.get('bucket.' + s.bucket, s.bucket)}",
                          "skew": s.skew_pp, "shown": ctx.t("label.pp", x=ctx.present.fmt.number(s.skew_pp, 1))} for s in skews])
    chart = alt.Chart(rows).mark_bar(height=14).encode(
        y=alt.Y("label:N", title=None, sort=None), x=alt.X("skew:Q", title=ctx.t("chart.skew.axis")),
        color=alt.condition("datum.skew >= 0", alt.value("#07A35A"), alt.value("#9AA5B1")),
        tooltip=[alt.Tooltip("label:N", title=ctx.t("label.bucket")), alt.Tooltip("shown:N", title=ctx.t("label.value"))],
    ).properties(width=CHART_WIDTH - 160, height=max(40, 22 * len(rows)))
    figs = [f for s in skews for f in (s.focus, *s.peers)]
    headers = ("bucket", "value")
    table = tuple((r.label, r.shown) for r in rows.itertuples())
    return BriefChart("skew", spec_of(chart), title, subtitle, ctx.t("chart.skew.alt", n=len(rows)), _sources(figs),
                      (ctx.t("note.skew_method"),), headers, table)


# --- categories and unit economics ------------------------------------------------------------

def category_chart(mixes, ctx: ChartContext) -> BriefChart:
    """Category shares, one panel per measure (share of GMV, of orders, of sales …) and scope."""
    title, subtitle = ctx.t("chart.categories.title"), ctx.t("chart.categories.subtitle")
    headers = ("platform", "measure", "category", "period", "share", "basis")
    table = tuple((ctx.platform_names[mix.platform], ctx.present.measure(mix.measure, platform=mix.platform),
                   ctx.category_names.get(f.subject, f.subject), mix.period, ctx.present.show(f), _basis_label(ctx, f.basis))
                  for mix in mixes for f in mix.shares)
    every = [f for mix in mixes for f in mix.shares]
    shown = [mix for mix in mixes if mix.shares[0].period_end and current([mix.shares[0]], ctx)]
    if not shown:
        reason = ctx.t("gap.categories_current") if mixes else ctx.t("gap.categories")
        return gap_chart("categories", title, subtitle, reason, ctx, headers, table, _sources(every))
    panels, figs = [], []
    for measure, group in by_measure(shown).items():
        rows = []
        for mix in group:
            for f in mix.shares:
                name = ctx.category_names.get(f.subject, f.subject)
                rows.append({"platform_name": ctx.platform_names[mix.platform], "category": name, "low": f.low,
                             "shown": _label(ctx, ctx.present.show(f)), "period": mix.period, "basis_label": _basis_label(ctx, f.basis)})
                figs.append(f)
        frame = pd.DataFrame(rows)
        base = alt.Chart(frame).encode(y=alt.Y("category:N", title=None), yOffset=alt.YOffset("platform_name:N", sort=ctx.order),
                                       x=alt.X("low:Q", title=ctx.t("label.share_pct"), scale=alt.Scale(domain=[0, 100])))
        bars = base.mark_bar(height=12).encode(
            color=alt.Color("platform_name:N", title=None, sort=ctx.order, scale=platform_scale(ctx.platforms, ctx.platform_names, ctx.platform_colours)),
            tooltip=[alt.Tooltip("platform_name:N", title=ctx.t("label.platform")), alt.Tooltip("category:N", title=ctx.t("label.category")),
                     alt.Tooltip("shown:N", title=ctx.t("label.share")), alt.Tooltip("period:N", title=ctx.t("label.period"))])
        text = base.mark_text(align="left", dx=3, fontSize=9).encode(text="shown:N")
        panels.append((bars + text).properties(width=CHART_WIDTH - 120, height=18 * len(frame) + 10,
                                               title=_panel_title(ctx.present.measure_of(measure, {m.platform for m in group}))))
    notes = ([ctx.t("note.panels_are_measures")] if len(panels) > 1 else []) + _common_notes(figs, ctx)
    if len(every) > len(figs):
        notes.append(ctx.t("note.older_in_table", n=len(every) - len(figs)))
    alt_text = ctx.t("chart.categories.alt", n=len(figs), platforms=ctx.names({m.platform for m in shown}))
    return BriefChart("categories", spec_of(_panels(panels)), title, subtitle, alt_text, _sources(every), tuple(notes), headers, table)


def family_chart(key: str, figures: list[Figure], metrics: tuple[str, ...], ctx: ChartContext) -> BriefChart:
    """A metrics family's latest figures (unit economics), one panel per measure: take rate on
    commissions apart from take rate on all platform revenue, live-commerce AOV apart from
    whole-platform AOV. Texts are the catalogue's chart.<key>.* and gap.<key>."""
    title, subtitle = ctx.t(f"chart.{key}.title"), ctx.t(f"chart.{key}.subtitle")
    headers, table = _table(figures, ctx)
    shown = current(figures, ctx)
    if not shown:
        reason = ctx.t(f"gap.{key}_current") if figures else ctx.t(f"gap.{key}")
        return gap_chart(key, title, subtitle, reason, ctx, headers, table, _sources(figures))
    panels = []
    for measure, group in by_metric_measure(shown, metrics).items():
        same_measure(group)
        rows = _figure_rows(group, ctx)
        axis = ctx.messages.get(f"chart.{key}.{METRICS[measure.metric].dimension}_axis", "%")
        base = alt.Chart(rows).encode(y=alt.Y("platform_name:N", title=None, sort=ctx.order),
                                      x=alt.X("low:Q", title=axis))
        bars = base.mark_bar(height=14, stroke="#333333", strokeWidth=0.8).encode(
            color=alt.Color("platform_name:N", legend=None, sort=ctx.order, scale=platform_scale(ctx.platforms, ctx.platform_names, ctx.platform_colours)),
            fillOpacity=_basis_opacity(ctx, [f.basis for f in shown]), strokeDash=_basis_outline(ctx, [f.basis for f in shown]),
            tooltip=_tooltip(ctx))
        text = base.mark_text(align="left", dx=3, fontSize=9).encode(text=alt.Text("label:N")).transform_calculate(
            label="datum.label + ' (' + datum.period + ')'")
        panels.append((bars + text).properties(width=CHART_WIDTH - 170, height=22 * len(rows) + 4,
                                               title=_panel_title(ctx.present.measure_of(measure, {f.platform for f in group}))))
    notes = [ctx.t("note.panels_are_measures")] + _common_notes(shown, ctx, missing=False)
    if len(figures) > len(shown):
        notes.append(ctx.t("note.older_in_table", n=len(figures) - len(shown)))
    return BriefChart(key, spec_of(_panels(panels, spacing=12)), title, subtitle, ctx.t(f"chart.{key}.alt", n=len(figures)),
                      _sources(figures), tuple(notes), headers, table)


def chart_context(content: BriefContent, platforms: list[dict]) -> ChartContext:
    """What every chart of one language's brief reads: its words and names, the platforms'
    order and colours (`platforms`: platforms.csv's rows), and how figures are shown."""
    return ChartContext(lang=content.lang, messages=content.messages, platforms=content.analysis.platforms,
                        platform_names=content.platform_names, platform_colours=platform_colours(platforms),
                        category_names=content.category_names, present=content.present, quarter=content.quarter,
                        window=content.analysis.window)


def brief_charts(content: BriefContent, platforms: list[dict], memo: dict | None = None,
                 keys: list[str] | None = None, cited: frozenset[str] = frozenset()) -> list[BriefChart]:
    """Every chart of the brief, in the order the sections show them (the "charts" stage). With
    `memo` (a preview keeps one between saves), a chart whose inputs are unchanged is reused.
    With `keys`, only those charts; with `cited` (figure keys), each time-series chart keeps only
    the panels that hold one of those figures (the summary edition's charts)."""
    a, ctx = content.analysis, chart_context(content, platforms)
    build = _memoised(memo, ctx)
    if cited:
        a = _panels_citing(a, cited)
    builders = {
        "gmv": (gmv_chart, a.gmv + a.focus_own_gmv),
        "growth": (growth_chart, a.growth + a.focus_own_growth),
        "quarterly": (quarterly_chart, a.quarterly),
        "share": (comparison_chart, "share", a.shares),
        "multiples": (comparison_chart, "multiples", a.multiples),
        "subsidies": (subsidy_chart, a.programmes),
        **{f"demographics_{d}": (demographics_chart, a.audience_groups[d], d) for d in DIMENSIONS},
        "skew": (skew_chart, a.skews),
        "categories": (category_chart, a.category_mixes),
        **{family.chart: (family_chart, family.chart, a.family_figures[family.key], family_metrics(family.key))
           for family in FAMILIES.values() if family.chart},
    }
    # Only the charts the evidence carries, in the sections' order, which numbers them.
    return [build(*builders[key]) for key in a.charts() if keys is None or key in keys]


def _panels_citing(a, cited: frozenset[str]):
    """The analysis with its time series cut to the measures (panels) holding a cited figure; a
    chart none of whose panels holds one keeps them all."""
    def series(items: list) -> list:
        kept = [s for s in items if any(f.key in cited for f in s.figures)]
        return kept or items

    def quarterly(items: list) -> list:
        kept = [q for q in items if any(f.key in cited for f in (*q.level.figures, *q.growth.values()))]
        return kept or items

    # The charts draw a.gmv + a.focus_own_gmv (and the same for growth): cut the two together.
    return replace(a, gmv=series(a.gmv + a.focus_own_gmv), focus_own_gmv=[],
                   growth=series(a.growth + a.focus_own_growth), focus_own_growth=[], quarterly=quarterly(a.quarterly))


MEMO_LIMIT = 100  # charts kept by a preview (12 a language and quarter)
CHART_CACHE = "chart-specs"  # the user cache's folder of built charts (cache.py)


def _memoised(memo: dict | None, ctx: ChartContext):
    """`builder(*args, ctx)`, looked up by a digest of everything the builder reads (its
    arguments, the whole context — language, messages, names, source numbers — and the code):
    first in `memo` (a preview keeps one between saves), then in the user cache, so a build
    whose data change touches one chart rebuilds that chart alone. Builders are pure, so equal
    inputs give an equal chart; inputs that cannot be digested are not cached."""

    try:
        context = value_digest(ctx)  # once a brief: the messages and names are most of it
    except TypeError:
        context = None

    def build(builder, *args) -> BriefChart:
        try:
            key = digest_of(builder.__name__, value_digest(args), context, _code_digest())
        except TypeError:
            return builder(*args, ctx)
        if context is None:
            return builder(*args, ctx)
        if memo is not None and key in memo:
            return memo[key]
        try:
            chart = chart_from_json(cached_text(CHART_CACHE, key, lambda: chart_to_json(builder(*args, ctx))))
        except (ValueError, KeyError, TypeError):  # a damaged cache entry: build it again
            chart = builder(*args, ctx)
            store_text(CHART_CACHE, key, chart_to_json(chart))
        if memo is not None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[key] = chart
        return chart

    return build


@lru_cache(maxsize=1)
def _code_digest() -> str:
    return digest_of(code_and_templates_digest(), environment_digest())


def chart_to_json(chart: BriefChart) -> str:
    """A built chart as JSON, its data table's figures as their fields."""
    def cell(c):
        return {"shown": asdict(c)} if isinstance(c, Shown) else c

    fields = {**{f.name: getattr(chart, f.name) for f in dataclass_fields(chart)},
              "rows": [[cell(c) for c in row] for row in chart.rows]}
    return json.dumps(fields, ensure_ascii=False)


def chart_from_json(text: str) -> BriefChart:
    def cell(c):
        if isinstance(c, dict):
            shown = c["shown"]
            return Shown(**{**shown, "sources": tuple(shown["sources"]), "others": tuple(shown["others"])})
        return c

    fields = json.loads(text)
    return BriefChart(**{**fields, "sources": tuple(fields["sources"]), "notes": tuple(fields["notes"]),
                         "headers": tuple(fields["headers"]),
                         "rows": tuple(tuple(cell(c) for c in row) for row in fields["rows"])})
