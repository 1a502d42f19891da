"""Plain-text tables for the terminal, aligned for Chinese (double-width) characters."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def text_table(headers: list[str], rows: list[list[object]], max_width: int | None = 60) -> str:
    """Aligned columns; each cell clipped to `max_width` display columns (None: never clipped)."""
    cells = [[clip(" ".join(str(c).split()), max_width) if max_width else " ".join(str(c).split()) for c in row]
             for row in rows]
    heads = [str(h) for h in headers]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(heads)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(heads), rule] + [line(r) for r in cells])
