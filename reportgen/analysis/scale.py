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


ACTUAL = ("reported", "estimate")  # growth, CAGR and shares use actuals, never forecasts


def _weaker(*bases: str) -> str:
    return max(bases, key=BASIS_RANK.__getitem__)


def _actual_series(points: list[GmvPoint], platform: str, scope: str = "all") -> list[GmvPoint]:
    return sorted(
        (p for p in points if p.platform == platform and p.scope == scope and p.figure.basis in ACTUAL),
        key=lambda p: p.year,
    )


def yoy_growth(points: list[GmvPoint], scope: str = "all") -> pd.DataFrame:
    """Year-on-year GMV growth (%) between consecutive calendar or fiscal years with actual
    figures (from preferred_points). A growth built on an estimate is itself an estimate; a
    range at either end gives a range of growth."""
    rows = []
    for platform in sorted({p.platform for p in points}):
        series = _actual_series(points, platform, scope)
        for before, after in zip(series, series[1:]):
            if after.year != before.year + 1 or after.fiscal != before.fiscal:
                continue
            low = (after.figure.low / before.figure.high - 1) * 100
            high = (after.figure.high / before.figure.low - 1) * 100
            rows.append({
                "platform": platform, "year": after.year, "growth_low": low, "growth_high": high,
                "growth_mid": ((after.figure.low + after.figure.high) / (before.figure.low + before.figure.high) - 1) * 100,
                "basis": _weaker(before.figure.basis, after.figure.basis),
                "mixed_definitions": before.definition != after.definition,
                "sources": tuple(dict.fromkeys(before.figure.sources + after.figure.sources)),
            })
    return pd.DataFrame(rows, columns=["platform", "year", "growth_low", "growth_high", "growth_mid",
                                       "basis", "mixed_definitions", "sources"])


def cagr(points: list[GmvPoint], platform: str, scope: str = "all") -> dict | None:
    """Compound annual growth over the span of actual figures (first to last year), midpoints
    of ranges; None when fewer than two years are known."""
    series = [p for p in _actual_series(points, platform, scope) if not p.fiscal]
    if len(series) < 2:
        return None
    first, last = series[0], series[-1]
    years = last.year - first.year
    start = (first.figure.low + first.figure.high) / 2
    end = (last.figure.low + last.figure.high) / 2
    return {
        "platform": platform, "first_year": first.year, "last_year": last.year,
        "cagr_pct": ((end / start) ** (1 / years) - 1) * 100,
        "basis": _weaker(first.figure.basis, last.figure.basis),
        "sources": tuple(dict.fromkeys(first.figure.sources + last.figure.sources)),
    }


def share_of_total(points: list[GmvPoint], platforms: list[str], scope: str = "all") -> pd.DataFrame:
    """Each platform's share (%) of the five-platform GMV total, only for calendar years in which
    every platform has an actual figure: a total with a missing platform would overstate the rest."""
    by_year: dict[int, dict[str, GmvPoint]] = {}
    for p in points:
        if p.scope == scope and p.figure.basis in ACTUAL and not p.fiscal:
            by_year.setdefault(p.year, {})[p.platform] = p
    rows = []
    for year, found in sorted(by_year.items()):
        if set(found) != set(platforms):
            continue
        total = sum((p.figure.low + p.figure.high) / 2 for p in found.values())
        for platform in platforms:
            fig = found[platform].figure
            rows.append({"platform": platform, "year": year, "share_pct": (fig.low + fig.high) / 2 / total * 100,
                         "basis": fig.basis, "sources": fig.sources})
    return pd.DataFrame(rows, columns=["platform", "year", "share_pct", "basis", "sources"])


def gap_to_rivals(points: list[GmvPoint], focus: str = "channels", scope: str = "all") -> pd.DataFrame:
    """For the latest year with an actual figure for `focus`, each rival's GMV as a multiple of
    it (rival / focus), where the rival has an actual figure for that same year."""
    series = _actual_series(points, focus, scope)
    if not series:
        return pd.DataFrame(columns=["platform", "year", "multiple", "basis", "sources"])
    anchor = series[-1]
    base = (anchor.figure.low + anchor.figure.high) / 2
    rows = []
    for p in points:
        if p.platform != focus and p.scope == scope and p.year == anchor.year and p.figure.basis in ACTUAL and p.fiscal == anchor.fiscal:
            rows.append({
                "platform": p.platform, "year": anchor.year,
                "multiple": (p.figure.low + p.figure.high) / 2 / base,
                "basis": _weaker(p.figure.basis, anchor.figure.basis),
                "sources": tuple(dict.fromkeys(anchor.figure.sources + p.figure.sources)),
            })
    return pd.DataFrame(rows, columns=["platform", "year", "multiple", "basis", "sources"])


def quarterly_gmv(metrics: pd.DataFrame, scope: str = "all") -> pd.DataFrame:
    """Quarterly GMV where a platform publishes it (Kuaishou does), one row per platform,
    quarter and basis; conflicting sources become a range."""
    rows = metrics[(metrics["metric"] == "gmv") & (metrics["period_kind"] == "quarter") & (metrics["scope"] == scope)]
    out = []
    for (platform, period, basis), group in rows.groupby(["platform", "period", "basis"], sort=True):
        fig = figure_from_rows(group)
        out.append({"platform": platform, "period": period, "low": fig.low, "high": fig.high,
                    "basis": basis, "sources": fig.sources})
    return pd.DataFrame(out, columns=["platform", "period", "low", "high", "basis", "sources"])
