"""The national market as the statistics office counts it: online retail sales of physical goods
(实物商品网上零售额; from 2026 网上商品零售额, the same scope under a new name), its growth and
its share of total retail sales of consumer goods, and all online retail (services included).

Growth is taken as the statistician states it, on a comparable base: it is never recomputed from
two levels, because the office revises the base (2024's stated growth does not follow from the
2023 and 2024 levels as published). Platform GMV is not sized against these totals: GMV counts
orders (most platforms include cancelled and returned ones, or do not say), the office counts
retail sales of physical goods — different definitions, so no share of the market is computed."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.analysis.evidence import Window
from reportgen.analysis.figures import Figure, FigureBook

MARKET = "market"  # the platforms.csv row of the national statistics (role market)
# Its indicators, in the table's order: a level, its growth, the goods' share of all retail.
LEVEL, GROWTH, SHARE = "online_retail_goods", "online_retail_goods_yoy", "online_retail_goods_share"
ALL_LEVEL, ALL_GROWTH = "online_retail", "online_retail_yoy"
KINDS = ("year", "span", "month")


@dataclass(frozen=True)
class Market:
    periods: tuple[str, ...]  # the periods with any national figure in the window's years, oldest first
    levels: dict[str, Figure]  # period -> online retail sales of physical goods
    growth: dict[str, Figure]  # period -> its growth as stated
    share: dict[str, Figure]  # period -> its share of total retail sales of consumer goods
    all_levels: dict[str, Figure]  # period -> all online retail (services included)
    all_growth: dict[str, Figure]
    all_figures: tuple[Figure, ...]  # every national figure on record, for what the brief cannot show

    def row(self, period: str) -> tuple[Figure | None, ...]:
        return (self.levels.get(period), self.growth.get(period), self.share.get(period),
                self.all_levels.get(period), self.all_growth.get(period))


def market(book: FigureBook, window: Window, years: int = 3) -> Market:
    """The national figures of the periods that end within the window's years (at least the last
    `years` full years, so the table shows 2023–2025 in a 2026 brief)."""
    figs = [f for (p, m, _), f in book.actual.items() if p == MARKET and f.period_kind in KINDS]
    first_year = min(window.start.year, window.data_date.year - years)
    shown = [f for f in figs if f.period_end and f.period_end.year >= first_year]

    def by_period(metric: str) -> dict[str, Figure]:
        return {f.period: f for f in shown if f.measure.metric == metric}

    periods = tuple(sorted({f.period for f in shown}, key=lambda p: next(f.period_end for f in shown if f.period == p)))
    return Market(periods, by_period(LEVEL), by_period(GROWTH), by_period(SHARE), by_period(ALL_LEVEL),
                  by_period(ALL_GROWTH), tuple(figs))
