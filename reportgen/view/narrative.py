"""The brief's prose, from the analysis: key findings, the focus platform's deep-dive and the
data caveats.

Every sentence is a catalogue template filled with figures shown exactly as the tables show
them (the same key, text and marks); it carries the sources of those figures and the weakest
basis among them. A finding whose data is missing, or whose comparison the measure model does
not allow, is not written."""

from __future__ import annotations


import pandas as pd
from markupsafe import Markup, escape

from reportgen.analysis import scale
from reportgen.analysis.figures import ACTUAL, BASIS_RANK, Figure, weakest
from reportgen.i18n import message_for
from reportgen.measures import is_wider_scope
from reportgen.units import UNITS, significant_digits
from reportgen.view.models import Sentence
from reportgen.vocabulary import TIERS
from reportgen.view.present import Presenter, Shown

MAX_FINDINGS = 8
RECENT_YEARS = 2  # programmes and momentum from the brief's year and the one before


class Writer:
    """Fills catalogue templates with figures, shown as the tables show them, in one language."""

    def __init__(self, present: Presenter, names: dict[str, str], categories: dict[str, str]):
        self.present = present
        self.m = present.m
        self.names = names
        self.categories = categories

    def say(self, key: str, theme: str = "", sources: tuple[str, ...] = (), **params) -> Sentence:
        shown = [v for v in params.values() if isinstance(v, Shown)]
        values = {k: self.present.figure_html(v, footnote=False) if isinstance(v, Shown) else
                  (v if isinstance(v, Markup) else escape(str(v))) for k, v in params.items()}
        text = Markup(escape(message_for(self.m, key, params.get("n")))).format(**values)
        all_sources = tuple(dict.fromkeys([*sources, *(s for f in shown for s in f.sources)]))
        basis = weakest(*(f.basis for f in shown)) if shown else "reported"
        return Sentence(text, all_sources, basis, tuple(shown), theme)

    def show(self, fig: Figure) -> Shown:
        return self.present.show(fig)

    def name(self, platform: str) -> str:
        return self.names.get(platform, platform)

    def join(self, parts: list[Markup]) -> Markup:
        return Markup(escape(self.m["list_sep"])).join(parts)


# --- key findings ----------------------------------------------------------------------------

THEMES = ("scale", "growth", "momentum", "economics", "audience")


def key_findings(a, w: Writer) -> list[Sentence]:
    """Findings ranked by what matters to a strategist: scale and share first, then growth,
    momentum in the latest quarters, merchant economics and audience."""
    found: list[Sentence] = []
    for finder in (_comparable_scale, _share_of_total, _focus_scale, _focus_growth, _momentum, _rival_growth,
                   _merchant_support, _focus_audience):
        found += [s for s in finder(a, w) if s is not None]
    found.sort(key=lambda s: THEMES.index(s.theme))
    return found[:MAX_FINDINGS]


def _comparable_scale(a, w):
    """Platforms on the same measure in the same year, ranked, with the leader's multiple of the smallest."""
    out = []
    for measure, period, figs in a.rankings:
        if len(figs) < 2 or not a.window.current(figs[0]):
            continue
        leader, smallest = figs[0], figs[-1]
        cmp = scale.multiple_of(leader, smallest)
        listing = w.join([Markup("{} {}").format(w.name(f.platform), w.present.figure_html(w.show(f), footnote=False))
                          for f in figs])
        out.append(w.say("finding.comparable_scale", "scale", sources=tuple(s for f in figs for s in f.sources[:1]),
                         period=period, measure=w.present.measure(measure), listing=listing,
                         leader=w.name(leader.platform), smallest=w.name(smallest.platform),
                         multiple=w.present.show_comparison(cmp)))
    return out[:1]


def _share_of_total(a, w):
    if not a.shares:
        return []
    period = max(a.shares, key=lambda c: c.inputs[0].period_end).period
    rows = [c for c in a.shares if c.period == period]
    leader = max(rows, key=lambda c: c.low)
    focus = next((c for c in rows if c.platform == a.focus), None)
    if focus is None:
        return []
    return [w.say("finding.share", "scale", period=period, leader=w.name(leader.platform),
                  share=w.present.show_comparison(leader), focus_share=w.present.show_comparison(focus))]


def _focus_scale(a, w):
    series = next((s for s in a.gmv if s.platform == a.focus), None)
    if series is None:
        return [w.say("finding.focus_no_level", "scale")]
    fig = series.latest
    params = dict(value=w.show(fig), period=fig.period, measure=w.present.measure(series.measure, platform=a.focus),
                  source=w.present.publisher(fig.lead_source))
    if is_wider_scope(a.focus, series.measure.scope):
        own = [s.latest for s in a.focus_own_gmv]
        if not own:
            return [w.say("finding.focus_level_nearest", "scale", **params)]
        # Every current own-scope level (Channels as a whole, its live commerce), each with its
        # measure, source and publication date: estimates made before a year closed read so.
        if not any(a.window.current(f) for f in own):
            # Only old own-scope levels: say that none is current, never print them as if they were.
            newest = max(own, key=lambda f: f.period_end)
            return [w.say("finding.focus_level_nearest_own_none", "scale", newest=newest.period, **params)]
        own = [f for f in own if a.window.current(f)]
        listing = w.join([Markup(escape(w.m["finding.own_level_item"])).format(
            value=w.present.figure_html(w.show(f), footnote=False), period=f.period,
            measure=w.present.measure(f.measure, platform=a.focus), source=w.present.publisher(f.lead_source),
            published=f.published.strftime("%Y-%m") if f.published else w.m["text.undated"]) for f in own])
        return [w.say("finding.focus_level_nearest_own", "scale", sources=tuple(src for f in own for src in f.sources),
                      own=listing, **params)]
    rivals = [r for r in a.rankings if r[0] == series.measure and any(f.platform == a.focus for f in r[2])]
    return [w.say("finding.focus_level_compared" if rivals else "finding.focus_level_alone", "scale", **params)]


def _focus_growth(a, w):
    series = next((s for s in a.growth if s.platform == a.focus), None)
    if series is None or not a.window.current(series.latest):
        return []
    latest = series.latest
    earlier = [f for f in series.figures[:-1] if f.period_kind == latest.period_kind]
    if earlier:
        return [w.say("finding.focus_growth_after", "growth", growth=w.show(latest), period=latest.period,
                      before=w.show(earlier[-1]), before_period=earlier[-1].period,
                      measure=w.present.measure(series.measure, with_metric=False, platform=a.focus))]
    return [w.say("finding.focus_growth", "growth", growth=w.show(latest), period=latest.period,
                  measure=w.present.measure(series.measure, with_metric=False, platform=a.focus))]


def _rival_growth(a, w):
    """Each rival's latest annual growth, one platform per sentence (different measures are
    never set side by side)."""
    out = []
    for s in (s for s in a.growth if s.platform in a.rivals):
        f = s.latest
        if s.platform == a.focus or not a.window.current(f) or f.period_kind != "year" or f.basis not in ACTUAL:
            continue
        if any(q.level.platform == s.platform for q in a.quarterly):
            continue  # its quarterly momentum finding says more
        params = dict(platform=w.name(s.platform), growth=w.show(f), period=f.period,
                      measure=w.present.measure(s.measure, with_metric=False, platform=s.platform))
        newer = scale.newer_growth_windows(a.book, s.platform, f)
        if not newer:
            out.append(w.say("finding.rival_growth", "growth", **params))
            continue
        # Estimates for windows that end later than the year (the twelve months to July; January
        # to October), each with its window and measure: newer, but not the same period.
        listing = w.join([Markup(escape(w.m["finding.window_item"])).format(
            value=w.present.figure_html(w.show(g), footnote=False), period=g.period,
            measure=w.present.measure(g.measure, with_metric=False, platform=s.platform)) for g in newer])
        out.append(w.say("finding.rival_growth_newer", "growth", sources=tuple(src for g in newer for src in g.sources),
                         newer=listing, **params))
    return out


def _momentum(a, w):
    """Each platform's newest company-reported quarter (a level with its growth, or the growth
    alone where the company reports no level), with the range of growth over the last four
    quarters of the same measure."""
    out = []
    for mo in (m for m in a.momentum if m.platform in (a.focus, *a.rivals)):  # references stay out of the narrative
        f = mo.figure
        if mo.growth_only:  # Alibaba reports CMR growth, not always its level
            key = "finding.momentum_growth_only_track" if mo.has_track else "finding.momentum_growth_only"
            out.append(w.say(key, "momentum", platform=w.name(mo.platform),
                             metric=w.present.metric(mo.level_measure.metric, in_text=True),
                             measure=w.present.measure(mo.level_measure, with_metric=False, platform=mo.platform),
                             growth=w.show(f), quarter=f.period, n=len(mo.track), low=w.show(mo.slowest),
                             high=w.show(mo.fastest)))
            continue
        params = dict(platform=w.name(mo.platform), metric=w.present.metric(f.measure.metric, in_text=True),
                      measure=w.present.measure(f.measure, with_metric=False, platform=mo.platform), value=w.show(f),
                      quarter=f.period)
        if mo.growth is None:
            out.append(w.say("finding.momentum_level", "momentum", **params))
        elif mo.has_track:
            out.append(w.say("finding.momentum_track", "momentum", growth=w.show(mo.growth), n=len(mo.track),
                             low=w.show(mo.slowest), high=w.show(mo.fastest), **params))
        else:
            out.append(w.say("finding.momentum", "momentum", growth=w.show(mo.growth), **params))
    return out


def _merchant_support(a, w):
    """What a platform says its support paid out or saved merchants over a whole year: one
    platform per sentence. Pledges are not ranked against each other (their horizons differ:
    a three-year plan, a twelve-month one)."""
    recent = [p for p in a.programmes if not p.is_fee and (p.start is None or p.start.year >= a.quarter.year - RECENT_YEARS + 1)]
    out = []
    for p in recent:
        for fig in p.amounts:
            if (fig.measure.metric == "disbursed" and fig.dimension == "money" and fig.period_kind == "year"
                    and a.window.current(fig)):
                name = p.name(w.present.lang)
                out.append(w.say("finding.support_paid", "economics", platform=w.name(p.platform), programme=name,
                                 amount=w.show(fig), period=fig.period, count=len(recent),
                                 years=f"{a.quarter.year - RECENT_YEARS + 1}–{a.quarter.year}"))
    return out[:1]


def _focus_audience(a, w):
    for dimension in ("gender", "city_tier", "age"):
        dists = [d for d in a.distributions[dimension] if d.platform == a.focus and a.window.current(d.shares[0])]
        if not dists:
            continue
        d = max(dists, key=lambda d: (d.shares[0].period_end, -BASIS_RANK[d.basis]))
        parts = w.join([Markup("{} {}").format(w.present.m.get(f"bucket.{f.subject}", f.subject),
                                              w.present.figure_html(w.show(f), footnote=False)) for f in d.shares])
        return [w.say("finding.focus_audience", "audience", sources=d.sources, measure=w.present.measure(d.measure, platform=a.focus),
                      period=d.period, parts=parts)]
    return []


# --- WeChat Channels deep-dive ------------------------------------------------------------------

DEEP_DIVE_TOPICS = ("traffic", "store_type", "advantage", "constraint", "strategy", "merchant_fit")



def deep_dive(claims: pd.DataFrame, sources: pd.DataFrame, focus: str, lang: str, window) -> tuple[dict[str, list[dict]], list[dict]]:
    """The focus platform's claims: the current ones (sources published within the evidence
    window) grouped by topic, newest first, each with paraphrase, verbatim quote, source and
    date; and the older ones, newest first, as background (a view from 2022 read as from 2022)."""
    published = dict(zip(sources["source_id"], sources["published"]))
    dated = dict(zip(sources["source_id"], sources["published_date"]))
    rows = [{"claim": r[f"claim_{lang}"], "quote": r["quote"], "stance": r["stance"], "source_id": r["source_id"],
             "topic": r["topic"], "published": published.get(r["source_id"], ""), "dated": dated[r["source_id"]]}
            for r in claims[claims["platform"] == focus].to_dict("records")]
    rows.sort(key=lambda r: r["dated"], reverse=True)
    current = [r for r in rows if r["dated"] >= window.start]
    return ({topic: [r for r in current if r["topic"] == topic] for topic in DEEP_DIVE_TOPICS},
            [r for r in rows if r["dated"] < window.start])


# --- data caveats -------------------------------------------------------------------------------

def caveats(a, w: Writer) -> list[Sentence]:
    """The data caveats, from the analysis of the data's quality (analysis.quality)."""
    q = a.quality
    out = [w.say("caveat.basis_mix", total=q.facts, reported=q.bases.get("reported", 0), estimate=q.bases.get("estimate", 0),
                 forecast=q.bases.get("forecast", 0) + q.bases.get("target", 0)),
           w.say("caveat.tiers", total=q.sources, tiers=w.join([Markup(escape(w.m["caveat.tier_count"].format(
               n=q.tiers.get(tier, 0), tier=w.present.in_text(w.m[f"tier.{tier}"])))) for tier in TIERS]))]
    if a.conflicts:
        out.append(w.say("caveat.conflicts", n=len(a.conflicts)))
    if q.scoreboard_figures:
        out.append(w.say("caveat.primary_share", primary=q.scoreboard_primary, total=q.scoreboard_figures))
    if q.flagged:
        out.append(w.say("caveat.flagged", n=q.flagged))
    if q.derived:
        out.append(w.say("caveat.derived", n=q.derived))
    if q.inferred_dates:
        out.append(w.say("caveat.inferred_dates", n=q.inferred_dates, total=q.sources))
    if q.undated and q.undated_example:
        # An example from the focus platform's GMV rows, in the brief's units with its basis mark.
        r = q.undated_example
        mark = w.m[f"basis_mark.{r['basis']}"]
        value = describe_value({"value": r["value_text"], "unit": r["unit"], "qualifier": r["qualifier"]}, w.present.fmt, w.m)
        out.append(w.say("caveat.undated_example", sources=(r["source_id"],), n=q.undated, platform=w.name(a.focus),
                         example=f"{value} {mark}".strip()))
    elif q.undated:
        out.append(w.say("caveat.undated", n=q.undated))
    if q.gmv_unstated:
        out.append(w.say("caveat.definitions", n=q.gmv_unstated, total=q.gmv_rows))
    if q.gaps:
        out.append(w.say("caveat.gaps", gaps=w.m["list_sep"].join(f"{w.name(p)} · {w.m['family.' + f]}" for p, f in q.gaps)))
    return out


def describe_value(row: dict, fmt, messages: dict[str, str]) -> str:
    """A fact row's figure in the brief's units and language, qualifier kept."""
    if not row["value"]:
        return messages["label.no_amount"]
    unit = UNITS[row["unit"]]
    value = float(row["value"]) * unit.factor
    return fmt.qualified(fmt.amount(value, value, unit.dimension, significant_digits(row["value"])), row["qualifier"])
