"""Shopping festivals (618, Double 11): market totals by the firm that tallied them, and each
platform's own figures. Tallies by different firms, windows or scopes are different measures:
all are kept, side by side with their firm and window named, and never averaged.

A tally's growth is shown only on like terms: for a tally of the whole festival whose firm counted
the year before on a window of the same length and the same scope. A partial window (first hour,
first day) is labelled wherever it is shown and given no growth; a growth figure the data flags as
comparing unlike bases (flag unlike_base) never reaches the analysis."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.analysis.figures import Figure
from reportgen.analysis.select import choose, records
from reportgen.measures import Measure

ALL_BASES = ("reported", "estimate", "forecast", "target")
FULL = "full"  # events.window of a tally of the whole festival


@dataclass(frozen=True)
class Tally:
    event: str
    edition: int
    platform: str  # "" for a whole-market total
    scope: str
    tallied_by: str
    period: str  # the window's dates as the source states them
    window: str  # full | first_hour | first_day | partial (events.window)
    value: Figure | None  # gmv, or brands_over_100m
    growth: Figure | None  # the same tally's stated growth, where it compares like with like
    growth_withheld: str = ""  # why a stated growth is not shown: partial | window_length
    withheld: Figure | None = None  # that growth, kept to date and cite the tally, never shown as a value

    @property
    def lead(self) -> Figure | None:
        """The figure that dates the tally and names its source."""
        return self.value or self.growth or self.withheld

    @property
    def days(self) -> int | None:
        lead = self.lead
        if lead is None or lead.period_start is None or lead.period_kind != "span":
            return None
        return (lead.period_end - lead.period_start).days + 1


def tallies(events: pd.DataFrame, latest_edition_only: bool = True) -> list[Tally]:
    rows = events[events["flag"].fillna("") == ""]
    # One tally = one firm's figure for one scope and window: a first-hour count and a
    # whole-festival count are two tallies, never alternatives of one another.
    groups: dict[tuple, list[dict]] = {}
    for r in records(rows):
        key = (r["event"], r["edition"], r["platform"], r["scope"], r["tallied_by"], r["window"], r["period"] or "")
        groups.setdefault(key, []).append(r)
    out = []
    for (event, edition, platform, scope, tallied_by, window, _), group in sorted(groups.items(), key=lambda kv: kv[0]):
        metrics = {r["metric"] for r in group}
        level_metric = next((m for m in ("gmv", "online_retail", "brands_over_100m")
                             if m in metrics or f"{m}_yoy" in metrics), "gmv")
        parts = {}
        for metric in (level_metric, f"{level_metric}_yoy"):
            if metric in metrics:
                m = Measure("events", metric, scope, tallied_by)
                parts[metric] = choose([{**r, "measure": m, "subject": f"{event}:{int(edition)}"}
                                        for r in group if r["metric"] == metric], ALL_BASES)
        lead = parts.get(level_metric) or parts.get(f"{level_metric}_yoy")
        if lead is None:
            continue
        out.append(Tally(event, int(edition), platform, scope, tallied_by, lead.period, window,
                         parts.get(level_metric), parts.get(f"{level_metric}_yoy")))
    out = [_like_for_like(t, out) for t in out]
    if latest_edition_only:
        latest = {}
        for t in out:
            latest[t.event] = max(latest.get(t.event, 0), t.edition)
        out = [t for t in out if t.edition == latest[t.event]]
    return sorted(out, key=lambda t: (t.event != "six_eighteen", t.edition, t.platform != "", t.platform,
                                      t.value is None or t.value.measure.metric != "gmv", t.window != FULL,
                                      t.scope, t.tallied_by))


def _like_for_like(t: Tally, every: list[Tally]) -> Tally:
    """The tally with its growth only where the comparison is like with like (see the module)."""
    if t.growth is None:
        return t
    if t.window != FULL:
        return Tally(**{**t.__dict__, "growth": None, "growth_withheld": "partial", "withheld": t.growth})
    before = [p for p in every if (p.event, p.edition, p.platform, p.scope, p.tallied_by, p.window)
              == (t.event, t.edition - 1, t.platform, t.scope, t.tallied_by, FULL) and p.days is not None]
    if t.days is not None and before and all(p.days != t.days for p in before):
        return Tally(**{**t.__dict__, "growth": None, "growth_withheld": "window_length", "withheld": t.growth})
    return t
