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
    note: str = ""  # how a derived figure was computed, or which measure a bound is on
    others: tuple[str, ...] = ()  # other sources' values for the same figure ("LatePost: ~2.2万亿元")
    # The number behind the text, for the charts' data files: low and high in the base unit of
    # its dimension (money | persons | count | pct | ratio), and the source's qualifier.
    low: float | None = None
    high: float | None = None
    dimension: str = ""
    qualifier: str = ""


class Presenter:
    """Shows figures in one language, citing the brief's numbered sources."""

    def __init__(self, lang: str, messages: dict[str, str], source_numbers: dict[str, int], as_of: date,
                 publishers: dict[str, str], schemes: dict[str, str], citations: dict[int, str] | None = None):
        self.lang = lang
        self.citations = citations or {}  # source number -> "publisher: title (date)", shown on hover
        self.m = messages
        self.fmt = Formatter(lang)
        self.source_numbers = source_numbers
        self.as_of = as_of
        self.publishers = publishers
        self.schemes = schemes

    # --- figures ----------------------------------------------------------------------------

    def value(self, fig: Figure) -> str:
        return self.fmt.figure(fig)

    def show(self, fig: Figure) -> Shown:
        return Shown(
            key=fig.key, text=self.value(fig), basis=fig.basis, period=self.period(fig.period),
            sources=fig.sources, old=is_old(fig, self.as_of), note=self._derivation(fig),
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

    def numbers(self, source_ids) -> list[int]:
        return sorted({self.source_numbers[s] for s in source_ids if s in self.source_numbers})

    def footnote(self, source_ids) -> Markup:
        numbers = self.numbers(source_ids)
        if not numbers:
            return Markup("")
        links = Markup(self.m["footnote_sep"]).join(
            Markup('<a href="#source-{0}" title="{1}">{0}</a>').format(n, self.citations[n]) if n in self.citations
            else Markup('<a href="#source-{0}">{0}</a>').format(n) for n in numbers)
        return Markup('<sup class="fn">[{}]</sup>').format(links)

    def marks(self, shown: Shown, letter: str = "") -> Markup:
        out = Markup("")
        mark = self.m[f"basis_mark.{shown.basis}"]
        if mark:
            out += Markup('<span class="basis basis-{0}" title="{1}">{2}</span>').format(
                shown.basis, self.m[f"basis.{shown.basis}"], mark)
        if letter:
            out += Markup('<sup class="measure-mark">{}</sup>').format(letter)
        if shown.old:
            out += Markup('<span class="old" title="{0}">{1}</span>').format(self.m["text.old_title"], self.m["text.old"])
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
        html = Markup('<span class="fig" data-fig="{0}">{1}</span>').format(shown.key, shown.text)
        html += self.marks(shown, letter)
        if footnote:
            html += self.footnote(shown.sources)
        return html


def safe_http_url(url: str) -> str | None:
    """The URL if it is http(s), else None: only those become links."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) and " " not in url else None
