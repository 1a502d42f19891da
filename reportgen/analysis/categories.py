"""Category mix: each platform's shares by category, one source's mix per platform and measure.

Shares compare across platforms only on the same measure (share of GMV, of orders, of sales …)
and scope. A concentration index needs the whole mix: computed only where the stated shares
cover nearly all of it, never from one or two known categories."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.analysis.figures import Figure
from reportgen.analysis.select import choose, lead_distribution, records
from reportgen.measures import Measure, measure_sort_key

COMPLETE_MIX_PCT = 95  # shares covering at least this much of the mix make an HHI meaningful


@dataclass(frozen=True)
class CategoryMix:
    platform: str
    measure: Measure
    period: str
    shares: tuple[Figure, ...]  # subject = category key, largest first

    @property
    def covered_pct(self) -> float:
        return sum(f.low for f in self.shares)

    @property
    def complete(self) -> bool:
        return self.covered_pct >= COMPLETE_MIX_PCT

    def hhi(self) -> float | None:
        """Herfindahl-Hirschman index (sum of squared % shares, 0–10,000), only for a whole mix."""
        return sum(f.low ** 2 for f in self.shares) if self.complete else None


def category_mixes(category_share: pd.DataFrame) -> list[CategoryMix]:
    rows = category_share[category_share["flag"].fillna("") == ""]
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in records(rows):
        groups.setdefault((r["platform"], r["measure"].key), []).append(r)
    out = []
    for key in sorted(groups):
        from_lead = lead_distribution(groups[key], part="category")
        lead = from_lead[0]
        platform = lead["platform"]
        shares = [choose([{**r, "subject": category} for r in from_lead if r["category"] == category])
                  for category in dict.fromkeys(r["category"] for r in from_lead)]
        shares = sorted((s for s in shares if s is not None), key=lambda f: -f.low)
        if shares:
            out.append(CategoryMix(platform, lead["measure"], lead["period"], tuple(shares)))
    return sorted(out, key=lambda c: (measure_sort_key(c.measure), c.platform))
