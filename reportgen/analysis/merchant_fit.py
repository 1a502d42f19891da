"""How the focus platform fits different sellers: one stated rule per seller profile, applied to
the focus platform's latest figure; a rule that would compare figures of different measures is
not applied, and a profile without the figure its rule needs is assessed "unknown"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportgen.analysis.categories import CategoryMix
from reportgen.analysis.figures import Figure

PRIVATE_DOMAIN_MAJORITY = 50  # % of GMV from private traffic at which sales rest on the seller's own audience
REPEAT_CUSTOM = 50  # % repurchase rate that favours brands living on repeat custom
LEADING_CATEGORY = 30  # % share of a leading category that shows demand for industrial-belt supply


@dataclass(frozen=True)
class Fit:
    profile: str  # high_aov | low_aov | with_private | without_private | brand | white_label | industrial_belt
    assessment: str  # favourable | mixed | unfavourable | unknown
    # What the assessment rests on: aov (figure against peers on the same measure), private,
    # repurchase, return, category (figure = the mix's leading share), or no_comparable /
    # no_data (metric names what is missing).
    evidence: str
    figure: Figure | None = None
    peers: tuple[Figure, ...] = ()
    mix: CategoryMix | None = None
    metric: str = ""


def merchant_fits(unit_figures: list[Figure], category_mixes: list[CategoryMix], focus: str) -> list[Fit]:
    units = {f.measure.metric: f for f in unit_figures if f.platform == focus}
    out = []

    # High vs low AOV: the focus platform's AOV against rivals' AOV on the same measure only.
    mine = units.get("aov")
    peers = tuple(f for f in unit_figures if f.platform != focus and mine is not None and f.measure == mine.measure)
    if mine is not None and peers:
        higher = all(mine.low > f.high for f in peers)
        lower = all(mine.high < f.low for f in peers)
        out.append(Fit("high_aov", "favourable" if higher else "unfavourable" if lower else "mixed", "aov", mine, peers))
        out.append(Fit("low_aov", "unfavourable" if higher else "favourable" if lower else "mixed", "aov", mine, peers))
    else:
        out.append(Fit("high_aov", "unknown", "no_comparable", metric="aov"))
        out.append(Fit("low_aov", "unknown", "no_comparable", metric="aov"))

    f = units.get("private_domain_share")
    if f is not None:
        majority = f.low >= PRIVATE_DOMAIN_MAJORITY
        out.append(Fit("with_private", "favourable" if majority else "mixed", "private", f))
        out.append(Fit("without_private", "unfavourable" if majority else "mixed", "private", f))

    f = units.get("repurchase_rate")
    if f is not None:
        out.append(Fit("brand", "favourable" if f.low >= REPEAT_CUSTOM else "mixed", "repurchase", f))
    else:
        out.append(Fit("brand", "unknown", "no_data", metric="repurchase_rate"))

    f = units.get("return_rate")
    if f is not None:
        out.append(Fit("white_label", "mixed", "return", f))
    else:
        out.append(Fit("white_label", "unknown", "no_data", metric="return_rate"))

    mixes = [m for m in category_mixes if m.platform == focus]
    if mixes:
        mix = max(mixes, key=lambda m: m.shares[0].period_end or date.min)
        top = mix.shares[0]
        out.append(Fit("industrial_belt", "favourable" if top.low >= LEADING_CATEGORY else "mixed", "category", top, mix=mix))
    return out
