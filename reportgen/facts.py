"""All figures of a brief with their provenance, as one flat table: for `reportgen facts`,
`reportgen export` and the quarter-to-quarter diff."""

from __future__ import annotations

import pandas as pd

from reportgen.data import Dataset

FACT_COLUMNS = ["table", "platform", "subject", "period", "value", "qualifier", "unit", "basis", "scope",
                "source_id", "publisher", "title", "published", "url", "quote", "note"]
# Structured parts of the subject, kept so a brief can name it in its own language.
PART_COLUMNS = ["metric", "dimension", "bucket", "population", "category", "measure", "programme_zh", "programme_en"]
# What identifies "the same figure" across quarters, per table (besides platform and period).
SUBJECT = {
    "metrics": lambda r: f"{r['metric']}" + (f" ({r['scope']})" if r["scope"] != "all" else ""),
    "subsidies": lambda r: f"{r['programme_zh']}",
    "demographics": lambda r: f"{r['dimension']}:{r['bucket']} ({r['population']})",
    "category_share": lambda r: f"{r['category']} ({r['measure']})",
}
FIGURE = {"metrics": "value", "subsidies": "amount", "demographics": "share", "category_share": "share"}


def all_facts(data: Dataset) -> pd.DataFrame:
    sources = data.sources.set_index("source_id")
    rows = []
    for table, frame in data.facts().items():
        for r in frame.to_dict("records"):
            source = sources.loc[r["source_id"]]
            value = r[f"{FIGURE[table]}_text"]
            rows.append({
                "table": table, "platform": r["platform"], "subject": SUBJECT[table](r),
                "period": r["period"], "value": value,
                "qualifier": r["qualifier"], "unit": r.get("unit", "pct") or ("pct" if table != "subsidies" else ""),
                "basis": r["basis"], "scope": r.get("scope", ""), "source_id": r["source_id"],
                "publisher": source["publisher"], "title": source["title"], "published": source["published"],
                "url": source["url"], "quote": r["quote"], "note": r["note"],
                **{part: r.get(part, "") or "" for part in PART_COLUMNS},
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
