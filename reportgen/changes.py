"""What the data says differently between two quarters' briefs: new figures, revised figures
(old -> new, both sources kept), new sources and gaps closed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.data import Dataset
from reportgen.facts import all_facts

KEY = ["table", "platform", "subject", "period"]
# Coverage cells of the brief: a family is covered for a platform when any figure exists.
FAMILIES = {
    "gmv": lambda f: (f["table"] == "metrics") & f["subject"].str.startswith("gmv"),
    "users": lambda f: (f["table"] == "metrics") & f["subject"].str.match(r"^(mau|dau|annual_active_buyers)"),
    "unit_economics": lambda f: (f["table"] == "metrics") & f["subject"].str.match(r"^(aov|return_rate|repurchase_rate|take_rate)"),
    "subsidies": lambda f: f["table"] == "subsidies",
    "demographics": lambda f: f["table"] == "demographics",
    "category_share": lambda f: f["table"] == "category_share",
}


@dataclass(frozen=True)
class Changes:
    new_figures: pd.DataFrame
    revised: pd.DataFrame
    new_sources: pd.DataFrame
    gaps_closed: pd.DataFrame

    @property
    def empty(self) -> bool:
        return all(len(df) == 0 for df in (self.new_figures, self.revised, self.new_sources, self.gaps_closed))


def _figures(rows: pd.DataFrame) -> str:
    return "; ".join(f"{v} {u} ({s})" for v, u, s in zip(rows["value"], rows["unit"], rows["source_id"]))


def compare(old: Dataset, new: Dataset) -> Changes:
    before, after = all_facts(old), all_facts(new)
    before_keys = set(map(tuple, before[KEY].values))
    fact_id = lambda df: df[KEY + ["value", "basis", "source_id"]].astype(str).agg("|".join, axis=1)  # noqa: E731
    added = after[~fact_id(after).isin(set(fact_id(before)))]
    is_new_key = pd.Series([tuple(k) not in before_keys for k in added[KEY].values], index=added.index, dtype=bool)
    new_figures = added[is_new_key].reset_index(drop=True)

    revised_rows = []
    for key, group in added[~is_new_key].groupby(KEY, sort=True):
        old_rows = before[(before[KEY] == pd.Series(key, index=KEY)).all(axis=1)]
        if set(group["value"]) <= set(old_rows["value"]):
            continue  # another source confirming a known value is not a revision
        revised_rows.append(dict(zip(KEY, key), old=_figures(old_rows), new=_figures(group)))
    revised = pd.DataFrame(revised_rows, columns=KEY + ["old", "new"])

    new_sources = new.sources[~new.sources["source_id"].isin(set(old.sources["source_id"]))]
    new_sources = new_sources[["source_id", "publisher", "title", "published"]].sort_values(["published", "source_id"])

    closed = []
    for family, select in FAMILIES.items():
        had = set(before[select(before)]["platform"]) if len(before) else set()
        has = set(after[select(after)]["platform"]) if len(after) else set()
        closed += [{"platform": p, "family": family} for p in sorted(has - had)]
    return Changes(new_figures, revised, new_sources.reset_index(drop=True), pd.DataFrame(closed, columns=["platform", "family"]))
