"""What changed between two quarters' briefs, figure by figure: the figures the later brief
shows that the earlier one did not, the figures whose chosen value changed (old -> new, both
sources kept), new sources and gaps closed.

The comparison is of the figures each brief chose (one per platform, measure and period, by the
same rules), so "what's new" never contradicts the rest of the brief: a second source confirming
a known value is not news, and a target is never a "previous value" of an estimate."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.analysis.figures import Figure
from reportgen.data.registry import FAMILIES, family_of

FAMILY_ORDER = list(FAMILIES)


def figure_family(fig: Figure) -> str:
    return family_of(fig.measure.table, fig.measure.metric) or "scale"


@dataclass(frozen=True)
class Changes:
    new_figures: list[Figure]
    revised: list[tuple[Figure, Figure]]  # (previous brief's figure, this brief's)
    new_sources: pd.DataFrame
    gaps_closed: list[tuple[str, str]]  # (platform, family)

    @property
    def empty(self) -> bool:
        return not (self.new_figures or self.revised or len(self.new_sources) or self.gaps_closed)


def _stated(fig: Figure) -> tuple:
    return (round(fig.low, 6), round(fig.high, 6), fig.qualifier, fig.basis)


def compare(before: dict[str, Figure], after: dict[str, Figure], old_sources: pd.DataFrame,
            new_sources: pd.DataFrame) -> Changes:
    """Compare two briefs' figures (key -> chosen figure, as `brief_figures` gives them)."""
    new = [after[k] for k in after if k not in before]
    revised = [(before[k], after[k]) for k in after if k in before and _stated(before[k]) != _stated(after[k])]
    added_sources = new_sources[~new_sources["source_id"].isin(set(old_sources["source_id"]))]
    added_sources = added_sources[["source_id", "publisher", "title", "published", "tier"]].sort_values(
        ["published", "source_id"]).reset_index(drop=True)
    had = {(f.platform, figure_family(f)) for f in before.values() if f.platform}
    has = {(f.platform, figure_family(f)) for f in after.values() if f.platform}
    closed = sorted(has - had, key=lambda pf: (pf[0], FAMILY_ORDER.index(pf[1]) if pf[1] in FAMILY_ORDER else 99))
    order = lambda f: (f.platform, figure_family(f), f.measure.key, f.subject, f.period_end or pd.Timestamp.min.date())  # noqa: E731
    return Changes(sorted(new, key=order), sorted(revised, key=lambda pair: order(pair[1])), added_sources, closed)
