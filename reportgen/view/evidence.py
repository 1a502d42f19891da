"""The evidence tables: how the focus platform fits each seller profile (the dated evidence for and
against, newest first, and a verdict only where it carries one), the scenario paths, and what the
brief cannot show yet (exhibit, what is missing, what would close it)."""

from __future__ import annotations

from markupsafe import Markup, escape

from reportgen import sections
from reportgen.analysis.brief import Analysis
from reportgen.analysis.evidence import Gap
from reportgen.analysis.merchant_fit import Input
from reportgen.analysis.scenarios import ScenarioSet
from reportgen.view.models import Cell, Sentence, TableView
from reportgen.view.narrative import Writer
from reportgen.view.present import Shown


def implications_table(a: Analysis, w: Writer) -> TableView:
    m = w.m
    rows = []
    for v in a.verdicts:
        if v.verdict == "none":
            pro, con = v.counts
            verdict = m[f"verdict.none_{v.reason}"].format(need=sections.exhibits()["implications"].needs.inputs,
                                                          pro=pro, con=con)
        else:
            verdict = m[f"verdict.{v.verdict}"]
        rows.append([Cell(text=m[f"profile.{v.profile}"]), Cell(html=_inputs_html(v.of("for"), a, w)),
                     Cell(html=_inputs_html(v.of("against"), a, w)), Cell(text=verdict)])
    return TableView("table-implications", m["table.implications_title"],
                     [m["table.profile"], m["table.evidence_for"], m["table.evidence_against"], m["table.verdict"]],
                     rows, notes=[m["text.implications_note"]], css_class="implications")


def _inputs_html(inputs: tuple[Input, ...], a: Analysis, w: Writer) -> Markup:
    if not inputs:
        return Markup(escape(w.m["text.no_evidence"]))
    items = []
    for i in inputs:
        text = _input_sentence(i, a, w)
        mark = Markup("") if i.current else Markup(' <span class="old">{}</span>').format(w.m["text.not_counted"])
        items.append(Markup('<li class="evidence{}"><span class="evidence-date">{}</span> {}{}{}</li>').format(
            "" if i.current else " evidence-old", i.dated.strftime("%Y-%m"), text.text, w.present.footnote(text.sources), mark))
    return Markup('<ul class="evidence-list">{}</ul>').format(Markup("").join(items))


def _input_sentence(i: Input, a: Analysis, w: Writer) -> Sentence:
    if i.claim is not None:
        return Sentence(Markup(escape(i.claim[f"claim_{w.present.lang}"])), (i.claim["source_id"],))
    f = i.figure
    if i.rule in ("aov_high", "aov_low"):
        others = w.join([Markup("{} {}").format(w.name(p.platform), w.present.figure_html(w.show(p), footnote=False))
                         for p in i.peers])
        return w.say(f"evidence.{i.rule}", aov=w.show(f), period=f.period, others=others)
    if i.rule == "category":
        return w.say("evidence.category", category=w.categories.get(f.subject, f.subject), share=w.show(f),
                     measure=w.present.measure(i.mix.measure, platform=i.mix.platform), period=i.mix.period)
    return w.say(f"evidence.{i.rule}", value=w.show(f), period=f.period,
                 scope=w.present.measure(f.measure, with_metric=False, platform=f.platform))


# --- scenarios ----------------------------------------------------------------------------------

SCENARIO_DIGITS = 2  # a compounded path is shown to two significant digits: it is a scenario, not a figure


def scenario_view(s: ScenarioSet | None, a: Analysis, w: Writer) -> tuple[Sentence | None, TableView | None]:
    """The scenarios' intro (what they start from, which rates, which scope) and the paths."""
    if s is None:
        return None, None
    m = w.m
    pool = w.join([Markup(escape(m["text.figure_in_period"])).format(
        value=w.present.figure_html(w.show(f), footnote=False), period=f.period) for f in s.pool])
    intro = w.say("scenario.intro", start=w.show(s.start), year=s.start.period,
                  measure=w.present.measure(s.start.measure, platform=s.start.platform),
                  source=w.present.publisher(s.start.lead_source), horizon=s.horizon, pool=pool,
                  platform=w.name(s.start.platform))
    if s.start.measure.scope in ("shop",) and s.start.platform == a.focus:
        intro = Sentence(intro.text + Markup(" ") + Markup(escape(m["scenario.scope_stated"])), intro.sources, intro.basis,
                         intro.figures)
    years = [year for year, _, _ in s.scenarios[0].path]
    headers = [m["table.scenario"], m["table.growth_assumption"], *(str(y) for y in years)]
    rows = []
    for sc in s.scenarios:
        rates = m["list_sep"].join(w.present.fmt.amount(r, r, "pct", 2) for r in sc.rates)
        assumption = w.say(f"scenario.assumption_{sc.name}", growth=w.show(sc.assumption), year=sc.assumption.period,
                           rates=rates)
        cells = [Cell(text=m[f"scenario.{sc.name}"]), Cell(html=assumption.text + w.present.footnote(assumption.sources))]
        for year, low, high in sc.path:
            text = w.present.fmt.qualified(w.present.fmt.amount(low, high, "money", SCENARIO_DIGITS), sc.qualifier)
            cells.append(Cell(Shown(key=f"scenario|{sc.name}|{year}", text=text, basis=sc.basis, period=str(year),
                                    sources=s.start.sources[:1] + sc.assumption.sources[:1])))
        rows.append(cells)
    table = TableView("table-scenarios", m["table.scenarios_title"], headers, rows, notes=[m["text.scenario_note"]],
                      css_class="scenarios")
    return intro, table


# --- what the brief cannot show yet -----------------------------------------------------------------

def cannot_show_table(a: Analysis, w: Writer) -> TableView:
    """One row per exhibit, verdict or scenario set the evidence does not carry."""
    m = w.m
    rows = [[Cell(text=exhibit_title(g.exhibit, a, m)), Cell(html=gap_reason(g, a, w)), Cell(text=m[f"gap.close.{g.exhibit}"])]
            for g in a.gaps]
    return TableView("table-cannot-show", m["table.cannot_show_title"],
                     [m["table.exhibit"], m["table.missing"], m["table.closes"]], rows,
                     notes=[m["text.cannot_show_note"].format(years=a.window.years, start=a.window.start.isoformat())],
                     css_class="cannot-show")


def exhibit_title(key: str, a: Analysis, m: dict[str, str]) -> str:
    exhibit = sections.exhibits().get(key)
    if exhibit is not None and exhibit.kind == "chart":
        return m["label.chart_named"].format(title=m[f"chart.{key}.title"])
    return m[f"table.{key}_title"]


def gap_reason(g: Gap, a: Analysis, w: Writer) -> Markup:
    v, m = g.values, w.m
    if g.reason == "not_every_platform":
        return w.say("gap.reason.not_every_platform", measure=w.present.measure(v["measure"]), period=v["period"],
                     have=w.join([Markup(escape(w.name(p))) for p in v["have"]]),
                     missing=w.join([Markup(escape(w.name(p))) for p in v["missing"]])).text
    if g.reason == "no_rival_on_measure":
        f = v["figure"]
        return w.say("gap.reason.no_rival_on_measure", measure=w.present.measure(f.measure, platform=f.platform),
                     period=f.period).text
    if g.reason == "too_few_rates":
        start = v["start"]
        other = w.join([Markup(escape(m[f"definition.{d}"])) for d in v["other_definitions"]])
        key = "gap.reason.too_few_rates_other" if v["other_definitions"] else "gap.reason.too_few_rates"
        return w.say(key, have=v["have"], need=v["need"], start=w.show(start), period=start.period,
                     measure=w.present.measure(start.measure, platform=start.platform), other=other).text
    return w.say(f"gap.reason.{g.reason}", newest=v.get("newest", ""), years=a.window.years).text
