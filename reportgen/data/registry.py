"""The fact tables, in one place: what each holds, which column carries its figure, and how
its subject is named. Loading, validation, `facts`, `export` and the quarter-to-quarter diff
all read this table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class FactTable:
    name: str
    figure: str  # the column holding the figure
    fixed_unit: str | None  # the unit when the table has no unit column (shares are percent)
    subject: Callable[[dict], str]  # what the figure is about, stable across quarters
    distribution: tuple[str, ...] = ()  # columns that identify one distribution (shares summing to ≤100%)


def _scoped(text: str, row: dict) -> str:
    return text + (f" ({row['scope']})" if row.get("scope", "all") not in ("all", "") else "")


FACT_TABLES: dict[str, FactTable] = {t.name: t for t in (
    FactTable("metrics", "value", None,
              lambda r: _scoped(r["metric"], r) + (f" [{r['definition']}]" if r.get("definition") not in ("", "unspecified") else "")),
    FactTable("subsidies", "amount", None, lambda r: r["programme_id"]),
    FactTable("demographics", "share", "pct",
              lambda r: _scoped(f"{r['dimension']}:{r['bucket']} ({r['population']}, {r['scheme']})", r),
              distribution=("platform", "dimension", "scheme", "period", "population", "scope", "source_id")),
    FactTable("category_share", "share", "pct", lambda r: _scoped(f"{r['category']} ({r['measure']})", r),
              distribution=("platform", "period", "measure", "scope", "source_id")),
    FactTable("events", "value", None,
              lambda r: f"{r['event']} {r['edition']} {r['metric']} ({r['scope']}, {r['tallied_by']})"),
)}
