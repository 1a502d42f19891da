"""What an edition covers: for each platform, the newest company results (or disclosure) the
brief includes, the next results dates a source announces, and results due but not in reach
(calendar.csv's awaited rows: the brief says so rather than fall silent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from reportgen.analysis.figures import Figure, FigureBook
from reportgen.analysis.scale import latest_reported
from reportgen.periods import parse_period


@dataclass(frozen=True)
class Coverage:
    platform: str
    latest: Figure | None  # the newest company-reported scale figure in the brief: its results period
    announced: tuple[dict, ...]  # calendar rows: results dates after the data date, soonest first
    awaited: tuple[dict, ...]  # calendar rows: results whose period has ended, not in reach


def latest_results(book: FigureBook, platform: str) -> Figure | None:
    """The platform's newest company-reported scale figure (GMV, or the revenue a company
    reports instead, as the scoreboard chooses it): the results the brief includes. For the
    national statistics, their newest figure."""
    if reported := latest_reported(book, platform):
        return reported[0]
    found = [f for (p, _, _), f in book.actual.items() if p == platform and f.basis == "reported" and f.period_end]
    return max(found, key=lambda f: (f.period_end, f.period)) if found else None


def coverage(book: FigureBook, calendar: pd.DataFrame, platforms: list[str], data_date: date) -> list[Coverage]:
    out = []
    for platform in platforms:
        rows = calendar[calendar["platform"] == platform].to_dict("records")
        announced = sorted((r for r in rows if r["kind"] == "announced" and r["date"] and r["date"] > data_date.isoformat()),
                           key=lambda r: r["date"])
        awaited = [r for r in rows if r["kind"] == "awaited" and _ended(r["period"], data_date)]
        out.append(Coverage(platform, latest_results(book, platform), tuple(announced), tuple(awaited)))
    return out


def _ended(period: str, day: date) -> bool:
    try:
        return parse_period(period).end < day
    except ValueError:
        return False
