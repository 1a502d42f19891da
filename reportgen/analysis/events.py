"""Shopping festivals (618, Double 11): market totals by the firm that tallied them, and each
platform's own figures. Tallies by different firms, windows or scopes are different measures:
all are kept, side by side with their firm and window named, and never averaged."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.analysis.figures import Figure
from reportgen.analysis.select import choose
from reportgen.measures import Measure

ALL_BASES = ("reported", "estimate", "forecast", "target")


@dataclass(frozen=True)
class Tally:
    event: str
    edition: int
    platform: str  # "" for a whole-market total
    scope: str
    tallied_by: str
    window: str  # as the source states it
    value: Figure | None  # gmv, or brands_over_100m
    growth: Figure | None  # the same tally's stated growth


def tallies(events: pd.DataFrame, latest_edition_only: bool = True) -> list[Tally]:
    rows = events[events["flag"].fillna("") == ""]
    if rows.empty:
        return []
    out = []
    # One tally = one firm's figure for one scope and window: a first-hour count and a
    # whole-festival count are two tallies, never alternatives of one another.
    rows = rows.assign(window=rows["period"].fillna(""))
    keys = ["event", "edition", "platform", "scope", "tallied_by", "window"]
    for (event, edition, platform, scope, tallied_by, _), group in rows.groupby(keys, sort=True):
        level_metric = next((m for m in ("gmv", "online_retail", "brands_over_100m") if m in set(group["metric"])
                             or f"{m}_yoy" in set(group["metric"])), "gmv")
        parts = {}
        for metric in (level_metric, f"{level_metric}_yoy"):
            g = group[group["metric"] == metric]
            if len(g):
                m = Measure("events", metric, scope, tallied_by)
                parts[metric] = choose(g.assign(measure=[m] * len(g), subject=f"{event}:{int(edition)}"), ALL_BASES)
        lead = parts.get(level_metric) or parts.get(f"{level_metric}_yoy")
        if lead is None:
            continue
        out.append(Tally(event, int(edition), platform, scope, tallied_by, lead.period,
                         parts.get(level_metric), parts.get(f"{level_metric}_yoy")))
    if latest_edition_only:
        latest = {}
        for t in out:
            latest[t.event] = max(latest.get(t.event, 0), t.edition)
        out = [t for t in out if t.edition == latest[t.event]]
    return sorted(out, key=lambda t: (t.event != "six_eighteen", t.edition, t.platform != "", t.platform,
                                      t.value is None or t.value.measure.metric != "gmv", t.scope, t.tallied_by))
