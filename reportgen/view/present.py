"""How a figure is shown: the one place a chosen figure becomes the text, marks and footnote
every table, sentence, chart label and chart-data row prints for it.

A figure keeps its key wherever it appears (`data-fig` in the HTML), so the brief can be checked
for one value per figure; its qualifier (约/超/不足, about/more than/under) is part of its
text; its basis mark says whether it is a company figure, derived, an estimate, a forecast or a
target; an old figure says it is old; a derived figure names its inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from reportgen.analysis.figures import Figure
from reportgen.analysis.scale import Comparison
from reportgen.analysis.figures import is_old
from reportgen.data.registry import FACT_TABLES
from reportgen.i18n import Formatter, load_catalogue
from reportgen.measures import Measure


@dataclass(frozen=True)
class Shown:
    key: str
    text: str  # the value as printed, qualifier included
    basis: str
    period: str
    sources: tuple[str, ...]
    old: bool = False
    note: str = ""  # how a derived figure was computed; a conflict with another scope's figure
    new: bool = False  # new since the previous quarter's brief
    machine: bool = False  # rests on a machine-written summary (a last resort, marked)
    others: tuple[str, ...] = ()  # other sources' values for the same figure ("LatePost: ~2.2万亿元")
    # The number behind the text, for the charts' data files: low and high in the base unit of
    # its dimension (money | persons | count | pct | ratio), and the source's qualifier.
    low: float | None = None
    high: float | None = None
    dimension: str = ""
    qualifier: str = ""


class Presenter:
    """Shows figures in one language, citing the brief's numbered sources."""

    def __init__(self, lang: str, messages: dict[str, str], as_of: date, publishers: dict[str, str],
                 schemes: dict[str, str], citations: dict[str, str] | None = None,
                 new_keys: frozenset[str] = frozenset(), notes: dict[str, str] | None = None):
        self.lang = lang
        self.citations = citations or {}  # source id -> "publisher: title (date)": the sources it may cite
        self.new_keys = new_keys  # figures new since the previous quarter's brief: marked new wherever shown
        self.notes = notes or {}  # figure key -> a note shown beside it wherever it appears (a scope conflict)
        self.m = messages
        self.fmt = Formatter(lang)
        self.as_of = as_of
        self.publishers = publishers
        self.schemes = schemes

    # --- figures ----------------------------------------------------------------------------

    def value(self, fig: Figure) -> str:
        return self.fmt.figure(fig)

    def show(self, fig: Figure) -> Shown:
        return Shown(
            key=fig.key, text=self.value(fig), basis=fig.basis, period=self.period(fig.period),
            sources=fig.sources, old=is_old(fig, self.as_of),
            note=" ".join(n for n in (self._derivation(fig), self.notes.get(fig.key, "")) if n), new=fig.key in self.new_keys,
            machine=fig.tier == "machine_summary",
            others=tuple(dict.fromkeys(self._alternative(a) for a in fig.alternatives)),  # two pages of one publisher: once
            low=fig.low, high=fig.high, dimension=fig.dimension, qualifier=fig.qualifier,
        )

    def show_comparison(self, cmp: Comparison) -> Shown:
        digits = 2 if max(cmp.low, cmp.high) < 10 else 3
        if cmp.kind == "share":
            text = self.fmt.amount(cmp.low, cmp.high, "pct", digits)
        else:
            text = self.fmt.amount(cmp.low, cmp.high, "ratio", digits)
        return Shown(key=cmp.key, text=self.fmt.qualified(text, cmp.qualifier), basis=cmp.basis,
                     period=self.period(cmp.period), sources=cmp.sources, low=cmp.low, high=cmp.high,
                     dimension="pct" if cmp.kind == "share" else "ratio", qualifier=cmp.qualifier)

    def _derivation(self, fig: Figure) -> str:
        if not fig.derivation:
            return ""
        inputs = self.m["list_sep"].join(f"{self.period(i.period)} {self.value(i)}" for i in fig.inputs)
        return self.m[f"derived.{fig.derivation}"].format(inputs=inputs)

    def _alternative(self, alt) -> str:
        text = self.fmt.qualified(self.fmt.amount(alt.low, alt.high, alt.dimension, alt.digits), alt.qualifier)
        who = self.m["list_sep"].join(self.publisher(s) for s in alt.sources)
        basis = "" if alt.basis in ("reported", "estimate") else f" ({self.m['basis.' + alt.basis]})"
        return f"{who}: {text}{basis}"

    def publisher(self, source_id: str) -> str:
        name = self.publishers.get(source_id, source_id)
        return name.split(" (")[0].split("（")[0]

    def period(self, period: str) -> str:
        return period or self.m["text.undated"]

    def period_in_table(self, period: str) -> str:
        """A period in a narrow table column: a span may wrap after its slash (a zero-width space)."""
        return self.period(period).replace("/", "/\u200b")

    # --- measures ---------------------------------------------------------------------------

    def metric(self, metric: str, in_text: bool = False) -> str:
        """The metric's name; inside an English sentence lower-cased ("revenue"), acronyms kept ("GMV")."""
        return self.in_text(self.m[f"metric.{metric}"]) if in_text else self.m[f"metric.{metric}"]

    def in_text(self, label: str) -> str:
        """A label as it reads inside a sentence: lower-case first where the language writes so
        ("revenue"), acronyms kept ("GMV")."""
        if load_catalogue(self.lang).settings["lower_first_in_text"] and len(label) > 1 and not label[1].isupper():
            return label[0].lower() + label[1:]
        return label

    def measure(self, m: Measure, with_metric: bool = True, platform: str = "") -> str:
        """'GMV · whole platform incl. orders directed to partners · definition not stated'. For
        one platform a scope may have its own name (WeChat Shop, wider than Channels)."""
        parts = [self.m[f"{FACT_TABLES[m.table].metric_names}.{m.metric}"]] if with_metric else []
        if m.population and m.table == "subsidies":
            parts.append(self.m[f"counts.{m.population}"])
        elif m.population and m.table != "metrics":
            parts.append(self.m[f"population.{m.population}"])
        if m.scope and m.table == "subsidies":  # the kind of support the amount is about
            parts.append(self.in_text(self.m[f"kind.{m.scope}"]))
        if m.scope and m.table in ("metrics", "demographics", "category_share"):
            parts.append(self.m.get(f"scope_for.{platform}.{m.scope}") or self.m[f"scope.{m.scope}"])
        if m.definition and m.table == "metrics":
            parts.append(self.m[f"definition.{m.definition}"])
        if m.scheme:
            parts.append(self.schemes.get(m.scheme, m.scheme))
        if m.year_basis == "fiscal":
            parts.append(self.m["text.fiscal_years"])
        return self.m["measure_sep"].join(parts)

    def measure_of(self, m: Measure, platforms, with_metric: bool = True) -> str:
        """The measure's label for the platforms shown with it (one platform: its own scope name)."""
        platforms = set(platforms)
        return self.measure(m, with_metric, next(iter(platforms)) if len(platforms) == 1 else "")

    # --- markup -----------------------------------------------------------------------------

    def footnote(self, source_ids) -> Markup:
        """A footnote to the sources, as a citation mark: the sources are numbered, in the order the
        brief first cites them, when the whole brief is rendered (render.citations)."""
        ids = [s for s in dict.fromkeys(source_ids) if s in self.citations]
        return cite_mark(ids) if ids else Markup("")

    def marks(self, shown: Shown, letter: str = "") -> Markup:
        out = Markup("")
        mark = self.m[f"basis_mark.{shown.basis}"]
        if mark:
            out += Markup('<span class="basis basis-{0}" title="{1}">{2}</span>').format(
                shown.basis, self.m[f"basis.{shown.basis}"], mark)
        if shown.machine:
            out += Markup('<span class="machine" title="{0}">{1}</span>').format(self.m["text.machine_summary_title"],
                                                                                 self.m["text.machine_summary_mark"])
        if letter:
            out += Markup('<sup class="measure-mark">{}</sup>').format(letter)
        if shown.old:
            out += Markup('<span class="old" title="{0}">{1}</span>').format(self.m["text.old_title"], self.m["text.old"])
        if shown.new:
            out += Markup('<span class="new" title="{0}">{1}</span>').format(self.m["text.new_title"], self.m["text.new"])
        return out

    def figure_cell_html(self, shown: Shown, letter: str = "", sub: str = "") -> Markup:
        """A figure in a table cell: its markup, then its period, how it was derived (inputs
        named) and what other sources state."""
        html = self.figure_html(shown, True, letter)
        if sub:
            html += Markup('<span class="period">{0}</span>').format(sub)
        if shown.note:
            html += Markup('<span class="derivation">{0}</span>').format(shown.note)
        if shown.others:
            html += Markup('<span class="others">{0}{1}</span>').format(self.m["text.other_sources"],
                                                                          self.m["list_sep"].join(shown.others))
        return html

    def figure_html(self, shown: Shown, footnote: bool = True, letter: str = "") -> Markup:
        """The one markup of a figure: its value (keyed), its marks, and its footnote."""
        html = Markup('<span class="fig" data-fig="{0}"{2}>{1}</span>').format(
            shown.key, shown.text, Markup(' data-new="1"') if shown.new else "")
        html += self.marks(shown, letter)
        if footnote:
            html += self.footnote(shown.sources)
        return html


# A citation mark: the source ids of one footnote between two private-use characters, replaced by
# the numbered footnote once the brief is rendered and its sources numbered in citation order.
CITE_OPEN, CITE_CLOSE = "\ue000", "\ue001"
SOURCE_LIST = "\ue002"  # where the numbered list of the sources cited goes
CITED_COUNT = "\ue003"  # how many sources the brief cites


def cite_mark(source_ids) -> Markup:
    return Markup(CITE_OPEN + ",".join(source_ids) + CITE_CLOSE)


def safe_http_url(url: str) -> str | None:
    """The URL if it is http(s), else None: only those become links."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) and " " not in url else None
