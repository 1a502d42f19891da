"""How the focus platform fits different sellers, as evidence: for each seller profile, the dated
inputs for and against it, newest first — figures read by a stated rule, and sources' claims
about that kind of seller — and a verdict only where the evidence carries one: at least
`Needs.inputs` current inputs that agree and none current against (sections: the implications
table's needs). Otherwise the verdict says what is missing.

The rules that read a figure as evidence, with their thresholds (the methodology names them):
a private-domain share of GMV of half or more favours sellers with their own audience and
weighs against sellers without one; a repurchase rate of half or more favours brands that live
on repeat custom; a leading category above 30% of the mix shows demand for that category's
industrial-belt supply; an AOV above (below) every rival's on the same measure favours high-AOV
(low-AOV) sellers and weighs against the other. A figure no rule reads (a return rate) is shown
as context and counts for nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from reportgen.analysis.categories import CategoryMix
from reportgen.analysis.evidence import Window
from reportgen.analysis.figures import TIER_RANK, Figure
from reportgen.sections import Needs
from reportgen.vocabulary import PROFILES

PRIVATE_DOMAIN_MAJORITY = 50  # % of GMV from private traffic at which sales rest on the seller's own audience
REPEAT_CUSTOM = 50  # % repurchase rate that favours brands living on repeat custom
LEADING_CATEGORY = 30  # % share of a leading category that shows demand for industrial-belt supply
STANCES = {"supports": "for", "limits": "against", "neutral": "context"}


@dataclass(frozen=True)
class Input:
    """One dated piece of evidence about a seller profile."""

    profile: str
    direction: str  # for | against | context
    dated: date  # the figure's period end, or the claim's publication
    current: bool  # inside the evidence window, from a source the verdict may rest on
    rule: str = ""  # for a figure: private | repurchase | category | aov_high | aov_low | return
    figure: Figure | None = None
    peers: tuple[Figure, ...] = ()  # for an AOV: the rivals' figures on the same measure
    mix: CategoryMix | None = None
    claim: dict | None = None  # a claims.csv row (claim_<lang>, quote, source_id)

    @property
    def sources(self) -> tuple[str, ...]:
        if self.claim is not None:
            return (self.claim["source_id"],)
        return tuple(dict.fromkeys(s for f in (self.figure, *self.peers) if f for s in f.sources[:1]))


@dataclass(frozen=True)
class Verdict:
    profile: str
    inputs: tuple[Input, ...]  # newest first
    verdict: str  # favourable | unfavourable | none
    reason: str = ""  # for none: too_few | contradicted
    counts: tuple[int, int] = (0, 0)  # current inputs for, against

    def of(self, direction: str) -> tuple[Input, ...]:
        return tuple(i for i in self.inputs if i.direction == direction)


def figure_inputs(unit_figures: list[Figure], mixes: list[CategoryMix], focus: str, window: Window,
                  needs: Needs) -> list[Input]:
    """The focus platform's figures read by the rules above."""
    units = {f.measure.metric: f for f in unit_figures if f.platform == focus}
    out: list[Input] = []

    def add(profile: str, direction: str, rule: str, fig: Figure, **extra) -> None:
        out.append(Input(profile, direction, fig.period_end or fig.published, window.admits(fig, needs), rule, fig, **extra))

    if (f := units.get("private_domain_share")) is not None and f.low >= PRIVATE_DOMAIN_MAJORITY:
        add("with_private", "for", "private", f)
        add("without_private", "against", "private", f)
    if (f := units.get("repurchase_rate")) is not None and f.low >= REPEAT_CUSTOM:
        add("brand", "for", "repurchase", f)
    if (f := units.get("return_rate")) is not None:
        add("white_label", "context", "return", f)
    if (mine := units.get("aov")) is not None:
        peers = tuple(f for f in unit_figures if f.platform != focus and f.measure == mine.measure)
        if peers and all(mine.low > f.high for f in peers):
            add("high_aov", "for", "aov_high", mine, peers=peers)
            add("low_aov", "against", "aov_high", mine, peers=peers)
        elif peers and all(mine.high < f.low for f in peers):
            add("low_aov", "for", "aov_low", mine, peers=peers)
            add("high_aov", "against", "aov_low", mine, peers=peers)
    own = [m for m in mixes if m.platform == focus and m.shares[0].period_end is not None]
    if own:
        mix = max(own, key=lambda m: m.shares[0].period_end)
        if mix.shares[0].low > LEADING_CATEGORY:
            add("industrial_belt", "for", "category", mix.shares[0], mix=mix)
    return out


def claim_inputs(claims: pd.DataFrame, sources: pd.DataFrame, focus: str, window: Window, needs: Needs) -> list[Input]:
    """Sources' claims about a kind of seller on the focus platform, dated by their publication."""
    published = dict(zip(sources["source_id"], sources["published_date"]))
    tiers = dict(zip(sources["source_id"], sources["tier"]))
    out = []
    for row in claims[(claims["platform"] == focus) & (claims["profile"].fillna("") != "")].to_dict("records"):
        dated = published[row["source_id"]]
        current = dated >= window.start and TIER_RANK.get(tiers[row["source_id"]], len(TIER_RANK)) <= TIER_RANK[needs.weakest_tier]
        out.append(Input(row["profile"], STANCES[row["stance"]], dated, current, claim=row))
    return out


def verdicts(inputs: list[Input], needs: Needs) -> list[Verdict]:
    """Each profile's inputs, newest first, and the verdict they carry (see the module's rule)."""
    out = []
    for profile in PROFILES:
        mine = sorted((i for i in inputs if i.profile == profile), key=lambda i: (i.dated, i.rule), reverse=True)
        pro = sum(1 for i in mine if i.current and i.direction == "for")
        con = sum(1 for i in mine if i.current and i.direction == "against")
        if pro >= needs.inputs and not con:
            verdict, reason = "favourable", ""
        elif con >= needs.inputs and not pro:
            verdict, reason = "unfavourable", ""
        else:
            verdict, reason = "none", "contradicted" if pro and con else "too_few"
        out.append(Verdict(profile, tuple(mine), verdict, reason, (pro, con)))
    return out
