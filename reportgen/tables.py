"""Tables leaving reportgen (CSV downloads, PDF attachments, exports) in a spreadsheet-safe form.

A cell that starts with =, +, - or @ would be run as a formula by Excel or LibreOffice; such text
cells get a leading apostrophe, which spreadsheets show as plain text."""

from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_bytes(headers: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with BOM (so Excel reads Chinese correctly), RFC 4180 quoting, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    writer.writerows([[neutralise(c) for c in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
