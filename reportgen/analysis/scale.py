"""Scale: GMV by platform and year, and the latest figure per platform."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.analysis.figures import BASIS_RANK, Figure, figure_from_rows


@dataclass(frozen=True)
class GmvPoint:
    platform: str
    year: int
    scope: str
    definition: str
    fiscal: bool
    figure: Figure


def annual_gmv(metrics: pd.DataFrame) -> list[GmvPoint]:
    """Annual GMV (calendar or fiscal year) per platform, scope and basis; conflicting
    figures for the same year and basis become one ranged point."""
    rows = metrics[(metrics["metric"] == "gmv") & metrics["year"].notna()]
    points = []
    for (platform, year, scope, basis), group in rows.groupby(["platform", "year", "scope", "basis"], sort=True):
        definitions = sorted(set(group["definition"]) - {""}) or ["unspecified"]
        points.append(GmvPoint(
            platform=platform,
            year=int(year),
            scope=scope,
            definition="/".join(definitions),
            fiscal=bool((group["period_kind"] == "fiscal_year").any()),
            figure=figure_from_rows(group),
        ))
    return points


def preferred_points(points: list[GmvPoint]) -> list[GmvPoint]:
    """One point per platform, scope and year: the reported figure where there is one, else
    the estimate, else the target or forecast (the chart labels which it shows)."""
    best: dict[tuple, GmvPoint] = {}
    for p in points:
        key = (p.platform, p.scope, p.year)
        if key not in best or BASIS_RANK[p.figure.basis] < BASIS_RANK[best[key].figure.basis]:
            best[key] = p
    return [best[k] for k in sorted(best)]


def gmv_table(points: list[GmvPoint]) -> pd.DataFrame:
    """Flat table for charts: one row per point, values in CNY billions."""
    return pd.DataFrame([
        {
            "platform": p.platform, "year": p.year, "scope": p.scope, "basis": p.figure.basis,
            "low_bn": p.figure.low / 1e9, "high_bn": p.figure.high / 1e9,
            "mid_bn": (p.figure.low + p.figure.high) / 2e9,
            "fiscal": p.fiscal, "definition": p.definition, "qualifier": p.figure.qualifier,
            "sources": p.figure.sources,
        }
        for p in points
    ], columns=["platform", "year", "scope", "basis", "low_bn", "high_bn", "mid_bn", "fiscal", "definition", "qualifier", "sources"])


def latest_figure(metrics: pd.DataFrame, platform: str, metric_names: tuple[str, ...],
                  scope: str = "all", annual_only: bool = False) -> tuple[str, Figure] | None:
    """The most recent figure for a platform among `metric_names` (first name wins on ties).

    Reported and estimated figures beat forecasts and targets: a forecast is shown only when
    nothing else exists, and then it is labelled as one."""
    rows = metrics[(metrics["platform"] == platform) & metrics["metric"].isin(metric_names)
                   & (metrics["scope"] == scope) & metrics["period_end"].notna()]
    if annual_only:
        rows = rows[rows["year"].notna()]
    if rows.empty:
        return None
    rows = rows.assign(
        _forecast=rows["basis"].isin(["forecast", "target"]),
        _metric_rank=rows["metric"].map({m: i for i, m in enumerate(metric_names)}),
        _basis_rank=rows["basis"].map(BASIS_RANK),
    )
    best = rows.sort_values(
        ["_forecast", "period_end", "_metric_rank", "_basis_rank"],
        ascending=[True, False, True, True],
    ).iloc[0]
    same = rows[(rows["metric"] == best["metric"]) & (rows["period"] == best["period"])
                & (rows["basis"] == best["basis"])]
    return best["metric"], figure_from_rows(same)
