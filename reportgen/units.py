"""Units the datasets may use, and their conversion to a base unit per dimension.

Figures are stored as their source states them (3026 亿元 stays 3026, CNY_100M); the analysis
converts to the base unit (yuan, persons, percent) only to compare and chart them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    code: str
    dimension: str  # money | persons | count | pct | ratio
    factor: float  # multiply by this to get the base unit of the dimension


UNITS: dict[str, Unit] = {
    u.code: u
    for u in (
        Unit("CNY", "money", 1),
        Unit("CNY_10k", "money", 1e4),
        Unit("CNY_m", "money", 1e6),
        Unit("CNY_100M", "money", 1e8),
        Unit("CNY_bn", "money", 1e9),
        Unit("CNY_1T", "money", 1e12),
        Unit("pct", "pct", 1),
        Unit("times", "ratio", 1),  # "1.92倍": a multiple of the comparison base
        Unit("persons_10k", "persons", 1e4),
        Unit("persons_m", "persons", 1e6),
        Unit("persons_100M", "persons", 1e8),
        Unit("count", "count", 1),
        Unit("count_10k", "count", 1e4),
    )
}


def to_base(value: float, unit: str) -> float:
    return value * UNITS[unit].factor


def significant_digits(value_text: str) -> int:
    """How many significant digits the source gave ("3026" -> 4, "1.50" -> 3, "0.6" -> 1)."""
    digits = value_text.strip().lstrip("+-").replace(",", "")
    if "e" in digits.lower():
        digits = digits.lower().split("e")[0]
    if "." in digits:
        whole, frac = digits.split(".", 1)
        stripped = (whole + frac).lstrip("0")
        return max(len(stripped), 1)
    return max(len(digits.lstrip("0").rstrip("0")) or 1, 1)
