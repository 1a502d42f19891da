"""Reading a CSV file as Excel and hand editors save it: UTF-8 with or without BOM, or GB18030."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024  # the shipped tables are a few hundred KB
MAX_ROWS = 50_000
csv.field_size_limit(1_000_000)


@dataclass(frozen=True)
class RawTable:
    file: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # the line each row starts on, as a text editor numbers it (header = 1)
    encoding: str


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name); raise UnicodeDecodeError when neither encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page, GBK/GB18030.
        return data.decode("gb18030"), "gb18030"


def read_table(path: Path, label: str) -> tuple[RawTable | None, list[Problem]]:
    if not path.is_file():
        return None, [Problem(label, None, None, "file-missing",
                              "the file is missing (datapackage.json lists it)")]
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        return None, [Problem(label, None, None, "unreadable", f"the file cannot be read ({exc.strerror})")]
    if size > MAX_FILE_BYTES:
        return None, [Problem(label, None, None, "file-too-large",
                              f"the file is {size / 1e6:.0f} MB; the limit is "
                              f"{MAX_FILE_BYTES // 1024 // 1024} MB (is it the right file?)")]
    if b"\x00" in data:
        return None, [Problem(label, None, None, "binary-file",
                              "the file holds NUL bytes: it is not a CSV text file (an .xlsx saved "
                              "under a .csv name?); save it as 'CSV UTF-8'")]
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        return None, [Problem(label, None, None, "bad-encoding",
                              f"the file is neither UTF-8 nor GB18030 text (byte {exc.start}); "
                              "save it as 'CSV UTF-8'")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return None, [Problem(label, None, None, "empty-file", "the file is empty; it needs at least its header row")]
        rows: list[list[str]] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for row in reader:
            if len(rows) >= MAX_ROWS:
                return None, [Problem(label, None, None, "too-many-rows",
                                      f"the file has more than {MAX_ROWS:,} rows; the limit guards "
                                      "against a wrong or runaway file")]
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        return None, [Problem(label, reader.line_num, None, "bad-csv", f"the CSV cannot be parsed: {exc}")]
    return RawTable(label, [h.strip() for h in header], rows, lines, encoding), []
