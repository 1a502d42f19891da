"""What the reader should know about the data itself: its mix of bases and source tiers, how many
of the scoreboard's figures rest on companies' own releases, dates inferred or missing, GMV
definitions unstated, and the families a platform has no current figure in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from reportgen.data.registry import FAMILIES, family_of


@dataclass(frozen=True)
class Quality:
    facts: int  # every fact row
    bases: dict[str, int]  # fact rows by basis
    tiers: dict[str, int]  # sources by tier
    sources: int
    scoreboard_figures: int  # distinct figures the scoreboard shows
    scoreboard_primary: int  # of them, from a primary source (a derived one: all inputs primary)
    flagged: int
    derived: int  # derived figures the brief chose
    inferred_dates: int  # sources whose publication date is inferred
    undated: int  # fact rows without a period
    undated_example: dict | None  # an unflagged undated GMV row of the focus platform, as the data has it
    gmv_rows: int
    gmv_unstated: int  # GMV rows without a stated definition
    gaps: list[tuple[str, str]]  # (platform, family) with no current figure


def quality(data, book, scoreboard, focus: str, platforms: list[str], cutoff: date) -> Quality:
    """`cutoff`: the evidence window's start (a family with no figure since is a gap)."""
    facts = pd.concat([df.assign(table=name) for name, df in data.facts().items()], ignore_index=True)
    undated = facts[facts["period_kind"] == "undated"]
    example = undated[(undated["table"] == "metrics") & (undated["metric"] == "gmv") & (undated["platform"] == focus)
                      & (undated["flag"].fillna("") == "")]
    gmv = data.metrics[data.metrics["metric"] == "gmv"]
    primary, total = primary_share(scoreboard)
    return Quality(
        facts=len(facts), bases={k: int(v) for k, v in facts["basis"].value_counts().items()},
        tiers={k: int(v) for k, v in data.sources["tier"].value_counts().items()}, sources=len(data.sources),
        scoreboard_figures=total, scoreboard_primary=primary,
        flagged=int((facts["flag"].fillna("") != "").sum()),
        derived=sum(1 for f in book.actual.values() if f.basis == "derived"),
        inferred_dates=int((data.sources["date_basis"] == "inferred").sum()),
        undated=len(undated), undated_example=example.iloc[0].to_dict() if len(example) else None,
        gmv_rows=len(gmv), gmv_unstated=int(gmv["definition"].isin(["", "unspecified"]).sum()),
        gaps=[(platform, family) for platform in platforms
              for family, current in current_families(data, platform, cutoff).items() if not current],
    )


def current_families(data, platform: str, cutoff: date) -> dict[str, bool]:
    """Does the platform have a figure whose period ends on or after `cutoff` (unflagged) in
    each family the brief reports per platform?"""
    families = {}
    for family in (f for f in FAMILIES.values() if f.per_platform):
        frame = data.facts()[family.table]
        rows = frame[(frame["platform"] == platform) & frame["period_end"].notna() & (frame["flag"].fillna("") == "")]
        if family.table == "metrics":
            rows = rows[[family_of("metrics", m) == family.key for m in rows["metric"]]]
        families[family.key] = bool(len(rows)) and max(rows["period_end"]) >= cutoff
    return families


def primary_share(scoreboard) -> tuple[int, int]:
    """How many of the figures the scoreboard rests on come from a primary source, of how many."""
    figs = {}
    for r in scoreboard:
        for f in (r.gmv, r.growth, r.reported, r.reported_growth, r.users):
            if f is not None:
                figs[f.key] = f
    primary = sum(1 for f in figs.values() if f.tier == "primary"
                  or f.basis == "derived" and all(i.tier == "primary" for i in f.inputs))
    return primary, len(figs)
