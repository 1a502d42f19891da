"""Audience: age, gender and city-tier distributions per platform.

A distribution is compared with another only when both split the same population of the same
scope by the same bucket scheme for the same period: a three-bucket gender split (with "not
stated") is never set beside a two-bucket one, and "tier 1 and 2" never beside "tier 1"."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.analysis.figures import BASIS_RANK, Figure
from reportgen.analysis.select import choose, lead_distribution, records
from reportgen.measures import Measure, measure_sort_key

DIMENSIONS = ("gender", "age", "city_tier")


@dataclass(frozen=True)
class Distribution:
    platform: str
    measure: Measure  # dimension, scheme, population, scope
    period: str
    shares: tuple[Figure, ...]  # one per bucket the source states, in the scheme's order

    @property
    def basis(self) -> str:
        return max((f.basis for f in self.shares), key=BASIS_RANK.__getitem__)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for f in self.shares for s in f.sources))


def distributions(demographics: pd.DataFrame, schemes: pd.DataFrame, dimension: str) -> list[Distribution]:
    """Per platform and measure, the latest period's distribution from one source (see
    lead_distribution), with every bucket that source states; another source's different
    share of a bucket is shown beside it as an "other source"."""
    order = {r.scheme: r.buckets.split("|") for r in schemes.itertuples(index=False)}
    rows = demographics[(demographics["dimension"] == dimension) & (demographics["flag"].fillna("") == "")
                        & demographics["period_end"].notna()]
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in records(rows):
        groups.setdefault((r["platform"], r["measure"].key), []).append(r)
    out = []
    for key in sorted(groups):
        group = groups[key]
        from_lead = lead_distribution(group)
        lead = from_lead[0]
        platform = lead["platform"]
        buckets = order.get(lead["measure"].scheme, [])
        # Other sources' shares of the same period agree or differ with the lead's.
        same_period = [r for r in group if r["period"] == lead["period"]]
        shares = [choose([{**r, "subject": bucket} for r in same_period if r["bucket"] == bucket], lead_source=lead["source_id"])
                  for bucket in dict.fromkeys(r["bucket"] for r in from_lead)]
        shares = sorted((s for s in shares if s is not None),
                        key=lambda f: buckets.index(f.subject) if f.subject in buckets else len(buckets))
        if shares:
            out.append(Distribution(platform, lead["measure"], lead["period"], tuple(shares)))
    return sorted(out, key=lambda d: (measure_sort_key(d.measure), d.period, d.platform))


def comparable_groups(dists: list[Distribution]) -> list[list[Distribution]]:
    """Distributions that may share a chart panel: same measure, same period and the same stated
    buckets (a source that states only "tier 3" is not set beside one that states only "tier 2")."""
    groups: dict[tuple, list[Distribution]] = {}
    for d in dists:
        groups.setdefault((d.measure, d.period, tuple(f.subject for f in d.shares)), []).append(d)
    return [groups[k] for k in sorted(groups, key=lambda k: (measure_sort_key(k[0]), k[1], k[2]))]


@dataclass(frozen=True)
class Skew:
    bucket: str
    measure: Measure
    period: str
    focus: Figure
    peers: tuple[Figure, ...]

    @property
    def skew_pp(self) -> float:
        return self.focus.low - sum(p.low for p in self.peers) / len(self.peers)


def skews(groups: list[list[Distribution]], focus: str) -> list[Skew]:
    """The focus platform's share of each bucket against the mean of the others, only within a
    comparable group and for buckets stated plainly by both (no bounds, no ranges)."""
    out = []
    for group in groups:
        mine = [d for d in group if d.platform == focus]
        others = [d for d in group if d.platform != focus]
        if not mine or not others:
            continue
        for share in mine[0].shares:
            peers = tuple(f for d in others for f in d.shares if f.subject == share.subject
                          and not f.qualifier and not f.is_range)
            if peers and not share.qualifier and not share.is_range:
                out.append(Skew(share.subject, mine[0].measure, mine[0].period, share, peers))
    return out
