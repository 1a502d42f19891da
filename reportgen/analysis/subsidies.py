"""Subsidies and merchant support: one entry per programme (however many sources mention it),
its stated amounts by kind (pledged, paid out, rate, cap …), and the fees platforms charge kept
apart from support."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from reportgen.analysis.figures import Figure
from reportgen.analysis.select import choose
from reportgen.measures import Measure

ALL_BASES = ("reported", "estimate", "forecast", "target")


@dataclass(frozen=True)
class Part:
    """What one amount of a programme is about: its kind of support and, where the programme
    has several measures, the one it belongs to (Xingyao's fee waiver, its first-sale cash back)."""

    kind: str
    name_zh: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class Programme:
    programme_id: str
    platform: str
    name_zh: str
    name_en: str
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
        return self.name_zh if lang == "zh" else self.name_en

    def part(self, amount: Figure) -> Part:
        return self.parts.get(amount.key, Part(self.kinds[0]))


def amount_measure(amount_type: str, kind: str, dimension: str, counts: str = "") -> Measure:
    """Programme amounts compare only within one amount type (pledged with pledged, paid with
    paid), one kind of support and one kind of unit: a cash cap and a cap in points are two
    measures, and so are a cap on cash back and a cap on fee waivers."""
    return Measure("subsidies", amount_type, kind, dimension, counts or "")


def programmes(subsidies: pd.DataFrame) -> list[Programme]:
    rows = subsidies[subsidies["flag"].fillna("") == ""]
    out = []
    for pid, group in rows.groupby("programme_id", sort=False):
        dated = group[group["period_start"].notna()].sort_values(["period_start", "published_date"])
        first = dated.iloc[0] if len(dated) else group.iloc[0]
        ordered = pd.concat([dated, group[group["period_start"].isna()]])
        amounts, parts = [], {}
        with_amount = group[group["amount"].notna()].fillna({"component_en": "", "component_zh": ""})
        keys = ["kind", "component_en", "component_zh", "amount_type", "period", "value_dimension", "counts"]
        for (kind, part_en, part_zh, amount_type, _, dimension, counts), g in with_amount.groupby(keys, sort=True, dropna=False):
            subject = f"{pid}#{part_en}" if part_en else pid
            g = g.assign(measure=[amount_measure(amount_type, kind, dimension, counts)] * len(g), subject=subject)
            fig = choose(g, ALL_BASES)
            if fig is not None:
                amounts.append(fig)
                parts[fig.key] = Part(kind, part_zh, part_en)
        out.append(Programme(
            programme_id=pid, platform=first["platform"], name_zh=first["programme_zh"], name_en=first["programme_en"],
            kinds=tuple(dict.fromkeys(ordered["kind"])), beneficiary=first["beneficiary"],
            start=first["period_start"] if pd.notna(first["period_start"]) else None, period=first["period"] or "",
            amounts=tuple(sorted(amounts, key=lambda f: (f.period_end or date.min, f.measure.metric, f.subject))),
            parts=parts,
            sources=tuple(dict.fromkeys(group.sort_values("published_date")["source_id"])),
            basis=first["basis"],
        ))
    return sorted(out, key=lambda p: (p.platform, p.start or date.max, p.programme_id))


def programme_of(subject: str) -> str:
    """The programme id of an amount's subject ('kuaishou_xingyao_2026#cash back …')."""
    return subject.split("#", 1)[0]


def largest(programme_list: list[Programme], amount_type: str = "pledged") -> tuple[Programme, Figure] | None:
    """The programme with the largest stated money amount of one type (pledged sizes compare with
    pledged sizes only; a fee waived per merchant is not a programme size)."""
    found = [(p, f) for p in programme_list if not p.is_fee for f in p.amounts
             if f.measure.metric == amount_type and f.dimension == "money" and f.qualifier in ("", "approx", "over")]
    return max(found, key=lambda pf: (pf[1].low, pf[0].programme_id)) if found else None
