"""Shared test helpers: edit a dataset's CSV by column name, so tests never depend on column order."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO(newline="")
    # CRLF line ends: a cell holding "\r" or "\n" is then quoted, as the CSV module only quotes
    # the characters of its line terminator.
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def set_cell(path: Path, column: str, value: str, row: int = 2) -> None:
    """Set one cell; `row` as a spreadsheet numbers it (the header is row 1)."""
    header, rows = read_rows(path)
    rows[row - 2][column] = value
    write_rows(path, header, rows)


def add_rows(path: Path, rows: list[dict]) -> None:
    """Append rows given as {column: value}; missing columns are left empty."""
    header, existing = read_rows(path)
    write_rows(path, header, existing + [{c: r.get(c, "") for c in header} for r in rows])


def edit_rows(path: Path, match, change) -> int:
    """Apply `change(row)` to every row for which `match(row)` is true; return how many."""
    header, rows = read_rows(path)
    hits = 0
    for r in rows:
        if match(r):
            change(r)
            hits += 1
    write_rows(path, header, rows)
    return hits
