"""Category mix: each platform's shares by category."""

from __future__ import annotations

import pandas as pd


def latest_category_shares(category_share: pd.DataFrame) -> pd.DataFrame:
    """Per platform, the shares from its most recent source and measure (GMV share preferred)."""
    if category_share.empty:
        return category_share
    rows = category_share.assign(_gmv=category_share["measure"] != "gmv_share")
    chosen = []
    for _, per_platform in rows.groupby("platform"):
        best = per_platform.sort_values(["_gmv", "period_end", "published_date"], ascending=[True, False, False], na_position="last").iloc[0]
        same = per_platform[(per_platform["source_id"] == best["source_id"]) & (per_platform["period"] == best["period"])
                            & (per_platform["measure"] == best["measure"])]
        chosen.append(same)
    return pd.concat(chosen, ignore_index=True).drop(columns="_gmv")


def concentration(shares: pd.DataFrame) -> pd.DataFrame:
    """Herfindahl-Hirschman index of each platform's category mix (sum of squared % shares,
    0–10,000). With only part of the mix known the index is a lower bound: `covered_pct` says
    how much of the mix the shares cover."""
    rows = []
    for platform, group in shares.groupby("platform"):
        covered = float(group["share"].sum())
        rows.append({"platform": platform, "hhi": float((group["share"] ** 2).sum()),
                     "covered_pct": covered, "complete": covered >= 95,
                     "sources": tuple(dict.fromkeys(group["source_id"]))})
    return pd.DataFrame(rows, columns=["platform", "hhi", "covered_pct", "complete", "sources"])
