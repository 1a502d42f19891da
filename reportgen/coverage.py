"""What the data covers: figures per platform, data family and year, and how many of the
figures the brief's scoreboard rests on come from primary sources. `reportgen coverage` prints
it; datasets/README.md carries the current output (a test keeps the two equal)."""

from __future__ import annotations

from collections import Counter

from reportgen.data import Dataset
from reportgen.measures import METRICS

FAMILY_LABELS = {"scale": "GMV and disclosed proxies", "users": "users", "unit_economics": "unit economics",
                 "subsidies": "subsidies and fees", "demographics": "audience", "category_share": "category mix",
                 "events": "618 / Double 11"}
FIRST_YEAR = 2020


def _family(table: str, row: dict) -> str | None:
    if table == "metrics":
        family = METRICS[row["metric"]].family if row["metric"] in METRICS else None
        return {"monetisation": "scale", "merchants": "scale"}.get(family, family)
    return table


def coverage_markdown(data: Dataset) -> str:
    """A platform × family × year table of figure counts (flagged figures left out), then the
    source tiers and the primary share of the scoreboard's figures."""
    from reportgen.brief import analyse
    from reportgen.narrative import primary_share

    counts: Counter = Counter()
    years = set()
    for table, frame in data.facts().items():
        for row in frame.to_dict("records"):
            if row.get("flag") or not row.get("platform") or row["period_end"] is None:
                continue
            family = _family(table, row)
            year = row["period_end"].year
            if family and year >= FIRST_YEAR:
                counts[(row["platform"], family, year)] += 1
                years.add(year)
    years = sorted(years)
    names = dict(zip(data.platforms["platform"], data.platforms["name_en"]))
    lines = ["| platform | data family | " + " | ".join(str(y) for y in years) + " |",
             "|---|---|" + "---|" * len(years)]
    for platform in data.platforms["platform"]:
        for family, label in FAMILY_LABELS.items():
            cells = [str(counts[(platform, family, y)]) if counts[(platform, family, y)] else "—" for y in years]
            lines.append(f"| {names[platform]} | {label} | " + " | ".join(cells) + " |")
    tiers = data.sources["tier"].value_counts()
    quarter = data.latest_quarter()
    primary, total = primary_share(analyse(data.as_of(quarter), quarter))
    lines += ["", f"Counts are figures (rows) by the year their period ends; flagged rows are left out. "
              f"Sources: {len(data.sources)} — primary {int(tiers.get('primary', 0))}, press {int(tiers.get('press', 0))}, "
              f"republication {int(tiers.get('republication', 0))}, machine summary {int(tiers.get('machine_summary', 0))}. "
              f"The {quarter} scoreboard rests on {total} figures, {primary} of them from primary sources."]
    return "\n".join(lines) + "\n"
