"""Rows for sharing, in the format asked for: an aligned table for the terminal, CSV, JSON or a
Markdown table. Only a table shown on a terminal is clipped to fit; into a file or a pipe every
cell is written whole (a quote is evidence: never cut)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from reportgen.render.terminal import text_table

RECORD_FORMATS = ("table", "csv", "json", "markdown")
TERMINAL_CELL = 60  # characters a cell may take in a table on a terminal


def plain(value: object) -> object:
    """A cell as JSON holds it: numbers as numbers, dates as ISO dates, nothing as null."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def text(value: object) -> str:
    """A cell as CSV and text tables write it: a decimal exactly and in full (1389600000000, never
    1.3896E+12), a date as ISO, nothing as empty."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    value = plain(value)
    return "" if value is None else str(value)


def render_records(headers: list[str], rows: list[list[object]], fmt: str, terminal: bool = False) -> str:
    if fmt == "json":
        return json.dumps([{h: plain(v) for h, v in zip(headers, row)} for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([[text(v) for v in row] for row in rows])
        return buffer.getvalue().rstrip("\n")
    if fmt == "markdown":
        def cell(value: object) -> str:
            return " ".join(text(value).split()).replace("|", "\\|")

        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        return "\n".join(lines + ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows])
    return text_table(headers, [[text(v) for v in row] for row in rows], max_width=TERMINAL_CELL if terminal else None)
