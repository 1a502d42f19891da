"""What a build can produce: languages, formats and the output file names. Kept free of heavy
imports so the CLI can check options before loading pandas, Altair or WeasyPrint."""

from __future__ import annotations

from reportgen.periods import Quarter

LANGUAGES = ("zh", "en")
FORMATS = ("html", "pdf")
CHART_FORMATS = ("svg", "png")
EXPORT_FORMATS = ("csv", "xlsx")


def output_name(quarter: Quarter, lang: str, fmt: str) -> str:
    return f"brief-{quarter}-{lang}.{fmt}"
