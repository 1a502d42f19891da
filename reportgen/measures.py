"""The measure model: what a figure measures, and which figures may be compared.

A fact is one value of one *measure* for one platform and period. A measure is the metric plus
everything that changes its meaning: the scope (whole platform, live commerce only, WeChat Shop
across all WeChat scenes, orders directed to partners included …), the definition (order or
payment basis, commission or total monetisation …), the population counted (users, buyers,
creators …), the bucket scheme of a distribution, and whether its years are calendar or fiscal.
Those fields are columns in the datasets; this module reads them, and holds the one rule of
comparison: platforms are put side by side only on the same measure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

GMV_DEFINITIONS = ("order_incl_refunds", "payment", "actual_transactions", "unspecified")
USER_DEFINITIONS = ("period_average", "month", "unspecified")
# Merchants counted: those with sales in a month, averaged over the year (微信 "月均动销商家数").
MERCHANT_DEFINITIONS = ("selling_monthly_average", "unspecified")
ACCOUNTING = ("accounting",)
NBS = ("nbs",)  # the statistics office's own definition of its indicator


@dataclass(frozen=True)
class MetricSpec:
    """What the code knows about a metric: its kind of unit, its data family, what it is the
    growth of (for *_yoy), and which definitions and populations a row may name."""

    name: str
    family: str  # scale | users | monetisation | unit_economics | merchants
    dimension: str  # money | persons | count | pct | growth
    growth_of: str | None = None
    definitions: tuple[str, ...] = ("unspecified",)
    populations: tuple[str, ...] = ("",)


def _growth(name: str, of: str, family: str, definitions=("unspecified",), populations=("",)) -> MetricSpec:
    return MetricSpec(name, family, "growth", of, definitions, populations)


METRICS: dict[str, MetricSpec] = {m.name: m for m in (
    MetricSpec("gmv", "scale", "money", definitions=GMV_DEFINITIONS),
    _growth("gmv_yoy", "gmv", "scale", GMV_DEFINITIONS),
    MetricSpec("orders", "scale", "count"),
    _growth("orders_yoy", "orders", "scale"),
    MetricSpec("mau", "users", "persons", definitions=USER_DEFINITIONS, populations=("users",)),
    MetricSpec("dau", "users", "persons", definitions=USER_DEFINITIONS, populations=("users",)),
    MetricSpec("annual_active_buyers", "users", "persons", populations=("buyers",)),
    MetricSpec("paying_members", "users", "persons", definitions=USER_DEFINITIONS, populations=("members",)),
    MetricSpec("merchants", "merchants", "count", definitions=MERCHANT_DEFINITIONS, populations=("merchants",)),
    _growth("merchants_yoy", "merchants", "merchants", MERCHANT_DEFINITIONS, populations=("merchants",)),
    MetricSpec("creators_selling", "merchants", "count", populations=("creators",)),
    MetricSpec("revenue", "monetisation", "money", definitions=ACCOUNTING),
    _growth("revenue_yoy", "revenue", "monetisation", ACCOUNTING),
    # Alibaba's CMR as reported, and "like for like" (without a programme's contra revenue).
    MetricSpec("cmr", "monetisation", "money", definitions=ACCOUNTING + ("like_for_like",)),
    _growth("cmr_yoy", "cmr", "monetisation", ACCOUNTING + ("like_for_like",)),
    MetricSpec("retail_revenue", "monetisation", "money", definitions=ACCOUNTING),  # JD Retail's segment revenue
    _growth("retail_revenue_yoy", "retail_revenue", "monetisation", ACCOUNTING),
    MetricSpec("transaction_services_revenue", "monetisation", "money", definitions=ACCOUNTING),
    _growth("transaction_services_revenue_yoy", "transaction_services_revenue", "monetisation", ACCOUNTING),
    MetricSpec("online_marketing_revenue", "monetisation", "money", definitions=ACCOUNTING),
    _growth("online_marketing_revenue_yoy", "online_marketing_revenue", "monetisation", ACCOUNTING),
    _growth("ad_revenue_yoy", "ad_revenue", "monetisation", ACCOUNTING + ("unspecified",)),
    MetricSpec("aov", "unit_economics", "money"),
    MetricSpec("return_rate", "unit_economics", "pct"),
    MetricSpec("repurchase_rate", "unit_economics", "pct", populations=("buyers",)),
    MetricSpec("take_rate", "unit_economics", "pct",
               definitions=("commission", "monetisation", "monetisation_partial_ads", "unspecified")),
    MetricSpec("private_domain_share", "unit_economics", "pct"),
    # The national market as the statistics office counts it: online retail sales of physical
    # goods (实物商品网上零售额; from 2026 网上商品零售额, same scope), its share of total retail
    # sales of consumer goods, and all online retail (网上零售额, services included).
    MetricSpec("online_retail_goods", "market", "money", definitions=NBS),
    _growth("online_retail_goods_yoy", "online_retail_goods", "market", NBS),
    MetricSpec("online_retail_goods_share", "market", "pct", definitions=NBS),
    MetricSpec("online_retail", "market", "money", definitions=NBS),
    _growth("online_retail_yoy", "online_retail", "market", NBS),
)}

# Every definition and population a metric may take, in one list each (vocabulary.py).
DEFINITIONS = tuple(dict.fromkeys(d for m in METRICS.values() for d in m.definitions))
POPULATIONS = tuple(dict.fromkeys(p for m in METRICS.values() for p in m.populations if p))
# What a category share is a share of.
SHARE_MEASURES = ("gmv_share", "order_share", "sales_share", "merchant_share")

# Units a metric of each kind may be written in (units.py gives their factors).
UNIT_DIMENSIONS = {"money": ("money",), "persons": ("persons",), "count": ("count",), "pct": ("pct",),
                   "growth": ("pct", "ratio")}

# The scopes a figure may have, in the order they are tried when a platform's headline series is
# chosen, and shown in.
SCOPES = SCOPE_ORDER = ("all", "all_incl_partners", "shop", "national", "content", "shelf", "live", "short_video", "mini_program",
               "tmall", "group", "other")


# How much of the platform a scope covers: the platform itself first, then one of its channels,
# then something wider than it (the owner's group). A headline series prefers the first.
SCOPE_CLASS = {"all": 0, "all_incl_partners": 0, "shop": 0, "national": 0, "content": 1, "shelf": 1, "live": 1,
               "short_video": 1, "mini_program": 1, "tmall": 1, "group": 2, "other": 2}

# Scopes that, for one platform, cover more than the platform itself: WeChat Shop (微信小店)
# sells in every WeChat scene, Channels is one of them. A series in such a scope may stand in
# for the platform's headline, but is always labelled as wider and never called its own.
WIDER_SCOPES = {"channels": frozenset({"shop"})}


def is_wider_scope(platform: str, scope: str) -> bool:
    return scope in WIDER_SCOPES.get(platform, ())


# Which scopes lie inside which: live commerce and short video inside content, content and shelf
# inside the whole platform, the whole platform inside its figure with partners' orders; and, for a
# platform whose shop spans more than itself (WIDER_SCOPES), the whole platform inside that shop.
PARTS = {"content": ("live", "short_video"), "all": ("content", "shelf", "tmall"), "all_incl_partners": ("all",)}


def scopes_inside(platform: str, scope: str) -> set[str]:
    """Every scope that lies inside `scope` for `platform` (not `scope` itself)."""
    direct = list(PARTS.get(scope, ()))
    if is_wider_scope(platform, scope):
        direct.append("all")
    inside: set[str] = set()
    for part in direct:
        inside |= {part} | scopes_inside(platform, part)
    return inside


@dataclass(frozen=True, order=True)
class Measure:
    """What a figure measures. Two figures are comparable only when their measures are equal."""

    table: str
    metric: str
    scope: str
    definition: str = ""
    population: str = ""
    scheme: str = ""  # the bucket scheme of a distribution
    year_basis: str = "calendar"  # calendar | fiscal
    fee_type: str = ""  # for a programme amount about a charge: which charge (fees compare within one type)

    @property
    def key(self) -> str:
        """A stable text key, e.g. 'gmv/all_incl_partners/unspecified'."""
        parts = [self.metric, self.scope, self.definition, self.population, self.scheme]
        if self.year_basis == "fiscal":
            parts.append("fiscal")
        while parts and not parts[-1]:
            parts.pop()
        return "/".join(parts) + (f"+{self.fee_type}" if self.fee_type else "")

    @property
    def spec(self) -> MetricSpec | None:
        return METRICS.get(self.metric)

    def growth_measure(self) -> "Measure":
        """The measure of this measure's year-on-year growth (gmv -> gmv_yoy, same scope and definition)."""
        name = next(m.name for m in METRICS.values() if m.growth_of == self.metric)
        return Measure(self.table, name, self.scope, self.definition, self.population, self.scheme, self.year_basis)

    def level_measure(self) -> "Measure | None":
        """The measure a growth measure is the growth of (gmv_yoy -> gmv), or None."""
        spec = self.spec
        if spec is None or spec.growth_of is None or spec.growth_of not in METRICS:
            return None
        return Measure(self.table, spec.growth_of, self.scope, self.definition, self.population, self.scheme,
                       self.year_basis)


class IncomparableError(Exception):
    """Code tried to put figures of different measures side by side: a bug, never a data problem."""


def measure_of(table: str, row: dict, period_kind: str = "") -> Measure:
    """The measure a fact row names (its measure columns, and whether its year is fiscal)."""
    metric = {"demographics": row.get("dimension", ""), "category_share": row.get("measure", "")}.get(
        table, row.get("metric", ""))
    return Measure(
        table=table,
        metric=metric,
        scope=row.get("scope", "") or "",
        definition=row.get("definition", "") or "",
        population=row.get("population", "") or "",
        scheme=row.get("scheme", "") or "",
        year_basis="fiscal" if period_kind == "fiscal_year" else "calendar",
    )


def same_measure(items: Iterable[T], measure: Callable[[T], Measure] = lambda x: x.measure) -> Measure | None:
    """The one measure of `items`, or raise IncomparableError: the guard every chart, table and
    sentence that puts platforms side by side goes through."""
    found = {measure(item) for item in items}
    if len(found) > 1:
        raise IncomparableError("figures of different measures put side by side: "
                                + "; ".join(sorted(m.key for m in found)))
    return found.pop() if found else None


def by_measure(items: Iterable[T], measure: Callable[[T], Measure] = lambda x: x.measure) -> dict[Measure, list[T]]:
    """Group items by measure, in a stable order: each group may be compared within itself only."""
    groups: dict[Measure, list[T]] = {}
    for item in items:
        groups.setdefault(measure(item), []).append(item)
    return {m: groups[m] for m in sorted(groups, key=measure_sort_key)}


def measure_sort_key(m: Measure) -> tuple:
    scope = SCOPE_ORDER.index(m.scope) if m.scope in SCOPE_ORDER else len(SCOPE_ORDER)
    return (m.table, m.metric, m.year_basis != "calendar", scope, m.definition, m.population, m.scheme)
