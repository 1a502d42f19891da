"""The brief's sections, in order, with the exhibits (charts, tables) each shows and what each
exhibit, finding, verdict and scenario needs before the brief may show it: the one list that the
analysis (which checks the evidence), the brief's content, its templates (one partial per
section), the contents page, the list of figures and tables, and the commentary (a comment per
section, chart references by number) all read."""

from __future__ import annotations

from dataclasses import dataclass

# The evidence window: a figure whose period ended more than this many years before the brief's
# data date (the newest publication among its sources) is old. Old figures stay in the data and
# the exports, and in a time series as its history; nothing the brief concludes rests on them.
WINDOW_YEARS = 2
EVERY = -1  # Needs.platforms: every platform of the brief


@dataclass(frozen=True)
class Needs:
    """What an exhibit, finding, verdict or scenario needs before the brief shows it."""

    platforms: int = 1  # platforms with a current figure on one measure (EVERY: all of them)
    window_years: int = WINDOW_YEARS  # how old its newest input's period may be, before the data date
    weakest_tier: str = "machine_summary"  # the weakest source tier an input may rest on (a machine summary is marked)
    inputs: int = 1  # current inputs it rests on (a verdict: that many agreeing, none against)


@dataclass(frozen=True)
class Exhibit:
    key: str
    kind: str  # chart | table
    needs: Needs = Needs()


def chart(key: str, **needs) -> Exhibit:
    return Exhibit(key, "chart", Needs(**needs))


def table(key: str, **needs) -> Exhibit:
    return Exhibit(key, "table", Needs(**needs))


@dataclass(frozen=True)
class Section:
    key: str
    exhibits: tuple[Exhibit, ...] = ()  # charts in the order shown ("Figure n" counts through the brief), then tables
    # Its template in templates/sections/; a section of charts and tables alone shares "standard".
    template: str = ""

    @property
    def partial(self) -> str:
        return f"sections/{self.template or self.key}.html"

    @property
    def charts(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.exhibits if e.kind == "chart")

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.exhibits if e.kind == "table")


FRONT = Section("findings")  # the executive summary, with the rule-based data highlights below it
BODY = (
    Section("whats_new"),
    # The scoreboard cites no copy or machine summary (issue: figures at their origin).
    Section("scoreboard", (table("scoreboard", weakest_tier="press"), table("results"))),
    Section("market", (table("market"),), template="standard"),
    Section("scale", (chart("gmv"), chart("growth"), chart("quarterly"), chart("share", platforms=EVERY),
                      chart("multiples", platforms=2), table("plans")), template="standard"),
    Section("events", (table("events"),), template="standard"),
    Section("subsidies", (chart("subsidies"), table("programmes"), table("fees")), template="standard"),
    Section("audience", (chart("demographics_gender"), chart("demographics_age"), chart("demographics_city_tier"),
                         chart("skew", platforms=2)), template="standard"),
    Section("categories", (chart("categories"), table("hhi")), template="standard"),
    Section("economics", (chart("economics"),), template="standard"),
    Section("deep_dive", (table("focus_metrics"),)),
    Section("implications", (table("implications", inputs=2, weakest_tier="republication"),)),
    Section("outlook", (table("scenarios", inputs=2),)),
    Section("caveats", (table("cannot_show"),)),
    Section("methodology"),
)
BACK_MATTER = (Section("sources"), Section("glossary"), Section("lists"), Section("disclaimer"))

# The rule-based findings ("data highlights"), each with what it needs; a finding whose evidence
# is not there is not written (its exhibit's gap says why).
FINDINGS: dict[str, Needs] = {
    "comparable_scale": Needs(platforms=2),
    "share": Needs(platforms=EVERY),
    "focus_scale": Needs(),
    "focus_growth": Needs(),
    "momentum": Needs(),
    "rival_growth": Needs(),
    "merchant_support": Needs(),
    "focus_audience": Needs(),
}

# The executive summary's parts after its opening paragraphs: what changed this quarter, what it
# means for brands, what to watch next quarter.
SUMMARY_PARTS = ["changed", "brands", "watch"]
SUMMARY = "summary"  # the commentary's opening text, before any keyed heading
# The glossary's terms, in order (catalogue keys glossary_term.<key> and glossary.<key>).
GLOSSARY = ["gmv", "measure", "derived", "private", "aov", "belt", "white_label", "take_rate", "cmr", "repurchase",
            "hhi", "scenario"]
METHODOLOGY_PARAGRAPHS = 11  # catalogue keys methodology.p1 … p11


# Read at call time, so the lists always follow BODY.
def all_sections() -> tuple[Section, ...]:
    return (FRONT, *BODY, *BACK_MATTER)


def section_keys() -> list[str]:
    """The sections a commentary may comment on."""
    return [s.key for s in BODY]


def exhibits() -> dict[str, Exhibit]:
    """Every exhibit of the brief by key, in the sections' order."""
    return {e.key: e for s in BODY for e in s.exhibits}


def chart_keys() -> list[str]:
    return [chart for s in BODY for chart in s.charts]


def table_keys() -> list[str]:
    return [table for s in BODY for table in s.tables]


def comment_keys() -> list[str]:
    return [SUMMARY, *SUMMARY_PARTS, *section_keys()]
