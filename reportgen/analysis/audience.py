"""Audience: age, gender and city-tier distributions per platform."""

from __future__ import annotations

import pandas as pd


POPULATION_RANK = {"users": 0, "buyers": 1, "creators": 2}
# Catch-all buckets mean different things in different sources: never compared.
INCOMPARABLE = {"other", "unknown"}


def latest_distributions(demographics: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """For each platform, the most recent distribution of `dimension` from one source
    (shares are never mixed across sources: their buckets and populations differ)."""
    rows = demographics[demographics["dimension"] == dimension]
    if rows.empty:
        return rows.assign(sources=[])
    groups = rows.groupby(["platform", "period", "population", "source_id"], dropna=False)
    chosen = []
    for platform, per_platform in rows.groupby("platform"):
        # Users first: buyers' or creators' distributions describe a different population.
        per_platform = per_platform.assign(_pop=per_platform["population"].map(POPULATION_RANK))
        latest = per_platform.sort_values(["_pop", "period_end", "published_date"], ascending=[True, False, False],
                                          na_position="last").iloc[0]
        chosen.append(groups.get_group((platform, latest["period"], latest["population"], latest["source_id"])))
    out = pd.concat(chosen, ignore_index=True)
    return out.assign(sources=[(s,) for s in out["source_id"]])


def skew(distributions: pd.DataFrame, focus: str = "channels") -> pd.DataFrame:
    """Percentage-point difference between `focus`'s share of each bucket and the mean share of
    the other platforms that report the same bucket. Only buckets `focus` reports are compared."""
    mine = distributions[distributions["platform"] == focus]
    # Only distributions of the same population (users vs buyers) are compared.
    others = distributions[(distributions["platform"] != focus)
                           & distributions["population"].isin(set(mine["population"]))]
    rows = []
    for r in mine.itertuples(index=False):
        if r.bucket in INCOMPARABLE:
            continue
        peers = others[others["bucket"] == r.bucket]
        if peers.empty:
            continue
        mean = float(peers["share"].mean())
        rows.append({"bucket": r.bucket, "focus_share": r.share, "others_mean": mean, "skew_pp": r.share - mean,
                     "peers": tuple(sorted(peers["platform"])),
                     "sources": tuple(dict.fromkeys((r.source_id, *peers["source_id"])))})
    return pd.DataFrame(rows, columns=["bucket", "focus_share", "others_mean", "skew_pp", "peers", "sources"])
