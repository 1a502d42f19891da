"""Reading a CSV file as Excel and hand editors save it: UTF-8 with or without BOM, or GB18030."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from reportgen.data.files import UnsafeFile
from reportgen.data.folder import DataFolder
from reportgen.errors import Problem

MAX_FILE_BYTES = 20_000_000  # the shipped tables are a few hundred KB
MAX_ROWS = 50_000
csv.field_size_limit(1_000_000)
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx (a zip) renamed .csv
MAX_STRAY_NULS = 8  # more than this and the file is binary, not text with a stray NUL


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


def read_table(folder: DataFolder, label: str) -> tuple[RawTable | None, list[Problem]]:
    """The table at `label` (its path in the folder), or the problems that stop it being read."""
    try:
        data = folder.read(label, MAX_FILE_BYTES)
    except UnsafeFile as exc:
        message = str(exc) + (" (datapackage.json lists it)" if exc.code == "file-missing" else "")
        return None, [Problem(label, None, None, exc.code, message)]
    if data.startswith(ZIP_MAGIC) or data.count(b"\x00") > MAX_STRAY_NULS:
        return None, [Problem(label, None, None, "binary-file",
                              "the file holds NUL bytes: it is not a CSV text file (an .xlsx saved "
                              "under a .csv name?); save it as 'CSV UTF-8'")]
    try:
        text, encoding = decode(data.replace(b"\x00", b""))
    except UnicodeDecodeError as exc:
        return None, [Problem(label, None, None, "bad-encoding",
                              f"the file is neither UTF-8 nor GB18030 text (byte {exc.start}); "
                              "save it as 'CSV UTF-8'")]
    if encoding == "gb18030" and (odd := _unlikely_chinese(text)):
        line, ch = odd
        return None, [Problem(label, line, None, "bad-encoding",
                              f"the file is not UTF-8, and read as GB18030 (Chinese Excel) it gives '{ch}', a "
                              "character Chinese text almost never uses: it looks like another code page "
                              "(Windows-1252?). Save it as 'CSV UTF-8'")]
    if b"\x00" in data:
        # A few stray NULs in a text file: name the cell, as for any other bad character.
        return None, _nul_cells(label, data)
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


def _unlikely_chinese(text: str) -> tuple[int, str] | None:
    """The first character outside GB2312 in a file read as GB18030, with its line: Excel's
    Chinese CSVs use GB2312's characters, while Windows-1252 bytes read as GB18030 land in
    its rare extensions ("Café" -> "Caf閟")."""
    for number, line in enumerate(text.splitlines(), start=1):
        for ch in line:
            if ord(ch) > 0x7F:
                try:
                    ch.encode("gb2312")
                except UnicodeEncodeError:
                    return number, ch
    return None


def _nul_cells(label: str, data: bytes) -> list[Problem]:
    # \x1a stands in for each NUL: one byte that UTF-8 and GB18030 both decode as itself.
    text, _ = decode(data.replace(b"\x00", b"\x1a"))
    reader = csv.reader(io.StringIO(text, newline=""))
    problems = []

    def report(row: list[str], line: int, header: list[str] | None) -> None:
        for i, cell in enumerate(row):
            if "\x1a" in cell:
                column = header[i] if header is not None and i < len(header) else None
                problems.append(Problem(label, line, column, "nul-character",
                                        "the cell holds a NUL character (an invisible control byte); delete it"))

    try:
        header = next(reader, [])
        report(header, 1, None)
        start = reader.line_num + 1
        for row in reader:
            report(row, start, [h.replace("\x1a", "") for h in header])
            start = reader.line_num + 1
    except csv.Error:
        pass
    return problems or [Problem(label, None, None, "nul-character", "the file holds a NUL character; delete it")]
