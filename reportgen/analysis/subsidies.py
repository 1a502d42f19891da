"""Subsidies and merchant support: one entry per programme (however many sources mention it),
its stated amounts by kind (pledged, paid out, rate, cap …), and the fees platforms charge kept
apart from support."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from reportgen.analysis.figures import Figure
from reportgen.analysis.select import choose, records
from reportgen.measures import Measure
from reportgen.outputs import LANGUAGES

# The column whose text keys a programme part's figures (stable across quarters and languages).
PART_KEY = "component_en"

ALL_BASES = ("reported", "estimate", "forecast", "target")


@dataclass(frozen=True)
class Part:
    """What one amount of a programme is about: its kind of support and, where the programme
    has several measures, the one it belongs to (Xingyao's fee waiver, its first-sale cash back)."""

    kind: str
    names: dict[str, str] = field(default_factory=dict)  # by language; empty for the programme as a whole

    def name(self, lang: str) -> str:
        return self.names.get(lang, "")


@dataclass(frozen=True)
class Programme:
    programme_id: str
    platform: str
    names: dict[str, str]  # by language (programme_<lang> columns)
    kinds: tuple[str, ...]  # every kind of support its rows name, the earliest mentioned first
    beneficiary: str
    start: date | None  # the earliest dated mention
    period: str  # the period of the earliest dated mention ("" when no source dates it)
    amounts: tuple[Figure, ...]  # one chosen figure per part, amount type and period
    parts: dict[str, Part]  # figure key -> what that amount is about
    sources: tuple[str, ...]
    basis: str

    @property
    def is_fee(self) -> bool:
        return self.kinds == ("fee",)

    def name(self, lang: str) -> str:
        return self.names[lang]

    def part(self, amount: Figure) -> Part:
        return self.parts.get(amount.key, Part(self.kinds[0]))


def amount_measure(amount_type: str, kind: str, dimension: str, counts: str = "", fee_type: str = "") -> Measure:
    """Programme amounts compare only within one amount type (pledged with pledged, paid with
    paid), one kind of support, one kind of unit and, for a charge, one type of fee: a cash cap
    and a cap in points are two measures, so are a basic software fee and a category commission."""
    return Measure("subsidies", amount_type, kind, dimension, counts or "", fee_type=fee_type or "")


def row_measure(row: dict) -> Measure:
    """The measure of a loaded subsidies.csv row's amount."""
    return amount_measure(row["amount_type"], row["kind"], row["value_dimension"], _text(row.get("counts", "")),
                          _text(row.get("fee_type", "")))


def programmes(subsidies: pd.DataFrame) -> list[Programme]:
    # Plain records rather than pandas groups: a build runs this for two quarters, and the
    # per-group DataFrame work cost about a second each time.
    rows = [r for r in records(subsidies) if _text(r["flag"]) == ""]
    by_programme: dict[str, list[dict]] = {}
    for r in rows:
        if not _missing(r["programme_id"]):
            by_programme.setdefault(r["programme_id"], []).append(r)
    out = []
    for pid, group in by_programme.items():
        dated = sorted((r for r in group if not _missing(r["period_start"])),
                       key=lambda r: (r["period_start"], r["published_date"]))
        first = dated[0] if dated else group[0]
        ordered = dated + [r for r in group if _missing(r["period_start"])]
        amounts, parts = [], {}
        parts_of: dict[tuple, list[dict]] = {}
        for r in group:
            if not _missing(r["amount"]):
                names = tuple(_text(r.get(f"component_{lang}")) for lang in LANGUAGES)
                key = (r["kind"], _text(r[PART_KEY]), names, r["amount_type"], r["period"], r["value_dimension"], r["counts"],
                       _text(r.get("fee_type")))
                parts_of.setdefault(key, []).append(r)
        for key in sorted(parts_of, key=lambda k: [(1, "") if _missing(v) else (0, v) for v in k]):
            kind, part, names, amount_type, _, dimension, counts, fee_type = key
            subject = f"{pid}#{part}" if part else pid
            measure = amount_measure(amount_type, kind, dimension, counts, fee_type)
            fig = choose([r | {"measure": measure, "subject": subject} for r in parts_of[key]], ALL_BASES)
            if fig is not None:
                amounts.append(fig)
                parts[fig.key] = Part(kind, {lang: name for lang, name in zip(LANGUAGES, names) if name})
        out.append(Programme(
            programme_id=pid, platform=first["platform"], names={lang: first[f"programme_{lang}"] for lang in LANGUAGES},
            kinds=tuple(dict.fromkeys(r["kind"] for r in ordered)), beneficiary=first["beneficiary"],
            start=None if _missing(first["period_start"]) else first["period_start"], period=first["period"] or "",
            amounts=tuple(sorted(amounts, key=lambda f: (f.period_end or date.min, f.measure.metric, f.subject))),
            parts=parts,
            sources=tuple(dict.fromkeys(r["source_id"] for r in sorted(group, key=lambda r: r["published_date"]))),
            basis=first["basis"],
        ))
    return sorted(out, key=lambda p: (p.platform, p.start or date.max, p.programme_id))


def _missing(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _text(value) -> str:
    return "" if _missing(value) else value


def programme_of(subject: str) -> str:
    """The programme id of an amount's subject ('kuaishou_xingyao_2026#cash back …')."""
    return subject.split("#", 1)[0]


def largest(programme_list: list[Programme], amount_type: str = "pledged") -> tuple[Programme, Figure] | None:
    """The programme with the largest stated money amount of one type (pledged sizes compare with
    pledged sizes only; a fee waived per merchant is not a programme size)."""
    found = [(p, f) for p in programme_list if not p.is_fee for f in p.amounts
             if f.measure.metric == amount_type and f.dimension == "money" and f.qualifier in ("", "approx", "over")]
    return max(found, key=lambda pf: (pf[1].low, pf[0].programme_id)) if found else None
