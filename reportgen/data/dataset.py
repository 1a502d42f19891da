"""The validated datasets as typed pandas tables, and the view of them a quarter's brief sees."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from reportgen.data.folder import DataFolder
from reportgen.data.read import RawTable
from reportgen.data.registry import FACT_TABLES
from reportgen.data.validate import parse_number, validate
from reportgen.errors import DataError, OptionError, Problem
from reportgen.measures import METRICS, measure_of
from reportgen.periods import Quarter, parse_period
from reportgen.units import UNITS, significant_digits

NUMERIC = {"value", "amount", "share", "fiscal_year_end_month", "edition"}


@dataclass(frozen=True)
class Dataset:
    platforms: pd.DataFrame
    sources: pd.DataFrame
    categories: pd.DataFrame
    schemes: pd.DataFrame
    metrics: pd.DataFrame
    subsidies: pd.DataFrame
    demographics: pd.DataFrame
    category_share: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame  # qualitative statements, each with its verbatim quote
    calendar: pd.DataFrame  # results dates announced, and results due but not in reach

    def facts(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in FACT_TABLES}

    @property
    def focus(self) -> str:
        """The platform the brief is about (role "focus" in platforms.csv; validation ensures one)."""
        return self.platforms.loc[self.platforms["role"] == "focus", "platform"].iloc[0]

    @property
    def first_published(self) -> date:
        return min(self.sources["published_date"])

    @property
    def last_published(self) -> date:
        return max(self.sources["published_date"])

    def quarters(self) -> list[Quarter]:
        """Every quarter from the first source's publication to the latest one's."""
        return Quarter.span(Quarter.containing(self.first_published), Quarter.containing(self.last_published))

    def latest_quarter(self) -> Quarter:
        return self.quarters()[-1]

    def as_of(self, quarter: Quarter) -> "Dataset":
        """Only what had been published by the end of `quarter`: the brief as written then."""
        covered = self.quarters()
        if quarter not in covered:
            raise OptionError(
                f"The data does not cover {quarter}: its sources were published from "
                f"{covered[0]} to {covered[-1]}. Pick a quarter in that range."
            )
        sources = self.sources[self.sources["published_date"] <= quarter.end]
        known = set(sources["source_id"])
        kept = {name: df[df["source_id"].isin(known)].reset_index(drop=True)
                for name, df in {**self.facts(), "claims": self.claims}.items()}
        # An announced date counts once its source is published; an awaited row has no source.
        kept["calendar"] = self.calendar[self.calendar["source_id"].isin(known)
                                         | (self.calendar["source_id"].fillna("") == "")].reset_index(drop=True)
        return replace(self, sources=sources.reset_index(drop=True), **kept)


def _frame(table: RawTable) -> pd.DataFrame:
    df = pd.DataFrame(table.rows, columns=table.header, dtype=object)
    df["line"] = table.lines  # as validation names rows: the line a text editor shows
    for column in df.columns:
        if column in NUMERIC:
            df[f"{column}_text"] = df[column]  # as written, for significant digits and exports
            df[column] = [parse_number(v) if v.strip() else None for v in df[column]]
            df[column] = df[column].astype("float64")
    return df


def _published_date(text: str) -> date:
    # A month-only date counts from the month's last day: published "by" then, never earlier.
    return parse_period(text).end


def _add_periods(df: pd.DataFrame, fiscal_end: dict[str, int]) -> pd.DataFrame:
    parsed = [
        parse_period(p, fiscal_end.get(platform, 12)) if p else None
        for p, platform in zip(df["period"], df["platform"])
    ]
    df = df.copy()
    df["period_start"] = [p.start if p else None for p in parsed]
    df["period_end"] = [p.end if p else None for p in parsed]
    df["period_kind"] = [p.kind if p else "undated" for p in parsed]
    df["year"] = [p.end.year if p and p.is_annual else None for p in parsed]
    return df


def _growth_as_percent(metrics: pd.DataFrame) -> pd.DataFrame:
    """Growth stated as a multiple of the base ("1.92倍") becomes percent growth (+92%), so one
    measure's growth figures compare whether a source wrote "1.92倍" or "增长92%"."""
    ratio = metrics["metric"].map(lambda m: METRICS[m].dimension == "growth") & (metrics["value_dimension"] == "ratio")
    if not ratio.any():
        return metrics
    metrics = metrics.copy()
    metrics["stated_ratio"] = ratio
    for i in metrics.index[ratio]:
        text = metrics.at[i, "value_text"]
        decimals = len(text.split(".")[1]) if "." in text else 0
        growth = (metrics.at[i, "value"] - 1) * 100
        metrics.at[i, "value_base"] = growth
        metrics.at[i, "value_dimension"] = "pct"
        precision = 10 ** (2 - decimals)  # 1.92 is known to 0.01, i.e. to 1 percentage point
        metrics.at[i, "digits"] = max(1, len(str(int(round(abs(growth) / precision)))) if growth else 1)
    return metrics


def fact_frame(name: str, df: pd.DataFrame, fiscal_end: dict[str, int], sources: pd.DataFrame) -> pd.DataFrame:
    """A fact table with what the analysis reads beside each row: its periods, its source's
    publication date and tier, its measure, and its figure in the base unit with the number of
    significant digits the source gave."""
    spec = FACT_TABLES[name]
    df = _add_periods(df, fiscal_end)
    df["published_date"] = df["source_id"].map(sources["published_date"])
    df["tier"] = df["source_id"].map(sources["tier"])
    df["source_kind"] = df["source_id"].map(sources["kind"])
    df["measure"] = [measure_of(name, r, kind) for r, kind in zip(df.to_dict("records"), df["period_kind"])]
    units = df["unit"] if "unit" in df else pd.Series(spec.fixed_unit, index=df.index)
    df["value_dimension"] = [UNITS[u].dimension if isinstance(u, str) and u in UNITS else None for u in units]
    df["value_base"] = [v * UNITS[u].factor if isinstance(u, str) and u in UNITS and pd.notna(v) else None
                        for v, u in zip(df[spec.figure], units)]
    df["digits"] = [significant_digits(t) if t else 0 for t in df[f"{spec.figure}_text"]]
    return _growth_as_percent(df) if name == "metrics" else df


def figure_key(row: dict) -> str:
    """A metrics row's figure key, as the brief, `facts` and references name the figure:
    platform|metric/scope/definition[/population]|period."""
    return f"{row['platform']}|{row['measure'].key}|{row['period']}"


def derived_from_problems(metrics: pd.DataFrame) -> list[Problem]:
    """A figure the source derived names its inputs by key; each must be a figure of the data."""
    keys = {figure_key(r) for r in metrics.to_dict("records")}
    problems = []
    for r in metrics[metrics["derived_from"].fillna("") != ""].to_dict("records"):
        for key in (k.strip() for k in r["derived_from"].split(";")):
            if key not in keys:
                problems.append(Problem("metrics.csv", r["line"], "derived_from", "derived-from-unknown",
                                        f"'{key}' names no figure of the data; give each input's key as `reportgen facts "
                                        f"--format csv` shows it (column key: platform|metric/scope/definition|period)"))
    return problems


def load_dataset(data: Path | DataFolder) -> Dataset:
    """Validate a data folder (read here when given as a path) and return its tables; raise
    DataError listing every problem."""
    tables, problems = validate(data)
    if problems:
        raise DataError(problems)
    frames = {name: _frame(t) for name, t in tables.items()}
    platforms = frames["platforms"]
    fiscal_end = dict(zip(platforms["platform"], platforms["fiscal_year_end_month"].astype(int)))
    sources = frames["sources"]
    sources["published_date"] = [_published_date(p) for p in sources["published"]]
    by_source = sources.set_index("source_id")
    facts = {name: fact_frame(name, frames[name], fiscal_end, by_source) for name in FACT_TABLES}
    if problems := derived_from_problems(facts["metrics"]):
        raise DataError(problems)
    return Dataset(platforms=platforms, sources=sources, categories=frames["categories"], schemes=frames["schemes"],
                   claims=frames["claims"], calendar=frames["calendar"], **facts)
