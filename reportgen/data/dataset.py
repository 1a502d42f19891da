"""The validated datasets as typed pandas tables, and the view of them a quarter's brief sees."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from reportgen.data.read import RawTable
from reportgen.data.validate import parse_number, validate
from reportgen.errors import DataError, OptionError
from reportgen.periods import Quarter, parse_period
from reportgen.units import UNITS

FACT_TABLES = ("metrics", "subsidies", "demographics", "category_share")
NUMERIC = {"value", "amount", "share", "fiscal_year_end_month"}


@dataclass(frozen=True)
class Dataset:
    platforms: pd.DataFrame
    sources: pd.DataFrame
    categories: pd.DataFrame
    metrics: pd.DataFrame
    subsidies: pd.DataFrame
    demographics: pd.DataFrame
    category_share: pd.DataFrame
    claims: pd.DataFrame  # qualitative statements, each with its verbatim quote

    def facts(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in FACT_TABLES}

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
        return replace(self, sources=sources.reset_index(drop=True), **kept)


def _frame(table: RawTable) -> pd.DataFrame:
    df = pd.DataFrame(table.rows, columns=table.header, dtype=object)
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


def load_dataset(data_dir: Path) -> Dataset:
    """Validate `data_dir` and return its tables; raise DataError listing every problem."""
    tables, problems = validate(data_dir)
    if problems:
        raise DataError(problems)
    frames = {name: _frame(t) for name, t in tables.items()}
    platforms = frames["platforms"]
    fiscal_end = dict(zip(platforms["platform"], platforms["fiscal_year_end_month"].astype(int)))
    sources = frames["sources"]
    sources["published_date"] = [_published_date(p) for p in sources["published"]]
    published = dict(zip(sources["source_id"], sources["published_date"]))
    facts = {}
    for name in FACT_TABLES:
        df = _add_periods(frames[name], fiscal_end)
        df["published_date"] = df["source_id"].map(published)
        facts[name] = df
    metrics = facts["metrics"]
    metrics["dimension"] = metrics["unit"].map(lambda u: UNITS[u].dimension)
    metrics["value_base"] = [v * UNITS[u].factor for v, u in zip(metrics["value"], metrics["unit"])]
    return Dataset(platforms=platforms, sources=sources, categories=frames["categories"], claims=frames["claims"], **facts)
