"""References from the analyst's commentary to what the brief shows, resolved by the brief's
own rules, so a written summary never holds a number typed by hand.

    {fig kuaishou gmv 2025Q3}               the figure the tables show for that platform,
                                            measure and period: an actual figure (reported,
                                            derived or estimate), chosen as everywhere else
    {fig channels gmv/shop 2025 estimate}   a measure narrowed by scope; a basis asked for
    {fig channels gmv 2025 target}          a target or forecast only when asked for by name
    {fig douyin|gmv/all/unspecified|2024}   a figure by its exact key (as `facts` shows it)
    {growth kuaishou gmv 2024}              the growth figure of a measure (gmv -> gmv_yoy)
    {share taobao_tmall 2024}               a share of the platforms' combined total
    {multiple taobao_tmall douyin 2024}     one platform's figure as a multiple of another's
    {chart gmv}                             "Figure 1", linked to the chart

A reference that names something the brief does not hold fails validation, with a suggestion.
`reportgen pin` records what each reference resolves to; when the data later changes a pinned
figure, `validate` and `diff` report the reference as stale (its sentence may need rewording).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from reportgen.analysis import scale
from reportgen.analysis.figures import ACTUAL, Figure
from reportgen.data.files import UnsafeFile
from reportgen.data.folder import DataFolder
from reportgen.i18n import Formatter
from reportgen.sections import chart_keys

KINDS = ("fig", "growth", "share", "multiple", "chart")
# What a reference may ask for after the period: "reported" takes a company's figure or one
# derived from company figures; a forecast or target is never taken for an actual figure.
BASIS_WORDS = {"reported": ("reported", "derived"), "estimate": ("estimate",),
               "forecast": ("forecast",), "target": ("target",)}
REFERENCE = re.compile(r"\{(?P<kind>[a-z]+)[ \t]+(?P<args>[^{}\n]*)\}")
OPENED = re.compile(r"\{(?P<kind>" + "|".join(KINDS) + r")[ \t][^{}\n]*$")


@dataclass(frozen=True)
class Reference:
    line: int  # 1-based, in the commentary file
    column: int  # 1-based
    kind: str
    args: tuple[str, ...]

    @property
    def label(self) -> str:
        """The reference as written, spaces normalised: the key its pin is stored under."""
        return "{" + " ".join((self.kind, *self.args)) + "}"


@dataclass(frozen=True)
class Target:
    """What a reference resolved to: a figure, a share or multiple, or a chart."""

    figure: Figure | None = None
    comparison: scale.Comparison | None = None
    chart: str = ""
    chart_number: int = 0

    def fingerprint(self) -> str:
        """What the reference says now, as a reader would see it (value with its qualifier, and
        its basis): a change here is a revision the sentence around it may not survive."""
        fmt = Formatter("en")
        if self.figure is not None:
            return f"{fmt.figure(self.figure)} ({self.figure.basis})"
        if self.comparison is not None:
            c = self.comparison
            unit = "pct" if c.kind == "share" else "ratio"
            return f"{fmt.qualified(fmt.amount(c.low, c.high, unit, 3), c.qualifier)} ({c.basis})"
        return f"Figure {self.chart_number}"


class Unresolved(Exception):
    """A reference the brief cannot resolve; the message says why and what would."""


def find_references(line_text: str, line: int) -> tuple[list[Reference], list[tuple[int, str, str]]]:
    """The references on one line, and problems as (column, code, message)."""
    refs, problems = [], []
    for m in REFERENCE.finditer(line_text):
        kind, column = m["kind"], m.start() + 1
        if kind in KINDS:
            # An exact key is one argument, spaces and all (a programme part's name may hold them).
            args = (m["args"].strip(),) if "|" in m["args"] else tuple(m["args"].split())
            refs.append(Reference(line, column, kind, args))
        elif close := difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.6):
            problems.append((column, "reference-kind", f"'{{{kind} …}}' is not a reference; did you mean "
                                                      f"'{{{close[0]} …}}'? References are {', '.join(KINDS)}"))
    if m := OPENED.search(line_text):
        problems.append((m.start() + 1, "reference-unclosed",
                         f"the reference '{m[0][:40]}' has no closing '}}' on its line"))
    return refs, problems


def resolve(ref: Reference, analysis, charts: list[str]) -> Target:
    """The figure, comparison or chart a reference names in this brief; raise Unresolved."""
    if ref.kind == "chart":
        return _chart(ref, charts)
    if ref.kind == "share":
        return Target(comparison=_share(ref, analysis))
    if ref.kind == "multiple":
        return Target(comparison=_multiple(ref, analysis))
    return Target(figure=_figure(ref, analysis))


def _suggest(word: str, choices, what: str) -> str:
    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    if close:
        return f"did you mean {' or '.join(repr(c) for c in close)}?"
    shown = ", ".join(choices[:12]) + (" …" if len(choices) > 12 else "")
    return f"the {what} it holds are: {shown}" if choices else f"it holds no {what}"


def _platform(word: str, analysis) -> str:
    # The brief's platforms, and the national statistics (platform "market"), which has figures too.
    known = dict.fromkeys([*analysis.platforms, *(f.platform for f in analysis.figures.values() if f.platform)])
    if word not in known:
        raise Unresolved(f"no platform '{word}'; {_suggest(word, known, 'platforms')}")
    return word


def _chart(ref: Reference, charts: list[str]) -> Target:
    if len(ref.args) != 1:
        raise Unresolved("write a chart reference as {chart KEY}, e.g. {chart gmv}")
    key = ref.args[0]
    if key in chart_keys() and key not in charts:
        raise Unresolved(f"the brief does not show the chart '{key}' this quarter: the evidence it needs is not there "
                         f"(the caveats' table 'What this brief cannot show yet' says what is missing)")
    if key not in charts:
        raise Unresolved(f"the brief has no chart '{key}'; {_suggest(key, charts, 'charts')}")
    return Target(chart=key, chart_number=charts.index(key) + 1)


def _figure(ref: Reference, analysis) -> Figure:
    figures = analysis.figures
    if ref.kind == "fig" and len(ref.args) == 1 and "|" in ref.args[0]:
        key = ref.args[0]
        if key not in figures:
            raise Unresolved(f"the brief has no figure '{key}'; {_suggest(key, figures, 'figures')}")
        return figures[key]
    usage = "{" + ref.kind + " PLATFORM MEASURE PERIOD [" + "|".join(BASIS_WORDS) + "]}"
    if len(ref.args) not in (3, 4):
        raise Unresolved(f"write it as {usage}, e.g. {{{ref.kind} kuaishou gmv 2025Q3}}")
    platform, measure, period = ref.args[:3]
    _platform(platform, analysis)
    asked = ref.args[3] if len(ref.args) == 4 else ""
    if asked and asked not in BASIS_WORDS:
        raise Unresolved(f"'{asked}' is not a basis; write one of {', '.join(BASIS_WORDS)}, or nothing for an actual figure")
    if ref.kind == "growth":
        metric, _, rest = measure.partition("/")
        measure = f"{metric}_yoy" + (f"/{rest}" if rest else "")
    wanted = BASIS_WORDS.get(asked, ACTUAL)

    def of_measure(f: Figure) -> bool:
        return f.platform == platform and not f.subject and (f.measure.key == measure or f.measure.key.startswith(measure + "/"))

    held = [f for f in figures.values() if of_measure(f)]
    if not held:
        measures = {f.measure.key.split("/")[0] for f in figures.values() if f.platform == platform and not f.subject}
        raise Unresolved(f"the brief has no {platform} figure of '{measure}'; {_suggest(measure.split('/')[0], measures, 'measures')}")
    in_period = [f for f in held if f.period == period]
    if not in_period:
        raise Unresolved(f"the brief has no {platform} '{measure}' figure for {period}; "
                         f"{_suggest(period, (f.period for f in held), 'periods')}")
    chosen = [f for f in in_period if f.basis in wanted]
    if not chosen:
        bases = sorted({f.basis for f in in_period})
        word = next(w for w, b in BASIS_WORDS.items() if set(b) & set(bases))
        asked_for = f"a {asked} figure" if asked else "an actual figure"
        raise Unresolved(f"the brief holds {platform} '{measure}' for {period} only as {' and '.join(b.replace('_', ' ') for b in bases)}, "
                         f"not as {asked_for}; write {{{ref.kind} {platform} {ref.args[1]} {period} {word}}} to cite it as such")
    if len(chosen) > 1:
        options = sorted(f.measure.key for f in chosen)
        raise Unresolved(f"'{measure}' is more than one measure for {platform} in {period} ({', '.join(options)}); "
                         f"name one, e.g. {{{ref.kind} {platform} {_short(options[0], ref.kind)} {period}}}")
    return chosen[0]


def _short(measure_key: str, kind: str) -> str:
    """A measure as a reference writes it: metric and scope ('gmv/live'); growth names the level's metric."""
    metric, scope = measure_key.split("/")[:2]
    return f"{metric.removesuffix('_yoy') if kind == 'growth' else metric}/{scope}"


def _share(ref: Reference, analysis) -> scale.Comparison:
    if len(ref.args) != 2:
        raise Unresolved("write a share reference as {share PLATFORM PERIOD}, e.g. {share douyin 2024}")
    platform, period = ref.args
    _platform(platform, analysis)
    found = next((c for c in analysis.shares if c.platform == platform and c.period == period), None)
    if found is None:
        periods = sorted({c.period for c in analysis.shares})
        raise Unresolved(f"the brief computes no share of the total for {platform} in {period}: a share needs every "
                         f"platform's figure of one measure for the period"
                         + (f"; periods with shares: {', '.join(periods)}" if periods else "; it has none this quarter"))
    return found


def _multiple(ref: Reference, analysis) -> scale.Comparison:
    if len(ref.args) != 3:
        raise Unresolved("write a multiple reference as {multiple PLATFORM BASE PERIOD}, e.g. {multiple taobao_tmall douyin 2024}")
    platform, base, period = ref.args
    _platform(platform, analysis)
    _platform(base, analysis)
    found = scale.multiple_between(analysis.gmv, platform, base, period)
    if found is None:
        raise Unresolved(f"{platform} and {base} have no GMV figures of the same measure for {period} that can be "
                         f"compared (a bound such as 'more than' is not a value)")
    return found


# --- pins: what each reference resolved to when the text was last checked ---------------------

def pins_path(folder: Path, quarter) -> Path:
    return folder / f"{quarter}.pins.json"


def read_pins(folder: DataFolder, label: str) -> dict[str, str]:
    """The pinned references; none when the file is absent or not a pins file (validation
    reports a pins file that is not a safe regular file)."""

    try:
        pins = json.loads(folder.read(label, 1_000_000).decode("utf-8")).get("references", {})
    except (UnsafeFile, ValueError, AttributeError, RecursionError):
        return {}
    return {str(k): str(v) for k, v in pins.items()} if isinstance(pins, dict) else {}


def pins_bytes(resolved: dict[str, Target]) -> bytes:
    body = {"about": "What each commentary reference resolved to when `reportgen pin` last ran; "
                     "validate and diff report a reference whose figure has changed since.",
            "references": {label: t.fingerprint() for label, t in sorted(resolved.items())}}
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
