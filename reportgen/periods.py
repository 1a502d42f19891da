"""Period labels used in the datasets (2023, 2023H1, 2023Q3, 2023-06, FY2023, a/b spans) and
the quarters briefs are built for."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PERIOD_SYNTAX = "YYYY, YYYYH1-2, YYYYQ1-4, YYYY-MM, YYYY-MM-DD, FYYYYY, or START/END of months or days"

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FISCAL = re.compile(r"^FY(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    label: str
    kind: str  # year | half | quarter | month | day | fiscal_year | span

    @property
    def is_annual(self) -> bool:
        return self.kind in ("year", "fiscal_year")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _point(text: str) -> tuple[date, date] | None:
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return date(year, month, 1), _month_end(year, month)
        return None
    if m := _DAY.match(text):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return day, day
    return None


def parse_period(text: str, fiscal_year_end_month: int = 12) -> Period:
    """Parse a period label; raise ValueError with the accepted syntax when it is not one."""
    text = text.strip()
    if m := _YEAR.match(text):
        year = int(m[1])
        return Period(date(year, 1, 1), date(year, 12, 31), text, "year")
    if m := _HALF.match(text):
        year, half = int(m[1]), int(m[2])
        first = 1 if half == 1 else 7
        return Period(date(year, first, 1), _month_end(year, first + 5), text, "half")
    if m := _QUARTER.match(text):
        q = Quarter(int(m[1]), int(m[2]))
        return Period(q.start, q.end, text, "quarter")
    if m := _FISCAL.match(text):
        year = int(m[1])
        end = _month_end(year, fiscal_year_end_month)
        start_month = fiscal_year_end_month % 12 + 1
        start_year = year if fiscal_year_end_month == 12 else year - 1
        return Period(date(start_year, start_month, 1), end, text, "fiscal_year")
    if "/" in text:
        first, _, last = text.partition("/")
        a, b = _point(first), _point(last)
        if a and b and a[0] <= b[1] and len(first) == len(last):
            return Period(a[0], b[1], text, "span")
    elif span := _point(text):
        kind = "month" if _MONTH.match(text) else "day"
        return Period(span[0], span[1], text, kind)
    raise ValueError(f"'{text}' is not a period ({PERIOD_SYNTAX})")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        m = _QUARTER.match(text.strip().upper())
        if not m:
            raise ValueError(f"'{text}' is not a quarter; write it as YYYYQn, e.g. 2025Q3")
        return cls(int(m[1]), int(m[2]))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return _month_end(self.year, 3 * self.number)

    def next(self) -> "Quarter":
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    @staticmethod
    def span(first: "Quarter", last: "Quarter") -> list["Quarter"]:
        """Every quarter from `first` to `last`, both included."""
        quarters, q = [], first
        while q <= last:
            quarters.append(q)
            q = q.next()
        return quarters

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"
