"""Unit economics: average order value, return, repurchase and take rates per platform."""

from __future__ import annotations

import pandas as pd

from reportgen.analysis.figures import Figure
from reportgen.analysis.scale import latest_figure

UNIT_METRICS = ("aov", "return_rate", "repurchase_rate", "take_rate")


def unit_economics(metrics: pd.DataFrame, platforms: list[str]) -> dict[str, dict[str, Figure | None]]:
    """The latest figure of each unit metric per platform, any scope (live-only figures are
    labelled by their scope in the brief), None where no source states one."""
    table: dict[str, dict[str, Figure | None]] = {}
    for platform in platforms:
        table[platform] = {}
        for metric in UNIT_METRICS:
            found = None
            for scope in ("all", "live", "shop", "mini_program", "short_video"):
                found = latest_figure(metrics, platform, (metric,), scope=scope)
                if found:
                    found = (scope, found[1])
                    break
            table[platform][metric] = found
    return table


def unit_economics_table(table: dict) -> pd.DataFrame:
    """Flat rows for a chart: platform, metric, scope, value (midpoint), low, high, basis, sources."""
    rows = []
    for platform, metrics in table.items():
        for metric, found in metrics.items():
            if not found:
                continue
            scope, fig = found
            rows.append({"platform": platform, "metric": metric, "scope": scope, "low": fig.low, "high": fig.high,
                         "value": (fig.low + fig.high) / 2, "dimension": fig.dimension, "basis": fig.basis,
                         "qualifier": fig.qualifier, "period": fig.period, "sources": fig.sources})
    return pd.DataFrame(rows, columns=["platform", "metric", "scope", "low", "high", "value", "dimension",
                                       "basis", "qualifier", "period", "sources"])
