"""Subsidies and merchant support: programmes by platform and beneficiary."""

from __future__ import annotations

import pandas as pd


def programmes(subsidies: pd.DataFrame) -> pd.DataFrame:
    """One row per programme (first source's wording), dated by the start of its period;
    several sources naming the same programme and period are kept together."""
    rows = subsidies.sort_values(["platform", "period_start", "programme_zh"], na_position="last")
    grouped = rows.groupby(["platform", "programme_zh", "period"], sort=False, dropna=False)
    out = grouped.agg(
        programme_en=("programme_en", "first"),
        kind=("kind", "first"),
        beneficiary=("beneficiary", "first"),
        period_start=("period_start", "first"),
        amount=("amount", "first"),
        amount_text=("amount_text", "first"),
        unit=("unit", "first"),
        qualifier=("qualifier", "first"),
        basis=("basis", "first"),
        sources=("source_id", lambda s: tuple(dict.fromkeys(s))),
    ).reset_index()
    return out


def intensity(programme_table: pd.DataFrame, gmv_points) -> pd.DataFrame:
    """Subsidy intensity: a programme's stated money amount over the same platform's GMV for
    the same calendar year, in percent; only where both exist (no amount, no intensity)."""
    from reportgen.units import UNITS

    gmv = {(p.platform, p.year): p for p in gmv_points if p.scope == "all" and not p.fiscal}
    rows = []
    for r in programme_table.itertuples(index=False):
        if pd.isna(r.amount) or not isinstance(r.unit, str) or UNITS[r.unit].dimension != "money":
            continue
        if not isinstance(r.period, str) or not r.period[:4].isdigit() or len(r.period) != 4:
            continue  # only programmes stated for a whole calendar year match annual GMV
        point = gmv.get((r.platform, int(r.period)))
        if point is None:
            continue
        amount = r.amount * UNITS[r.unit].factor
        mid = (point.figure.low + point.figure.high) / 2
        rows.append({"platform": r.platform, "programme_zh": r.programme_zh, "programme_en": r.programme_en,
                     "year": int(r.period), "amount": amount, "gmv": mid, "intensity_pct": amount / mid * 100,
                     "sources": tuple(dict.fromkeys(r.sources + point.figure.sources))})
    return pd.DataFrame(rows, columns=["platform", "programme_zh", "programme_en", "year", "amount", "gmv",
                                       "intensity_pct", "sources"])
