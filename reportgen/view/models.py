"""The view-models a brief's templates lay out: already formatted cells and tables, and the
brief in one language (BriefContent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from reportgen import sections
from reportgen.analysis.brief import Analysis
from reportgen.measures import Measure
from reportgen.periods import Quarter
from reportgen.sections import FRONT, SUMMARY, SUMMARY_PARTS
from reportgen.view.present import Presenter, Shown


@dataclass(frozen=True)
class Sentence:
    text: Markup
    sources: tuple[str, ...]
    basis: str = "reported"
    figures: tuple[Shown, ...] = ()
    theme: str = ""  # for findings: scale | growth | momentum | economics | audience


@dataclass(frozen=True)
class Cell:
    """A table cell: a figure (with its measure letter), or text, or a gap."""

    shown: Shown | None = None
    letter: str = ""
    text: str = ""
    sub: str = ""  # a second line: the period, the measure
    html: Markup | None = None  # a sentence with its own figures and footnote


@dataclass(frozen=True)
class TableView:
    id: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    legend: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # column -> (letter, measure)
    css_class: str = ""  # the print stylesheet's column widths for this table


class Letters:
    """Measure letters for one table column: cells with the same letter share a measure."""

    def __init__(self, present: Presenter):
        self.present = present
        self.letters: dict[Measure, str] = {}
        self.members: dict[Measure, dict[str, str]] = {}

    def of(self, measure: Measure, platform: str, name: str) -> str:
        if measure not in self.letters:
            self.letters[measure] = "abcdefghijklmnopqrstuvwxyz"[len(self.letters)]
        self.members.setdefault(measure, {})[platform] = name
        return self.letters[measure]

    def legend(self) -> list[tuple[str, str]]:
        sep = self.present.m["list_sep"]
        return [(letter, f"{self.present.measure_of(m, self.members[m])} ({sep.join(self.members[m].values())})")
                for m, letter in self.letters.items()]


@dataclass(frozen=True)
class BriefContent:
    lang: str
    messages: dict[str, str]
    quarter: Quarter
    data_through: date
    present: Presenter
    platform_names: dict[str, str]
    category_names: dict[str, str]
    platforms: list[dict]
    analysis: Analysis
    sources: dict[str, dict]  # every source of the quarter's data by id (the brief lists those it cites)
    fact_count: int
    tables: dict[str, TableView]  # the tables the brief shows, by key (sections.table_keys())
    summary_line: str  # how many figures from how many sources
    edition: str  # what the edition covers: its data date and the newest company results
    cover_results: list[tuple[str, str]]  # per platform: name, the newest results period it includes
    findings: list[Sentence]
    deep_dive: list[tuple[str, list[dict]]]  # topic heading, current claims, newest first
    background: list[dict]  # claims older than the evidence window, newest first
    scenario_intro: Sentence | None  # None when there are no scenarios
    caveats: list[Sentence]
    methodology: list[str]
    changes: dict | None
    previous_quarter: Quarter | None
    glossary: list[tuple[str, str]]  # term, definition
    table_list: list[tuple[str, str]]  # every table of the brief in order: anchor id, title
    # The analyst's commentary, rendered, by part: the summary's lead and parts, and a comment
    # per section (sections.comment_keys()); empty when the quarter has none.
    comments: dict[str, Markup]

    @property
    def summary_parts(self) -> list[tuple[str, Markup]]:
        """The written summary's parts present, in order: heading, text. (A property: a preview
        replaces the comments alone when only the commentary changed.)"""
        return [(self.messages[f"summary.{part}"], self.comments[part]) for part in SUMMARY_PARTS if part in self.comments]

    @property
    def has_summary(self) -> bool:
        return any(k in self.comments for k in (SUMMARY, *SUMMARY_PARTS))

    @property
    def sections(self) -> tuple[sections.Section, ...]:
        """The brief's sections in order (the same in the HTML and the PDF); a section made only of
        exhibits the evidence does not carry, with no comment on it, is left out (its exhibits
        are listed in "What this brief cannot show yet")."""
        return tuple(s for s in sections.all_sections()
                     if s.template != "standard" or s.key in self.comments or self.shown_charts(s) or self.shown_tables(s))

    def section_keys(self) -> list[str]:
        return [s.key for s in sections.all_sections()]

    def shown_charts(self, section: sections.Section) -> list[str]:
        """The section's charts the evidence carries (the others are listed as gaps)."""
        return [key for key in section.charts if self.analysis.shows(key)]

    def shown_tables(self, section: sections.Section) -> list[str]:
        return [key for key in section.tables if key in self.tables]

    def section_title(self, key: str) -> str:
        """A written summary makes the front section the executive summary; without one it
        holds the data highlights alone, titled as key findings."""
        if key == FRONT.key and self.has_summary:
            return self.messages["section.summary"]
        return self.messages[f"section.{key}"]


