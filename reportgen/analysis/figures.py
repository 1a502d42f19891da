"""A figure as the brief states it: a value or a range, its basis and its sources.

Where sources disagree on the same platform, metric, period and basis, the figure is the range
they span, with every source kept; a reported figure is never blended with an estimate."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.units import significant_digits

BASIS_RANK = {"reported": 0, "estimate": 1, "target": 2, "forecast": 3}


@dataclass(frozen=True)
class Figure:
    low: float  # in the dimension's base unit (yuan, persons, percent)
    high: float
    dimension: str  # money | persons | count | pct
    basis: str
    qualifier: str  # "" | approx | over | under (the source's own hedging)
    period: str
    sources: tuple[str, ...]
    digits: int  # significant digits the sources gave; formatting never shows more

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def figure_from_rows(rows: pd.DataFrame, value_column: str = "value_base") -> Figure:
    """One figure from rows that state the same thing (same platform, metric, period, basis)."""
    values = [float(v) for v in rows[value_column]]
    qualifiers = {q for q in rows["qualifier"] if q}
    dimension = rows["dimension"].iloc[0] if "dimension" in rows else "pct"
    value_text_column = "value_text" if "value_text" in rows else "share_text"
    stated_digits = [significant_digits(str(v)) for v in rows[value_text_column]]
    digits = max(stated_digits)
    low, high = min(values), max(values)
    if agree_when_rounded(values, min(stated_digits)):
        # 1.18万亿 and 11,844亿 are one figure at two precisions, not a disagreement.
        low = high = values[stated_digits.index(digits)]
    return Figure(
        low=low,
        high=high,
        dimension=dimension,
        basis=rows["basis"].iloc[0],
        qualifier=qualifiers.pop() if len(qualifiers) == 1 else "",
        period=rows["period"].iloc[0],
        sources=tuple(dict.fromkeys(rows["source_id"])),
        digits=max(digits, 2),
    )


def agree_when_rounded(values: list[float], digits: int) -> bool:
    return len({float(f"{v:.{digits}g}") for v in values}) == 1
