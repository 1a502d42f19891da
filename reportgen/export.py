"""`reportgen export`: every figure of a brief with its source and quote, typed for a spreadsheet
(CSV and XLSX): numbers as numbers, dates as dates, the source's own value and unit beside one
normalised column per kind of unit, and names in the chosen language beside the codes."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from reportgen.data import Dataset
from reportgen.data.dataset import figure_key
from reportgen.data.registry import FACT_TABLES, family_of
from reportgen.render import records
from reportgen.render.terminal import display_width
from reportgen.tables import csv_bytes, neutralise
from reportgen.units import UNITS

# One column per kind of unit, in its base unit: a sum or pivot over a column adds like with like.
NORMALISED = {"money": "value_yuan", "persons": "value_persons", "count": "value_count", "pct": "value_percent",
              "ratio": "value_multiple"}
COLUMNS = ["table", "family", "key", "platform", "platform_name", "subject", "measure", "period", "period_start", "period_end",
           "value", "unit", "qualifier", "basis", "basis_name", *NORMALISED.values(), "scope", "definition",
           "population", "flag", "source_id", "tier", "publisher", "title", "published", "published_date", "url",
           "quote", "note"]
DATE_COLUMNS = {"period_start", "period_end", "published_date"}
NUMBER_COLUMNS = {"value", *NORMALISED.values()}


def typed_figures(data: Dataset, lang: str) -> pd.DataFrame:
    """Every fact row of `data`, one row per figure as its source states it, with COLUMNS."""
    from reportgen.i18n import load_messages
    from reportgen.view.present import Presenter

    messages = load_messages(lang)
    present = Presenter(lang, messages, {}, date.max, {}, dict(zip(data.schemes["scheme"], data.schemes[f"name_{lang}"])))
    names = dict(zip(data.platforms["platform"], data.platforms[f"name_{lang}"]))
    sources = data.sources.set_index("source_id")
    rows = []
    for table, frame in data.facts().items():
        spec = FACT_TABLES[table]
        for r in frame.to_dict("records"):
            source = sources.loc[r["source_id"]]
            unit = r.get("unit") or spec.fixed_unit
            rows.append({
                "table": table, "family": family_of(table, r.get("metric", "")) or "",
                "key": figure_key(r) if table == "metrics" else "",
                "platform": r["platform"] or "", "platform_name": names.get(r["platform"], ""),
                "subject": spec.subject(r), "measure": _measure_name(table, r, present),
                "period": r["period"], "period_start": r["period_start"], "period_end": r["period_end"],
                "value": _number(r[f"{spec.figure}_text"]), "unit": unit, "qualifier": r["qualifier"],
                "basis": r["basis"], "basis_name": messages[f"basis.{r['basis']}"],
                **normalised(r[f"{spec.figure}_text"], unit, bool(r.get("stated_ratio"))),
                "scope": r.get("scope", ""), "definition": r.get("definition", ""), "population": r.get("population", ""),
                "flag": r.get("flag", ""), "source_id": r["source_id"], "tier": source["tier"],
                "publisher": source["publisher"], "title": source["title"], "published": source["published"],
                "published_date": source["published_date"], "url": source["url"], "quote": r["quote"], "note": r["note"],
            })
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["table", "platform", "subject", "period", "source_id"], kind="stable").reset_index(drop=True)


def _measure_name(table: str, row: dict, present) -> str:
    from reportgen.analysis.subsidies import row_measure

    measure = row_measure(row) if table == "subsidies" and row["value_dimension"] else row["measure"]
    return present.measure(measure, platform=row["platform"] or "") if measure.metric else ""


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text and text.strip() else None


def normalised(text: str, unit: str, stated_ratio: bool = False) -> dict[str, Decimal | None]:
    """The figure in its kind's base unit (yuan, persons, count, percent), exactly (decimal, not
    binary, arithmetic). Growth stated as a multiple of the base ("1.92倍") is also given as the
    percent growth it means (+92%), as the brief shows it."""
    out: dict[str, Decimal | None] = dict.fromkeys(NORMALISED.values())
    value = _number(text)
    if value is None or unit not in UNITS:
        return out
    kind = UNITS[unit]
    out[NORMALISED[kind.dimension]] = value * Decimal(str(kind.factor))
    if stated_ratio:
        out["value_percent"] = (value - 1) * 100
    return out


def figures_csv(figures: pd.DataFrame) -> bytes:
    """UTF-8 CSV: numbers as plain decimals, dates as ISO dates, empty where there is none."""
    return csv_bytes(list(figures.columns), [[records.text(v) for v in row] for row in figures.itertuples(index=False)])


def figures_xlsx(figures: pd.DataFrame, sources: pd.DataFrame, stamp: datetime) -> bytes:
    """A workbook with a 'figures' sheet (an Excel table: numbers, dates, text) and a 'sources'
    sheet. Text cells are written as strings (never formulas); dated `stamp`, so the same inputs
    give the same bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    workbook.set_properties({"title": "reportgen figures", "created": stamp, "author": "reportgen"})
    formats = {"date": workbook.add_format({"num_format": "yyyy-mm-dd"}), "number": workbook.add_format({"num_format": "General"})}
    for name, frame in (("figures", figures), ("sources", sources)):
        _table_sheet(workbook, name, frame, formats)
    workbook.close()
    return buffer.getvalue()


def _table_sheet(workbook, name: str, frame: pd.DataFrame, formats: dict) -> None:
    sheet = workbook.add_worksheet(name)
    columns = list(frame.columns)
    widths = [len(str(c)) for c in columns]
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        for col, value in enumerate(values):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                sheet.write_number(row, col, float(value), formats["number"])
                text = format(value, "f") if isinstance(value, Decimal) else str(value)
            elif isinstance(value, date):
                sheet.write_datetime(row, col, datetime.combine(value, datetime.min.time()), formats["date"])
                text = "yyyy-mm-dd"
            else:
                text = str(neutralise(str(value)))
                sheet.write_string(row, col, text)
            widths[col] = max(widths[col], min(display_width(text), 60))
    sheet.add_table(0, 0, max(len(frame), 1), len(columns) - 1,
                    {"name": name, "style": "Table Style Light 1", "columns": [{"header": str(c)} for c in columns]})
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width + 2)
    sheet.freeze_panes(1, 0)
