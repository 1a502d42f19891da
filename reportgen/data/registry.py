"""The fact tables, in one place: what each holds, which column carries its figure, and how
its subject is named. Loading, validation, `facts`, `export` and the quarter-to-quarter diff
all read this table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportgen.measures import METRICS


@dataclass(frozen=True)
class FactTable:
    name: str
    figure: str  # the column holding the figure
    fixed_unit: str | None  # the unit when the table has no unit column (shares are percent)
    subject: Callable[[dict], str]  # what a loaded row's figure is about, stable across quarters
    metric_names: str  # the catalogue group naming what its figures measure (metric.gmv, dimension.age …)
    distribution: tuple[str, ...] = ()  # columns that identify one distribution (shares summing to ≤100%)


def _scoped(text: str, row: dict) -> str:
    return text + (f" ({row['scope']})" if row.get("scope", "all") not in ("all", "") else "")


FACT_TABLES: dict[str, FactTable] = {t.name: t for t in (
    FactTable("metrics", "value", None,
              lambda r: _scoped(r["metric"], r) + (f" [{r['definition']}]" if r.get("definition") not in ("", "unspecified") else ""),
              "metric"),
    FactTable("subsidies", "amount", None, lambda r: r["programme_id"], "amount_type"),
    FactTable("demographics", "share", "pct",
              lambda r: _scoped(f"{r['dimension']}:{r['bucket']} ({r['population']}, {r['scheme']})", r), "dimension",
              distribution=("platform", "dimension", "scheme", "period", "population", "scope", "source_id")),
    FactTable("category_share", "share", "pct", lambda r: _scoped(f"{r['category']} ({r['measure'].metric})", r),
              "share_measure",
              distribution=("platform", "period", "measure", "scope", "source_id")),
    FactTable("events", "value", None,
              lambda r: f"{r['event']} {r['edition']} {r['metric']} ({r['scope']}, {r['tallied_by']})", "metric"),
)}


@dataclass(frozen=True)
class Family:
    """A data family: what the brief reports on for each platform, and where its figures live.
    Its reader-facing name is the catalogue's family.<key>."""

    key: str
    table: str  # the fact table holding its figures
    metric_families: tuple[str, ...] = ()  # for metrics.csv: the metric families (measures.METRICS) it groups
    label: str = ""  # its name in the `coverage` table
    per_platform: bool = True  # the caveats name a platform lacking it (festival tallies are the market's)
    # For a metrics family charted one panel per measure: the chart's key (catalogue chart.<key>.*,
    # gap.<key>, a place in a section of sections.BODY). Its panels are its metrics, in METRICS order.
    chart: str = ""


FAMILIES: dict[str, Family] = {f.key: f for f in (
    Family("scale", "metrics", ("scale", "monetisation", "merchants"), "GMV and disclosed proxies"),
    Family("users", "metrics", ("users",), "users"),
    Family("unit_economics", "metrics", ("unit_economics",), "unit economics", chart="economics"),
    Family("subsidies", "subsidies", label="subsidies and fees"),
    Family("demographics", "demographics", label="audience"),
    Family("category_share", "category_share", label="category mix"),
    Family("events", "events", label="618 / Double 11", per_platform=False),
    Family("market", "metrics", ("market",), "national market", per_platform=False),
)}


def family_of(table: str, metric: str = "") -> str | None:
    """The family of a figure from `table` (with its metric, for metrics.csv); None for a metric
    the code does not know."""
    if table != "metrics":
        return next((f.key for f in FAMILIES.values() if f.table == table), None)
    spec = METRICS.get(metric)
    return next((f.key for f in FAMILIES.values() if spec and spec.family in f.metric_families), None)
