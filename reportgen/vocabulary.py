"""Every controlled vocabulary of the data, once: the values the code knows for each coded column
(tiers, bases, metrics, scopes, definitions, units …) and the catalogue group that names them.

The data package's descriptor lists the values each column allows; `validate` refuses a value the
code does not know, whether the descriptor allows it or not, and a descriptor that allows one (a
value added there alone would validate and then crash the analysis). A test checks that the
descriptor and every message catalogue name exactly these values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportgen.measures import DEFINITIONS, METRICS, POPULATIONS, SCOPES, SHARE_MEASURES
from reportgen.units import UNITS

# How close a source is to the figure's origin, closest first (datasets/README.md defines each).
TIERS = ("primary", "company_release", "press", "republication", "machine_summary")
# What a figure is: a company's disclosure; a figure the source computed from other figures
# (derived_from names them); a third party's estimate; a projection; a goal the company set; a
# goal others reported that the company has not confirmed, or has denied.
BASES = ("reported", "derived", "estimate", "forecast", "consensus", "target", "unconfirmed_target")  # consensus: analysts', before the results
# The seller profiles the brief weighs the focus platform for (claims may be evidence about one).
PROFILES = ("high_aov", "low_aov", "with_private", "without_private", "brand", "white_label", "industrial_belt")


@dataclass(frozen=True)
class Vocabulary:
    name: str
    # The values, or where to read them when a registry owns them (the metrics: a MetricSpec added
    # to measures.METRICS is a new metric everywhere, its vocabulary included).
    known: tuple[str, ...] | Callable[[], tuple[str, ...]]
    # The catalogue group naming each value in a brief ("tier" -> tier.primary …); "" when the
    # values are codes a reader never sees.
    labels: str = ""
    shown: tuple[str, ...] = ()  # values the brief names that the data never holds ("derived")

    @property
    def values(self) -> tuple[str, ...]:
        return self.known() if callable(self.known) else self.known


VOCABULARIES: dict[str, Vocabulary] = {v.name: v for v in (
    Vocabulary("role", ("focus", "rival", "reference", "market")),
    Vocabulary("date_basis", ("stated", "inferred")),
    Vocabulary("source_kind", ("company_filing", "official_statement", "third_party_data", "media", "analyst")),
    Vocabulary("tier", TIERS, "tier"),
    Vocabulary("source_language", ("zh", "en")),
    Vocabulary("metric", lambda: tuple(METRICS), "metric"),
    Vocabulary("qualifier", ("approx", "over", "under", "nearly"), "qualifier"),
    Vocabulary("unit", tuple(UNITS)),
    Vocabulary("basis", BASES, "basis"),
    Vocabulary("scope", SCOPES, "scope"),
    Vocabulary("definition", DEFINITIONS, "definition"),
    Vocabulary("population", POPULATIONS, "population"),
    Vocabulary("flag", ("conflict", "unreliable", "unlike_base")),
    Vocabulary("support_kind", ("commission_waiver", "fee_cut", "coupon", "cash_subsidy", "traffic_support",
                                "deposit_cut", "service", "fee", "other"), "kind"),
    Vocabulary("fee_type", ("basic_software_fee", "category_commission", "all_in_take_rate", "deposit",
                            "annual_software_fee", "return_shipping_cover", "mixed", "other"), "fee_type"),
    Vocabulary("beneficiary", ("merchants", "consumers", "creators", "service_providers"), "beneficiary"),
    Vocabulary("amount_type", ("pledged", "disbursed", "rate", "reduction", "cap", "per_recipient"), "amount_type"),
    Vocabulary("counts", ("visitors", "orders", "points", "exposures"), "counts"),
    Vocabulary("dimension", ("age", "gender", "city_tier"), "dimension"),
    Vocabulary("share_measure", SHARE_MEASURES, "share_measure"),
    Vocabulary("event", ("six_eighteen", "double_eleven"), "event"),
    Vocabulary("event_metric", ("gmv", "gmv_yoy", "online_retail", "online_retail_yoy", "brands_over_100m",
                                "brands_over_100m_yoy"), "metric"),
    Vocabulary("event_scope", ("all_network", "comprehensive_ecommerce", "live_ecommerce", "instant_retail",
                               "community_group", "whole_platform", "major_platforms", "other"), "event_scope"),
    Vocabulary("event_window", ("full", "first_hour", "first_day", "partial"), "event_window"),
    Vocabulary("profile", PROFILES, "profile"),
    Vocabulary("calendar_kind", ("announced", "awaited")),
    Vocabulary("topic", ("traffic", "store_type", "constraint", "advantage", "merchant_fit", "strategy"), "deep_dive"),
    Vocabulary("stance", ("supports", "limits", "neutral")),
)}

# The vocabulary each coded column takes: (table, column) -> vocabulary name.
COLUMNS: dict[tuple[str, str], str] = {
    ("platforms", "role"): "role",
    ("sources", "date_basis"): "date_basis",
    ("sources", "kind"): "source_kind",
    ("sources", "tier"): "tier",
    ("sources", "language"): "source_language",
    **{(table, "qualifier"): "qualifier" for table in ("metrics", "subsidies", "demographics", "category_share", "events")},
    **{(table, "basis"): "basis" for table in ("metrics", "subsidies", "demographics", "category_share", "events")},
    **{(table, "flag"): "flag" for table in ("metrics", "subsidies", "demographics", "category_share", "events")},
    **{(table, "unit"): "unit" for table in ("metrics", "subsidies", "events")},
    **{(table, "scope"): "scope" for table in ("metrics", "demographics", "category_share")},
    ("metrics", "metric"): "metric",
    ("metrics", "definition"): "definition",
    ("metrics", "population"): "population",
    ("demographics", "population"): "population",
    ("subsidies", "kind"): "support_kind",
    ("subsidies", "fee_type"): "fee_type",
    ("subsidies", "beneficiary"): "beneficiary",
    ("subsidies", "amount_type"): "amount_type",
    ("subsidies", "counts"): "counts",
    ("schemes", "dimension"): "dimension",
    ("demographics", "dimension"): "dimension",
    ("category_share", "measure"): "share_measure",
    ("events", "event"): "event",
    ("events", "metric"): "event_metric",
    ("events", "scope"): "event_scope",
    ("events", "window"): "event_window",
    ("claims", "profile"): "profile",
    ("calendar", "kind"): "calendar_kind",
    ("claims", "topic"): "topic",
    ("claims", "stance"): "stance",
}


def vocabulary_of(table: str, column: str) -> Vocabulary | None:
    """The vocabulary a table's column takes, or None for a free-text column."""
    name = COLUMNS.get((table, column))
    return VOCABULARIES[name] if name else None
