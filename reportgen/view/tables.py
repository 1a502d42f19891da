"""The brief's tables as view-models: the scoreboard, each section's tables, and what is new
since the previous quarter's brief."""

from __future__ import annotations

from markupsafe import Markup, escape

from reportgen.analysis import subsidies
from reportgen.analysis.brief import Analysis
from reportgen.analysis.figures import Figure
from reportgen.i18n import message_for
from reportgen.view.models import Cell, Letters, TableView
from reportgen.vocabulary import VOCABULARIES
from reportgen.view.present import Presenter


def scoreboard_table(a: Analysis, present: Presenter, names: dict[str, str]) -> TableView:
    """The latest figure of each kind per platform, each with the letter of its measure: cells
    with different letters measure different things and are not to be compared. A figure older
    than the evidence window is not shown as current: its cell is a gap naming the period of the
    newest one on record."""
    m = present.m
    columns = ("gmv", "growth", "reported", "users")
    letters = {c: Letters(present) for c in columns}
    rows = []
    for r in a.scoreboard:
        row = [Cell(text=names[r.platform])]
        for column in columns:
            fig = getattr(r, column)
            newer = (m["text.newer_on_weaker"].format(period=present.period(r.newer_on_weaker[column]))
                     if column in r.newer_on_weaker else "")
            if fig is None or not a.window.current(fig):
                old = m["text.newest_on_record"].format(period=present.period(fig.period)) if fig else ""
                row.append(Cell(sub=m["measure_sep"].join(part for part in (old, newer) if part)))
                continue
            extra = ""
            if column == "reported" and r.reported_growth is not None:
                extra = m["text.growth_of"].format(growth=present.value(r.reported_growth))
            if newer:
                extra += m["measure_sep"] + newer
            row.append(Cell(present.show(fig), letters[column].of(fig.measure, r.platform, names[r.platform]),
                            sub=f"{present.period(fig.period)}{extra}"))
        rows.append(row)
    legend = [(m[f"table.{column}"], letters[column].legend()) for column in columns]
    return TableView("table-scoreboard", m["table.scoreboard_title"],
                     [m["table.platform"]] + [m[f"table.{c}"] for c in columns], rows,
                     notes=[m["text.scoreboard_note"]], legend=legend, css_class="key-figures")


def section_tables(a: Analysis, present: Presenter, names: dict[str, str], category_names: dict[str, str]) -> dict[str, TableView]:
    """Every table the sections show (the scoreboard, the implications, the scenarios and what the
    brief cannot show are built apart); a table the evidence does not carry is left out."""
    m = present.m
    current = a.window.current
    tables = {"results": results_table(a, present, names), "market": market_table(a, present),
              "plans": plans_table(a, present, names)}
    prog_rows, fee_rows = [], []
    for p in a.programmes:
        for f in p.amounts:
            if not current(f):
                continue
            if p.is_fee:
                fee_rows.append((f.measure.fee_type, [Cell(text=m[f"fee_type.{f.measure.fee_type}"]), Cell(text=names[p.platform]),
                                                      Cell(text=programme_amount_name(p, f, present)),
                                                      Cell(text=m[f"beneficiary.{p.beneficiary}"]),
                                                      Cell(text=m[f"amount_type.{f.measure.metric}"]),
                                                      Cell(text=present.period_in_table(f.period)), Cell(present.show(f))]))
                continue
            prog_rows.append([Cell(text=names[p.platform]), Cell(text=programme_amount_name(p, f, present)),
                              Cell(text=support_kind(f, present)), Cell(text=m[f"beneficiary.{p.beneficiary}"]),
                              Cell(text=m[f"amount_type.{f.measure.metric}"]), Cell(text=present.period_in_table(f.period)),
                              Cell(present.show(f))])
    head = [m["table.platform"], m["label.programme"], m["label.kind"], m["label.beneficiary"], m["label.amount_type"],
            m["label.period"], m["label.amount"]]
    tables["programmes"] = TableView("table-programmes", m["table.programmes_title"], head, prog_rows, css_class="programmes")
    fee_types = list(VOCABULARIES["fee_type"].values)  # grouped by type, in the vocabulary's order
    fee_rows.sort(key=lambda kr: fee_types.index(kr[0]) if kr[0] in fee_types else len(fee_types))
    fee_head = [m["label.fee_type"], m["table.platform"], m["label.fee"], m["label.payer"], m["label.amount_type"],
                m["label.period"], m["label.amount"]]
    tables["fees"] = TableView("table-fees", m["table.fees_title"], fee_head, [row for _, row in fee_rows],
                               notes=[m["text.fees_note"]], css_class="fees")
    tables["events"] = events_table(a, present, names)
    mix_rows = []
    for mix in a.category_mixes:
        if not mix.shares[0].period_end or not current(mix.shares[0]):
            continue
        hhi = mix.hhi()
        shares = Markup(escape(m["list_sep"])).join(
            Markup("{} {}").format(category_names.get(f.subject, f.subject), present.figure_html(present.show(f)))
            for f in mix.shares)
        mix_rows.append([Cell(text=names[mix.platform]), Cell(text=present.measure(mix.measure, platform=mix.platform)),
                         Cell(text=present.period(mix.period)), Cell(html=shares),
                         Cell(text=present.fmt.number(hhi, 0) if hhi is not None else m["text.hhi_incomplete"])])
    tables["hhi"] = TableView("table-hhi", m["table.hhi_title"],
                              [m["table.platform"], m["label.measure"], m["label.period"], m["table.covered"], "HHI"],
                              mix_rows, notes=[m["text.hhi_note"]], css_class="hhi")
    focus_rows, older = [], 0
    for (p, measure, _), f in sorted(a.book.actual.items(), key=lambda kv: (kv[0][1].metric, kv[1].period_end)):
        if p == a.focus and measure.metric not in ("gmv", "gmv_yoy"):
            if not current(f):
                older += 1
                continue
            focus_rows.append([Cell(text=present.measure(measure, platform=a.focus)), Cell(text=present.period(f.period)), Cell(present.show(f))])
    tables["focus_metrics"] = TableView("table-focus-metrics", m["table.focus_metrics_title"],
                                        [m["label.measure"], m["label.period"], m["label.value"]], focus_rows,
                                        notes=[message_for(m, "text.older_left_out", older).format(n=older)] if older else [],
                                        css_class="focus-metrics")
    return {key: table for key, table in tables.items() if a.shows(key)}


def support_kind(f: Figure, present: Presenter) -> str:
    """A support amount's kind, with the charge it cuts where it is about one ("Fee cut · category
    commission"): a cut of one fee is never read as a cut of another."""
    kind = present.m[f"kind.{f.measure.scope}"]
    if f.measure.fee_type:
        return kind + present.m["measure_sep"] + present.in_text(present.m[f"fee_type.{f.measure.fee_type}"])
    return kind


def results_table(a: Analysis, present: Presenter, names: dict[str, str]) -> TableView:
    """What the edition covers, per platform: the newest company results it includes, the next
    results dates a source announces, and results due but not in reach."""
    m = present.m
    rows = []
    for c in a.coverage:
        latest = (Cell(html=Markup(escape(m["text.results_item"].format(
            period=present.period(c.latest.period), metric=present.metric(c.latest.measure.metric, in_text=True))))
            + present.footnote(c.latest.sources[:1])) if c.latest else Cell(text=m["text.no_results"]))
        announced = Markup(escape(m["list_sep"])).join(
            Markup(escape(m["text.announced_item"].format(period=r["period"], date=r["date"]))) + present.footnote([r["source_id"]])
            for r in c.announced)
        awaited = m["list_sep"].join(m["text.awaited_item"].format(period=r["period"], what=r["what"] or "") for r in c.awaited)
        rows.append([Cell(text=names[c.platform]), latest, Cell(html=announced) if c.announced else Cell(text=m["text.none_announced"]),
                     Cell(text=awaited) if awaited else Cell(text=m["text.none_awaited"])])
    return TableView("table-results", m["table.results_title"],
                     [m["table.platform"], m["table.latest_results"], m["table.next_results"], m["table.awaited"]], rows,
                     notes=[m["text.results_note"].format(date=a.data_through.isoformat())], css_class="results")


def market_table(a: Analysis, present: Presenter) -> TableView:
    """The national online retail of physical goods, its growth as the statistics office states
    it, its share of all retail sales, and all online retail; one row per period."""
    m, mk = present.m, a.market
    rows = [[Cell(text=present.period(period)), *(Cell(present.show(f)) if f else Cell() for f in mk.row(period))]
            for period in mk.periods]
    return TableView("table-market", m["table.market_title"],
                     [m["label.period"], m["table.market_goods"], m["table.market_goods_growth"], m["table.market_goods_share"],
                      m["table.market_all"], m["table.market_all_growth"]], rows,
                     notes=[m["text.market_growth_note"], m["text.market_sizing_note"]], css_class="market")


def plans_table(a: Analysis, present: Presenter, names: dict[str, str]) -> TableView:
    """Targets, forecasts and consensus for current periods, each beside the actual figure of its
    own measure and period where the data has one, and whether the actual beat, missed or met it
    (only where both are values, not bounds)."""
    m = present.m
    rows = []
    for f in a.plans:
        outcome = a.book.get(f.platform, f.measure, f.period)
        rows.append([Cell(text=names[f.platform]), Cell(text=present.measure(f.measure, platform=f.platform)),
                     Cell(text=present.period(f.period)), Cell(present.show(f)),
                     Cell(present.show(outcome)) if outcome else Cell(text=m["text.not_yet_reported"]),
                     Cell(text=m[f"outcome.{against(f, outcome)}"]) if outcome and against(f, outcome) else Cell()])
    return TableView("table-plans", m["table.plans_title"],
                     [m["table.platform"], m["label.metric"], m["label.period"], m["label.plan"], m["label.outcome"],
                      m["label.against_plan"]], rows, notes=[m["text.plans_note"]], css_class="plans")


def against(plan: Figure, outcome: Figure) -> str:
    """beat | missed | met: the actual against the plan, or "" where either is a bound ("more
    than") and no comparison holds."""
    if {plan.qualifier, outcome.qualifier} & {"over", "under", "nearly"}:
        return ""
    if outcome.low > plan.high:
        return "beat"
    if outcome.high < plan.low:
        return "missed"
    return "met"


def events_table(a: Analysis, present: Presenter, names: dict[str, str]) -> TableView:
    """Each tally of the latest festivals: its firm, its window (a partial one named as such) and
    its growth where the comparison is like with like."""
    m = present.m
    rows = []
    for t in a.tallies:
        who = names.get(t.platform, m["text.whole_market"])
        lead = t.value or t.growth
        metric = lead.measure.metric.removesuffix("_yoy")
        # A tally dated only by its year: the source did not say which days it counts.
        window = m["text.window_not_stated"] if t.period == str(t.edition) else present.period_in_table(t.period)
        if t.window != "full":
            window += m["measure_sep"] + m[f"event_window.{t.window}"]
        growth = (Cell(present.show(t.growth)) if t.growth else
                  Cell(text=m[f"text.growth_withheld.{t.growth_withheld}"]) if t.growth_withheld else Cell())
        rows.append([Cell(text=m[f"event.{t.event}"] + f" {t.edition}"), Cell(text=who),
                     Cell(text=f"{m['metric.' + metric]}{m['measure_sep']}{m['event_scope.' + t.scope]}"),
                     Cell(text=t.tallied_by), Cell(text=window),
                     Cell(present.show(t.value)) if t.value else Cell(), growth])
    return TableView("table-events", m["table.events_title"],
                     [m["table.event"], m["table.platform"], m["label.measure"], m["table.tallied_by"],
                      m["table.window"], m["label.value"], m["table.yoy"]], rows,
                     notes=[m["text.events_note"]], css_class="events")


def changes_view(a: Analysis, present: Presenter, names: dict[str, str], category_names: dict[str, str]) -> dict | None:
    """What's new since the previous quarter's brief: its figures, shown as the rest of the brief
    shows them (same key, text and marks)."""
    ch = a.changes
    if ch is None:
        return None
    m = present.m

    def subject(f: Figure) -> str:
        label = present.measure(f.measure, platform=f.platform)
        if f.measure.table == "events":
            event, edition = f.subject.split(":")
            return f"{m['event.' + event]} {edition}{m['measure_sep']}{label}{m['measure_sep']}{f.measure.definition}"
        if f.subject:
            label += m["measure_sep"] + (category_names.get(f.subject) or m.get(f"bucket.{f.subject}") or _programme_name(a, f, present))
        return label

    def who(f: Figure) -> str:
        return names.get(f.platform, m["text.whole_market"])

    rows = [[Cell(text=who(f)), Cell(text=subject(f)), Cell(text=present.period(f.period)), Cell(present.show(f))]
            for f in ch.new_figures[:CHANGES_SHOWN]]
    revised = [[Cell(text=who(new)), Cell(text=subject(new)), Cell(text=present.period(new.period)),
                Cell(text=f"{present.value(old)} ({present.publisher(old.lead_source)})"), Cell(present.show(new))]
               for old, new in ch.revised]
    return {
        "empty": ch.empty, "new": len(ch.new_figures), "revised": len(ch.revised), "sources": len(ch.new_sources),
        "gaps": len(ch.gaps_closed), "more": max(len(ch.new_figures) - CHANGES_SHOWN, 0),
        "new_rows": rows, "revised_rows": revised,
        "gaps_closed": m["list_sep"].join(f"{names.get(p, p)} · {m['family.' + family]}" for p, family in ch.gaps_closed),
    }


CHANGES_SHOWN = 15


def programme_amount_name(p: subsidies.Programme, amount: Figure, present: Presenter) -> str:
    """'Xingyao Plan 2026 · cash back on a new merchant's first sales': the programme, and the
    part of it an amount is about where the programme has several."""
    part = p.part(amount)
    name = part.name(present.lang)
    return p.name(present.lang) + (present.m["measure_sep"] + name if name else "")


def _programme_name(a: Analysis, f: Figure, present: Presenter) -> str:
    p = next((p for p in a.programmes if p.programme_id == subsidies.programme_of(f.subject)), None)
    return programme_amount_name(p, f, present) if p else f.subject
