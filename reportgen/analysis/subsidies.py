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
        unit=("unit", "first"),
        qualifier=("qualifier", "first"),
        basis=("basis", "first"),
        sources=("source_id", lambda s: tuple(dict.fromkeys(s))),
    ).reset_index()
    return out


def programme_counts(programme_table: pd.DataFrame, platforms: list[str]) -> pd.DataFrame:
    """Programmes per platform and beneficiary; platforms with none appear with a zero."""
    counts = programme_table.groupby(["platform", "beneficiary"]).size().rename("programmes").reset_index()
    full = pd.MultiIndex.from_product([platforms, ["merchants", "consumers", "creators"]], names=["platform", "beneficiary"])
    return counts.set_index(["platform", "beneficiary"]).reindex(full, fill_value=0).reset_index()
