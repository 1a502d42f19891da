"""The brief's sections, in order, with the charts and tables each shows: the one list that the
brief's content, its templates (one partial per section), the contents page, the list of figures
and tables, and the commentary (a comment per section, chart references by number) all read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    charts: tuple[str, ...] = ()  # chart keys, in the order shown ("Figure n" counts through the brief)
    tables: tuple[str, ...] = ()  # table keys (BriefContent.tables), shown after the charts
    # Its template in templates/sections/; a section of charts and tables alone shares "standard".
    template: str = ""

    @property
    def partial(self) -> str:
        return f"sections/{self.template or self.key}.html"


FRONT = Section("findings")  # the executive summary, with the rule-based data highlights below it
BODY = (
    Section("whats_new"),
    Section("scoreboard", tables=("scoreboard",)),
    Section("scale", charts=("gmv", "growth", "quarterly", "share", "multiples"), tables=("plans",), template="standard"),
    Section("events", tables=("events",), template="standard"),
    Section("subsidies", charts=("subsidies",), tables=("programmes", "fees"), template="standard"),
    Section("audience", charts=("demographics_gender", "demographics_age", "demographics_city_tier", "skew"),
            template="standard"),
    Section("categories", charts=("categories",), tables=("hhi",), template="standard"),
    Section("economics", charts=("economics",), template="standard"),
    Section("deep_dive", tables=("focus_metrics",)),
    Section("implications"),
    Section("outlook"),
    Section("caveats"),
    Section("methodology"),
)
BACK_MATTER = (Section("sources"), Section("glossary"), Section("lists"), Section("disclaimer"))

# The executive summary's parts after its opening paragraphs: what changed this quarter, what it
# means for brands, what to watch next quarter.
SUMMARY_PARTS = ["changed", "brands", "watch"]
SUMMARY = "summary"  # the commentary's opening text, before any keyed heading
# The glossary's terms, in order (catalogue keys glossary_term.<key> and glossary.<key>).
GLOSSARY = ["gmv", "measure", "derived", "private", "aov", "belt", "white_label", "take_rate", "cmr", "repurchase",
            "hhi", "scenario"]
METHODOLOGY_PARAGRAPHS = 8  # catalogue keys methodology.p1 … p8


# Read at call time, so the lists always follow BODY.
def all_sections() -> tuple[Section, ...]:
    return (FRONT, *BODY, *BACK_MATTER)


def section_keys() -> list[str]:
    """The sections a commentary may comment on."""
    return [s.key for s in BODY]


def chart_keys() -> list[str]:
    return [chart for s in BODY for chart in s.charts]


def table_keys() -> list[str]:
    return [table for s in BODY for table in s.tables]


def comment_keys() -> list[str]:
    return [SUMMARY, *SUMMARY_PARTS, *section_keys()]
