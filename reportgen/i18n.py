"""Language: the message catalogue (templates/i18n/<lang>.toml) and number formatting.

Chinese money is written in 亿元/万亿元, English in CNY million/billion/trillion. A figure is
never shown with more significant digits than its source gave."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from reportgen.errors import RenderError
from reportgen.paths import TEMPLATES_DIR

if TYPE_CHECKING:
    from reportgen.analysis.figures import Figure

MAX_SHOWN_DIGITS = 4


@dataclass(frozen=True)
class Catalogue:
    """A language's catalogue: its messages, how it writes numbers (for each kind of figure,
    (from, divide by, pattern) rows, largest first) and its settings."""

    messages: dict[str, str]
    scales: dict[str, list[tuple[float, float, str]]]
    settings: dict[str, object]


@lru_cache(maxsize=None)
def load_catalogue(lang: str, templates_dir: Path = TEMPLATES_DIR) -> Catalogue:
    path = templates_dir / "i18n" / f"{lang}.toml"
    try:
        with path.open("rb") as fh:
            tree = tomllib.load(fh)
        number = tree.pop("number")
        scales = {kind: [(float(a), float(b), str(c)) for a, b, c in rows] for kind, rows in number.items()
                  if isinstance(rows, list)}
        settings = {**tree.pop("language"), **{k: v for k, v in number.items() if not isinstance(v, list)}}
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise RenderError(f"The message catalogue {path} cannot be read: {exc}") from exc
    return Catalogue(_flatten(tree), scales, settings)


def load_messages(lang: str, templates_dir: Path = TEMPLATES_DIR) -> dict[str, str]:
    return load_catalogue(lang, templates_dir).messages



def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


def with_platform_names(messages: dict[str, str], focus: str, focus_owner: str, rivals: list[str]) -> dict[str, str]:
    """The catalogue with the platforms the data names filled in, so no sentence spells them:
    {focus} (the platform the brief is about), {focus_possessive}, {focus_owner} and {rivals}
    (the others, in the brief's order)."""
    possessive = messages["possessive_after_s" if focus.endswith("s") else "possessive"].format(name=focus)
    listed = messages["list_sep"].join(rivals[:-1]) + messages["list_last_sep"] + rivals[-1] if len(rivals) > 1 else "".join(rivals)
    names = {"{focus}": focus, "{focus_possessive}": possessive, "{focus_owner}": focus_owner, "{rivals}": listed}
    pattern = re.compile("|".join(map(re.escape, names)))
    return {key: pattern.sub(lambda m: names[m.group(0)], text) for key, text in messages.items()}


def round_significant(value: float, digits: int) -> Decimal:
    if value == 0:
        return Decimal(0)
    return Decimal(f"{value:#.{digits}g}")  # "#": 1.390 keeps its significant trailing zero


def plain_number(value: Decimal | float, grouping: bool = True) -> str:
    d = Decimal(value) if not isinstance(value, Decimal) else value
    # Decimal keeps the digits it was rounded to: 1.390 (four significant digits) stays 1.390.
    return f"{d:,f}" if grouping else f"{d:f}"


@dataclass(frozen=True)
class Formatter:
    lang: str

    def amount(self, low: float, high: float, dimension: str, digits: int) -> str:
        """'3,000–4,000亿元' / 'CNY 300–400 billion'; percent as '60%'."""
        if dimension in ("pct", "ratio"):
            lo, hi = (plain_number(round_significant(v, digits)) for v in (low, high))
            sign = "%" if dimension == "pct" else load_messages(self.lang)["label.times_suffix"]
            return f"{lo}{sign}" if lo == hi else f"{lo}–{hi}{sign}"
        scales = load_catalogue(self.lang).scales[dimension]
        _, divisor, pattern = next((row for row in scales if high >= row[0]), scales[-1])
        lo, hi = (plain_number(round_significant(v / divisor, digits)) for v in (low, high))
        return pattern.format(lo if lo == hi else f"{lo}–{hi}")

    def figure(self, fig: "Figure") -> str:
        """A figure as the brief prints it, its qualifier kept: 约3.5万亿元, >600 million,
        ~CNY 420–440 billion. Never more digits than the source gave, and at most four (a
        research note prints RMB108.3 billion, not 108.2765)."""
        digits = min(fig.digits, MAX_SHOWN_DIGITS)
        text = self.qualified(self.amount(fig.low, fig.high, fig.dimension, digits), fig.qualifier)
        if fig.measure.table == "subsidies" and fig.measure.population:  # what a cap in points or visitors counts
            messages = load_messages(self.lang)
            return messages["counts_format"].format(value=text, noun=messages[f"counts.{fig.measure.population}"])
        if fig.stated_ratio:  # growth the source wrote as a multiple: "70% (1.7× a year earlier)"
            low, high = (self.number(1 + v / 100, decimals=2) for v in (fig.low, fig.high))
            sign = load_messages(self.lang)["label.times_suffix"]
            ratio = self.qualified(f"{low}{sign}" if low == high else f"{low}–{high}{sign}", fig.qualifier)
            return load_messages(self.lang)["label.growth_as_multiple"].format(growth=text, ratio=ratio)
        return text

    def in_unit(self, fig: "Figure", divisor: float) -> str:
        """A money figure in a chart axis's unit, its hedge kept: '~8,000', '420–440'."""
        digits = min(fig.digits, MAX_SHOWN_DIGITS)
        lo, hi = (plain_number(round_significant(v / divisor, digits)) for v in (fig.low, fig.high))
        return self.qualified(lo if lo == hi else f"{lo}–{hi}", fig.qualifier)

    def qualified(self, text: str, qualifier: str) -> str:
        return load_messages(self.lang)[f"qualifier.{qualifier}"].format(text) if qualifier else text

    def number(self, value: float, decimals: int = 1) -> str:
        text = plain_number(Decimal(f"{value:.{decimals}f}"))  # a computed number: no trailing zeros
        return text.rstrip("0").rstrip(".") if "." in text else text


def message_for(messages: dict[str, str], key: str, n: object = None) -> str:
    """The catalogue text for `key`; its singular form `key_one` when a count of one is given
    and the catalogue has one ("1 is derived", not "1 are derived")."""
    if n == 1 and f"{key}_one" in messages:
        return messages[f"{key}_one"]
    return messages[key]
