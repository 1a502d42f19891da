"""What a brief says: the language-independent analysis of a quarter's data, and the
language-specific content (view-models of already formatted rows, charts, numbered sources)
the templates lay out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
from markupsafe import Markup, escape

from reportgen import narrative
from reportgen.analysis import audience, categories, economics, events, merchant_fit, quality, scale, scenarios, subsidies
from reportgen.analysis.figures import PLANS, Figure
from reportgen.analysis.select import FigureBook, build_book, is_old
from reportgen.changes import Changes, compare
from reportgen.charts import build as charts
from reportgen.charts.theme import platform_colours
from reportgen.commentary import Commentary, render_parts, resolve_all
from reportgen.data import Dataset
from reportgen.data.registry import FAMILIES
from reportgen.errors import DataError
from reportgen.i18n import load_messages, with_platform_names
from reportgen.measures import Measure
from reportgen.periods import Quarter
from reportgen.present import Presenter, Shown
from reportgen.references import Target
from reportgen import sections
from reportgen.render.env import safe_http_url
from reportgen.sections import FRONT, SUMMARY, SUMMARY_PARTS

PLAN_YEARS = 2  # targets and forecasts for the brief's year and the two before it, with their outcomes


@dataclass(frozen=True)
class ScoreRow:
    platform: str
    gmv: Figure | None  # the latest annual GMV of the headline series
    growth: Figure | None  # the latest annual GMV growth of the platform's growth series
    reported: Figure | None  # the latest company-reported scale figure (GMV, or a disclosed proxy)
    reported_growth: Figure | None
    users: Figure | None


@dataclass(frozen=True)
class Analysis:
    quarter: Quarter
    as_of: date  # the end of the brief's quarter: what "old" is measured against
    data_through: date
    platforms: list[str]
    focus: str
    book: FigureBook
    gmv: list[scale.Series]
    growth: list[scale.Series]
    # The focus platform's own-scope series where its headline is a wider scope (WeChat Shop):
    # shown beside it, never ranked or summed with the rivals.
    focus_own_gmv: list[scale.Series]
    focus_own_growth: list[scale.Series]
    quarterly: list[scale.QuarterlySeries]
    momentum: list[scale.Momentum]
    shares: list[scale.Comparison]
    multiples: list[scale.Comparison]
    rankings: list
    scoreboard: list[ScoreRow]
    plans: list[Figure]
    programmes: list[subsidies.Programme]
    distributions: dict[str, list[audience.Distribution]]
    audience_groups: dict[str, list[list[audience.Distribution]]]
    skews: list[audience.Skew]
    category_mixes: list[categories.CategoryMix]
    # The latest figure of each measure of every family charted one panel per measure
    # (registry.Family.chart), by family: unit economics.
    family_figures: dict[str, list[Figure]]
    merchant_fits: list[merchant_fit.Fit]
    tallies: list[events.Tally]
    scenarios: scenarios.ScenarioSet | None
    claims: pd.DataFrame
    changes: Changes | None  # against the previous quarter's brief; None for the first quarter
    previous_quarter: Quarter | None
    quality: quality.Quality  # the data's own limits, for the caveats
    figures: dict[str, Figure]  # every figure the brief can show, by key


def figures_of(book: FigureBook, programmes, distributions, mixes, tallies) -> dict[str, Figure]:
    """Every chosen figure of a brief, by key: the figure book, programme amounts, distribution
    and category shares, festival tallies."""
    figures = dict(book.by_key())
    figures.update((f.key, f) for p in programmes for f in p.amounts)
    figures.update((f.key, f) for dists in distributions.values() for d in dists for f in d.shares)
    figures.update((f.key, f) for mix in mixes for f in mix.shares)
    figures.update((f.key, f) for t in tallies for f in (t.value, t.growth) if f is not None)
    return figures


def brief_figures(data: Dataset) -> dict[str, Figure]:
    """The figures a brief on `data` shows (for comparing two quarters' briefs)."""
    return figures_of(build_book(data.metrics), subsidies.programmes(data.subsidies),
                      {d: audience.distributions(data.demographics, data.schemes, d) for d in audience.DIMENSIONS},
                      categories.category_mixes(data.category_share), events.tallies(data.events))


def analyse(data: Dataset, quarter: Quarter, previous: Dataset | None = None) -> Analysis:
    """Everything a brief computes, independent of language. `previous` is the data as the
    previous quarter's brief saw it, for the "what's new" section."""
    platforms, focus = list(data.platforms["platform"]), data.focus
    book = build_book(data.metrics)
    as_of = quarter.end
    gmv = scale.annual_gmv(book, platforms)
    growth = [g for p in platforms if (g := scale.latest_growth(book, p)) is not None]
    board = []
    for p in platforms:
        level = next((s for s in gmv if s.platform == p), None)
        g = next((s for s in growth if s.platform == p), None)
        reported = scale.latest_reported(book, p)
        board.append(ScoreRow(p, level.latest if level else None, g.latest if g else None,
                              reported[0] if reported else None, reported[1] if reported else None,
                              scale.latest_users(book, p)))
    focus_series = next((s for s in gmv if s.platform == focus), None)
    pool = scenarios.scenario_pool(focus_series, next((g for g in growth if g.platform == focus), None),
                                   lambda f: not is_old(f, as_of))
    distributions = {d: audience.distributions(data.demographics, data.schemes, d) for d in audience.DIMENSIONS}
    groups = {d: audience.comparable_groups(v) for d, v in distributions.items()}
    programmes = subsidies.programmes(data.subsidies)
    mixes = categories.category_mixes(data.category_share)
    tallies = events.tallies(data.events)
    figures = figures_of(book, programmes, distributions, mixes, tallies)
    family_figures = {f.key: economics.latest_figures(book, platforms, economics.family_metrics(f.key))
                      for f in FAMILIES.values() if f.chart}
    quarterly = scale.quarterly_reported(book, platforms)
    return Analysis(
        quarter=quarter, as_of=as_of, data_through=max(data.sources["published_date"]), platforms=platforms,
        focus=focus, book=book, gmv=gmv, growth=growth,
        focus_own_gmv=scale.own_series(book, focus, "gmv"), focus_own_growth=scale.own_series(book, focus, "gmv_yoy"),
        quarterly=quarterly,
        momentum=scale.momentum([(r.platform, r.reported, r.reported_growth) for r in board], quarterly,
                                lambda f: not is_old(f, as_of)),
        shares=scale.shares_of_total(gmv, platforms),
        multiples=scale.multiples(gmv, focus),
        rankings=scale.ranking(gmv),
        scoreboard=board,
        plans=sorted((f for f in book.plans.values() if f.period_end and f.period_end.year >= quarter.year - PLAN_YEARS
                      and f.measure.metric in ("gmv", "gmv_yoy")), key=lambda f: (f.platform, f.period_end, f.measure.metric)),
        programmes=programmes,
        distributions=distributions, audience_groups=groups,
        skews=[s for d in audience.DIMENSIONS for s in audience.skews(groups[d], focus)],
        category_mixes=mixes,
        family_figures=family_figures,
        merchant_fits=merchant_fit.merchant_fits(family_figures["unit_economics"], mixes, focus),
        tallies=tallies,
        scenarios=scenarios.scenario_set(focus_series, pool, quarter.year + 1),
        claims=data.claims,
        changes=compare(brief_figures(previous), figures, previous.sources, data.sources) if previous is not None else None,
        previous_quarter=Quarter.containing(quarter.start - timedelta(days=1)) if previous is not None else None,
        quality=quality.quality(data, book, board, focus, platforms, as_of),
        figures=figures,
    )


# --- view-models -----------------------------------------------------------------------------

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


@dataclass(frozen=True)
class ImplicationRow:
    profile: str
    assessment: str  # favourable | mixed | unfavourable | unknown (the stylesheet's class)
    assessment_label: str
    reasons: list[narrative.Sentence]


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
    platforms: list[dict]
    analysis: Analysis
    sources: list[dict]  # numbered, in citation order, with tier
    source_numbers: dict[str, int]
    fact_count: int
    tier_counts: dict[str, int]
    charts: list[charts.BriefChart]
    tables: dict[str, TableView]  # by key (sections.table_keys())
    summary_line: str  # how many figures from how many sources
    findings: list[narrative.Sentence]
    deep_dive: list[tuple[str, list[dict]]]  # topic heading, claims
    implications: list[ImplicationRow]
    scenario_intro: narrative.Sentence | None
    scenario_table: TableView | None  # the paths; None when there are no scenarios
    caveats: list[narrative.Sentence]
    methodology: list[str]
    implications_all_old: bool
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
        """The brief's sections in order (the same in the HTML and the PDF)."""
        return sections.all_sections()

    def section_keys(self) -> list[str]:
        return [s.key for s in sections.all_sections()]

    def section_title(self, key: str) -> str:
        """A written summary makes the front section the executive summary; without one it
        holds the data highlights alone, titled as key findings."""
        if key == FRONT.key and self.has_summary:
            return self.messages["section.summary"]
        return self.messages[f"section.{key}"]


def brief_content(data: Dataset, analysis: Analysis, lang: str, commentary: Commentary | None = None,
                  chart_memo: dict | None = None) -> BriefContent:
    """The brief in one language; `chart_memo` lets a preview reuse charts whose inputs are unchanged."""
    name_col = f"name_{lang}"
    names = dict(zip(data.platforms["platform"], data.platforms[name_col]))
    owners = dict(zip(data.platforms["platform"], data.platforms[f"company_{lang}"]))
    messages = with_platform_names(load_messages(lang), names[analysis.focus], owners[analysis.focus],
                                   [names[p] for p in analysis.platforms if p != analysis.focus])
    sources = number_sources(data.sources)
    numbers = {s["source_id"]: s["number"] for s in sources}
    present = Presenter(lang, messages, numbers, analysis.as_of,
                        dict(zip(data.sources["source_id"], data.sources["publisher"])),
                        dict(zip(data.schemes["scheme"], data.schemes[name_col])),
                        {s["number"]: f"{s['publisher']}: {s['title']} ({s['published']})" for s in sources})
    ctx = charts.ChartContext(lang=lang, messages=messages, platforms=analysis.platforms, platform_names=names,
                              platform_colours=platform_colours(data.platforms.to_dict("records")),
                              category_names=dict(zip(data.categories["category"], data.categories[name_col])),
                              present=present, quarter=analysis.quarter)
    writer = narrative.Writer(present, names, ctx.category_names)
    intro, scenario_headers, scenario_rows = narrative.scenarios(analysis, writer)
    scenario_table = TableView("table-scenarios", messages["table.scenarios_title"], scenario_headers, scenario_rows,
                               notes=[messages["text.scenario_note"]], css_class="scenarios") if intro else None
    implications = narrative.implications(analysis, writer)
    tiers = data.sources["tier"].value_counts()
    tier_counts = {t: int(tiers.get(t, 0)) for t in ("primary", "press", "republication", "machine_summary")}
    comments = comments_html(commentary, analysis, present)
    tables = {"scoreboard": scoreboard_table(analysis, present, names),
              **section_tables(analysis, present, names, ctx.category_names)}
    return BriefContent(
        lang=lang, messages=messages, quarter=analysis.quarter, data_through=analysis.data_through, present=present,
        platform_names=names,
        platforms=[{"platform": r["platform"], "name": r[name_col], "company": r[f"company_{lang}"]}
                   for r in data.platforms.to_dict("records")],
        analysis=analysis, sources=sources_view(sources, messages), source_numbers=numbers, fact_count=analysis.quality.facts,
        tier_counts=tier_counts,
        charts=charts.brief_charts(analysis, ctx, chart_memo),
        tables=tables,
        summary_line=messages["text.summary"].format(sources=len(sources), facts=analysis.quality.facts,
                                                     primary=tier_counts["primary"]),
        findings=narrative.key_findings(analysis, writer),
        deep_dive=[(messages[f"deep_dive.{topic}"], items) for topic, items in
                   narrative.deep_dive(analysis.claims, data.sources, analysis.focus, lang).items() if items],
        implications=[ImplicationRow(messages[f"profile.{i.profile}"], i.assessment, messages[f"assessment.{i.assessment}"],
                                     i.reasons) for i in implications],
        scenario_intro=intro, scenario_table=scenario_table,
        caveats=narrative.caveats(analysis, writer),
        implications_all_old=all(f.old for imp in implications for r in imp.reasons for f in r.figures)
        and any(r.figures for imp in implications for r in imp.reasons),
        methodology=[messages[f"methodology.p{i}"].format(quarter=analysis.quarter)
                     for i in range(1, sections.METHODOLOGY_PARAGRAPHS + 1)],
        changes=changes_view(analysis, present, names, ctx.category_names),
        previous_quarter=analysis.previous_quarter,
        glossary=[(messages[f"glossary_term.{key}"], messages[f"glossary.{key}"]) for key in sections.GLOSSARY],
        table_list=[(tables[key].id, tables[key].title) for key in sections.table_keys()]
        + [("table-implications", messages["table.implications_title"])]
        + ([(scenario_table.id, scenario_table.title)] if scenario_table else []),
        comments=comments,
    )


def sources_view(sources: list[dict], messages: dict[str, str]) -> list[dict]:
    """The numbered sources as the reference list prints them: the tier's name, a link only for
    an http(s) URL, and a note when the publication date is inferred."""
    return [{**s, "tier_label": messages[f"tier.{s['tier']}"], "link": safe_http_url(s["url"]),
             "date_note": messages["text.date_inferred"] if s["date_basis"] == "inferred" else ""} for s in sources]


def comments_html(commentary: Commentary | None, analysis: Analysis, present: Presenter) -> dict[str, Markup]:
    """The commentary's parts as HTML, each reference replaced by its figure as the tables show
    it (value, qualifier, basis mark, footnote), its comparison, or a link to its chart."""
    if not commentary:
        return {}
    targets, problems = resolve_all(commentary, analysis)
    if problems:
        raise DataError(problems)

    def html_of(target: Target) -> Markup:
        if target.figure is not None:
            return present.figure_html(present.show(target.figure))
        if target.comparison is not None:
            return present.figure_html(present.show_comparison(target.comparison))
        return Markup('<a class="figref" href="#figure-{0}">{1} {0}</a>').format(target.chart_number, present.m["label.figure"])

    return render_parts(commentary, html_of, targets)


def scoreboard_table(a: Analysis, present: Presenter, names: dict[str, str]) -> TableView:
    """The latest figure of each kind per platform, each with the letter of its measure: cells
    with different letters measure different things and are not to be compared."""
    m = present.m
    columns = ("gmv", "growth", "reported", "users")
    letters = {c: Letters(present) for c in columns}
    rows = []
    for r in a.scoreboard:
        row = [Cell(text=names[r.platform])]
        for column in columns:
            fig = getattr(r, column)
            if fig is None:
                row.append(Cell())
                continue
            extra = ""
            if column == "reported" and r.reported_growth is not None:
                extra = m["text.growth_of"].format(growth=present.value(r.reported_growth))
            row.append(Cell(present.show(fig), letters[column].of(fig.measure, r.platform, names[r.platform]),
                            sub=f"{present.period(fig.period)}{extra}"))
        rows.append(row)
    legend = [(m[f"table.{column}"], letters[column].legend()) for column in columns]
    return TableView("table-scoreboard", m["table.scoreboard_title"],
                     [m["table.platform"]] + [m[f"table.{c}"] for c in columns], rows,
                     notes=[m["text.scoreboard_note"]], legend=legend, css_class="key-figures")


def section_tables(a: Analysis, present: Presenter, names: dict[str, str], category_names: dict[str, str]) -> dict[str, TableView]:
    m = present.m
    tables = {}
    # Targets and forecasts: kept apart from actual figures, never in a chart of them.
    # An outcome is the actual figure of the plan's own measure and period, when the data has one.
    outcomes = {f.key: a.book.get(f.platform, f.measure, f.period) for f in a.plans}
    tables["plans"] = TableView("table-plans", m["table.plans_title"],
                                [m["table.platform"], m["label.metric"], m["label.period"], m["label.plan"], m["label.outcome"]],
                                [[Cell(text=names[f.platform]), Cell(text=present.measure(f.measure, platform=f.platform)),
                                  Cell(text=present.period(f.period)), Cell(present.show(f)),
                                  Cell(present.show(outcomes[f.key])) if outcomes[f.key] else Cell(text=m["text.not_yet_reported"])]
                                 for f in a.plans], css_class="plans")
    prog_rows, fee_rows = [], []
    for p in a.programmes:
        for f in p.amounts:
            row = [Cell(text=names[p.platform]), Cell(text=programme_amount_name(p, f, present)),
                   Cell(text=m[f"kind.{p.part(f).kind}"]), Cell(text=m[f"beneficiary.{p.beneficiary}"]),
                   Cell(text=m[f"amount_type.{f.measure.metric}"]), Cell(text=present.period_in_table(f.period)), Cell(present.show(f))]
            (fee_rows if p.is_fee else prog_rows).append(row)
    head = [m["table.platform"], m["label.programme"], m["label.kind"], m["label.beneficiary"], m["label.amount_type"],
            m["label.period"], m["label.amount"]]
    tables["programmes"] = TableView("table-programmes", m["table.programmes_title"], head, prog_rows, css_class="programmes")
    fee_head = [m["table.platform"], m["label.fee"], m["label.payer"], m["label.amount_type"], m["label.period"], m["label.amount"]]
    tables["fees"] = TableView("table-fees", m["table.fees_title"], fee_head, [r[:2] + r[3:] for r in fee_rows],
                               css_class="fees")
    tally_rows = []
    for t in a.tallies:
        who = names.get(t.platform, m["text.whole_market"])
        lead = t.value or t.growth
        metric = lead.measure.metric.removesuffix("_yoy")
        tally_rows.append([Cell(text=m[f"event.{t.event}"] + f" {t.edition}"), Cell(text=who),
                           Cell(text=f"{m['metric.' + metric]}{m['measure_sep']}{m['event_scope.' + t.scope]}"),
                           Cell(text=t.tallied_by),
                           Cell(text=present.period_in_table(t.window)),
                           Cell(present.show(t.value)) if t.value else Cell(),
                           Cell(present.show(t.growth)) if t.growth else Cell()])
    tables["events"] = TableView("table-events", m["table.events_title"],
                                 [m["table.event"], m["table.platform"], m["label.measure"], m["table.tallied_by"],
                                  m["table.window"], m["label.value"], m["table.yoy"]], tally_rows,
                                 notes=[m["text.events_note"]], css_class="events")
    mix_rows = []
    for mix in a.category_mixes:
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
    focus_rows = []
    for (p, measure, _), f in sorted(a.book.actual.items(), key=lambda kv: (kv[0][1].metric, kv[1].period_end)):
        if p == a.focus and measure.metric not in ("gmv", "gmv_yoy"):
            focus_rows.append([Cell(text=present.measure(measure, platform=a.focus)), Cell(text=present.period(f.period)), Cell(present.show(f))])
    tables["focus_metrics"] = TableView("table-focus-metrics", m["deep_dive.metrics_title"],
                                        [m["label.measure"], m["label.period"], m["label.value"]], focus_rows,
                                        css_class="focus-metrics")
    return tables


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
    name = part.name_zh if present.lang == "zh" else part.name_en
    return p.name(present.lang) + (present.m["measure_sep"] + name if name else "")


def _programme_name(a: Analysis, f: Figure, present: Presenter) -> str:
    p = next((p for p in a.programmes if p.programme_id == subsidies.programme_of(f.subject)), None)
    return programme_amount_name(p, f, present) if p else f.subject


def number_sources(sources: pd.DataFrame) -> list[dict]:
    """Number every source the quarter's data rests on, by publication date (then id), as a
    research note's reference list; text, tables and charts cite these numbers."""
    rows = sources.sort_values(["published_date", "source_id"])
    return [dict(r._asdict(), number=i) for i, r in enumerate(rows.itertuples(index=False), start=1)]


def is_plan(fig: Figure) -> bool:
    return fig.basis in PLANS
