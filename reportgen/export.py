"""`reportgen export`: every figure of a brief with its source and quote, as CSV and XLSX."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd

from reportgen.facts import FACT_COLUMNS
from reportgen.tables import csv_bytes, neutralise


def facts_csv(facts: pd.DataFrame) -> bytes:
    facts = facts[FACT_COLUMNS]
    return csv_bytes(list(facts.columns), facts.astype(str).values.tolist())


def facts_xlsx(facts: pd.DataFrame, sources: pd.DataFrame, stamp: datetime) -> bytes:
    """A workbook with a 'figures' sheet and a 'sources' sheet. Text cells are written as
    strings (never formulas), dated `stamp` so the same inputs give the same bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    workbook.set_properties({"title": "reportgen figures", "created": stamp, "author": "reportgen"})
    bold = workbook.add_format({"bold": True})
    for name, frame in (("figures", facts[FACT_COLUMNS]), ("sources", sources)):
        sheet = workbook.add_worksheet(name)
        for col, header in enumerate(frame.columns):
            sheet.write_string(0, col, str(header), bold)
        for row, values in enumerate(frame.astype(str).values.tolist(), start=1):
            for col, value in enumerate(values):
                sheet.write_string(row, col, neutralise(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(frame), max(len(frame.columns) - 1, 0))
    workbook.close()
    return buffer.getvalue()
