"""What the data covers: figures per platform, data family and year, and how many of the
figures the brief's scoreboard rests on come from primary sources. `reportgen coverage` prints
it; datasets/README.md carries the current output (a test keeps the two equal)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from reportgen.data.registry import FAMILIES, family_of
from reportgen.vocabulary import TIERS

if TYPE_CHECKING:
    from reportgen.pipeline import Stages
FIRST_YEAR = 2020
MARKET_FAMILY = "market"


def coverage_markdown(stages: Stages) -> str:
    """A platform × family × year table of figure counts (flagged figures left out), then the
    source tiers and the primary share of the scoreboard's figures."""
    data = stages.dataset
    counts: Counter = Counter()
    years = set()
    for table, frame in data.facts().items():
        for row in frame.to_dict("records"):
            if row.get("flag") or not row.get("platform") or row["period_end"] is None:
                continue
            family = family_of(table, row.get("metric", ""))
            year = row["period_end"].year
            if family and year >= FIRST_YEAR:
                counts[(row["platform"], family, year)] += 1
                years.add(year)
    years = sorted(years)
    names = dict(zip(data.platforms["platform"], data.platforms["name_en"]))
    lines = ["| platform | data family | " + " | ".join(str(y) for y in years) + " |",
             "|---|---|" + "---|" * len(years)]
    roles = dict(zip(data.platforms["platform"], data.platforms["role"]))
    for platform in data.platforms["platform"]:
        # The national statistics have only the market family; the platforms every other one.
        for family in (f for f in FAMILIES.values() if (f.key == MARKET_FAMILY) == (roles[platform] == "market")):
            cells = [str(counts[(platform, family.key, y)]) if counts[(platform, family.key, y)] else "—" for y in years]
            lines.append(f"| {names[platform]} | {family.label} | " + " | ".join(cells) + " |")
    tiers = data.sources["tier"].value_counts()
    quarter = data.latest_quarter()
    q = stages.analysis(quarter).quality
    primary, total = q.scoreboard_primary, q.scoreboard_figures
    lines += ["", f"Counts are figures (rows) by the year their period ends; flagged rows are left out. "
              f"Sources: {len(data.sources)} — " + ", ".join(f"{tier.replace('_', ' ')} {int(tiers.get(tier, 0))}" for tier in TIERS)
              + ". "
              f"The {quarter} scoreboard rests on {total} figures, {primary} of them from primary sources."]
    return "\n".join(lines) + "\n"
