"""All figures of a brief with their provenance, as one flat table: for `reportgen facts`,
`reportgen export` and the quarter-to-quarter diff."""

from __future__ import annotations

import pandas as pd

from reportgen.data import Dataset
from reportgen.data.registry import FACT_TABLES

FACT_COLUMNS = ["table", "platform", "subject", "period", "value", "qualifier", "unit", "basis", "scope",
                "definition", "population", "flag", "source_id", "tier", "publisher", "title", "published", "url",
                "quote", "note"]
# Structured parts of the subject, kept so a brief can name it in its own language.
PART_COLUMNS = ["metric", "dimension", "scheme", "bucket", "category", "measure", "programme_id", "programme_zh",
                "programme_en", "event", "edition", "tallied_by", "amount_type", "kind"]


def all_facts(data: Dataset) -> pd.DataFrame:
    sources = data.sources.set_index("source_id")
    rows = []
    for table, frame in data.facts().items():
        spec = FACT_TABLES[table]
        for r in frame.to_dict("records"):
            source = sources.loc[r["source_id"]]
            rows.append({
                "table": table, "platform": r["platform"], "subject": spec.subject(r),
                "period": r["period"], "value": r[f"{spec.figure}_text"],
                "qualifier": r["qualifier"], "unit": r.get("unit", spec.fixed_unit) or "",
                "basis": r["basis"], "scope": r.get("scope", ""), "definition": r.get("definition", ""),
                "population": r.get("population", ""), "flag": r.get("flag", ""), "source_id": r["source_id"],
                "tier": source["tier"], "publisher": source["publisher"], "title": source["title"],
                "published": source["published"], "url": source["url"], "quote": r["quote"], "note": r["note"],
                **{part: str(r.get(f"{part}_text", r.get(part, "")) or "") for part in PART_COLUMNS},
            })
    out = pd.DataFrame(rows, columns=FACT_COLUMNS + PART_COLUMNS)
    return out.sort_values(["table", "platform", "subject", "period", "source_id"], kind="stable").reset_index(drop=True)


def filter_facts(facts: pd.DataFrame, platform: str | None = None, metric: str | None = None,
                 period: str | None = None) -> pd.DataFrame:
    """Narrow the table: platform exact; metric matches the start of the subject; period a prefix
    ("2023" matches 2023, 2023Q1, 2023-06 …)."""
    rows = facts
    if platform:
        rows = rows[rows["platform"] == platform]
    if metric:
        rows = rows[rows["subject"].str.startswith(metric)]
    if period:
        rows = rows[rows["period"].str.startswith(period)]
    return rows
