"""Audience: age, gender and city-tier distributions per platform."""

from __future__ import annotations

import pandas as pd


def latest_distributions(demographics: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """For each platform, the most recent distribution of `dimension` from one source
    (shares are never mixed across sources: their buckets and populations differ)."""
    rows = demographics[demographics["dimension"] == dimension]
    if rows.empty:
        return rows.assign(sources=[])
    groups = rows.groupby(["platform", "period", "population", "source_id"], dropna=False)
    chosen = []
    for platform, per_platform in rows.groupby("platform"):
        latest = per_platform.sort_values(["period_end", "published_date"], ascending=False, na_position="last").iloc[0]
        chosen.append(groups.get_group((platform, latest["period"], latest["population"], latest["source_id"])))
    out = pd.concat(chosen, ignore_index=True)
    return out.assign(sources=[(s,) for s in out["source_id"]])
