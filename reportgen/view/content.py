"""The brief in one language (the "view" stage): from the analysis to formatted tables,
sentences, lists and the rendered commentary, ready for the charts and the templates."""

from __future__ import annotations

import pandas as pd

from reportgen import sections
from reportgen.analysis.brief import Analysis
from reportgen.commentary import Resolved
from reportgen.data import Dataset
from reportgen.i18n import Formatter, load_messages, with_platform_names
from reportgen.periods import Quarter
from reportgen.view import narrative
from reportgen.view.comments import comments_html
from reportgen.view.evidence import cannot_show_table, implications_table, scenario_view
from reportgen.view.models import BriefContent
from reportgen.view.present import CITED_COUNT, Presenter, safe_http_url
from reportgen.view.tables import changes_view, scoreboard_table, section_tables


def brief_content(data: Dataset, analysis: Analysis, lang: str, commentary: Resolved | None = None) -> BriefContent:
    """The brief in one language: every table, sentence and list, formatted (the "view" stage);
    `commentary` is the language's commentary with its references resolved."""
    name_col = f"name_{lang}"
    names = dict(zip(data.platforms["platform"], data.platforms[name_col]))
    owners = dict(zip(data.platforms["platform"], data.platforms[f"company_{lang}"]))
    messages = with_platform_names(load_messages(lang), names[analysis.focus], owners[analysis.focus],
                                   [names[p] for p in analysis.rivals])
    sources = sources_view(data.sources, messages)
    new = frozenset(f.key for f in analysis.changes.new_figures) if analysis.changes else frozenset()
    present = Presenter(lang, messages, analysis.as_of, dict(zip(data.sources["source_id"], data.sources["publisher"])),
                        dict(zip(data.schemes["scheme"], data.schemes[name_col])),
                        {s: f"{v['publisher']}: {v['title']} ({v['published']})" for s, v in sources.items()},
                        new_keys=new, notes=conflict_notes(analysis, lang, messages))
    category_names = dict(zip(data.categories["category"], data.categories[name_col]))
    writer = narrative.Writer(present, names, category_names)
    scenario_intro, scenario_table = scenario_view(analysis.scenarios, analysis, writer)
    comments = comments_html(commentary, present)
    tables = {"scoreboard": scoreboard_table(analysis, present, names),
              **section_tables(analysis, present, names, category_names),
              "implications": implications_table(analysis, writer)}
    if scenario_table is not None:
        tables["scenarios"] = scenario_table
    tables = {key: table for key, table in tables.items() if analysis.shows(key)}  # nothing the evidence does not carry
    if analysis.gaps:
        tables["cannot_show"] = cannot_show_table(analysis, writer)
    topics, background = narrative.deep_dive(analysis.claims, data.sources, analysis.focus, lang, analysis.window)
    return BriefContent(
        lang=lang, messages=messages, quarter=analysis.quarter, data_through=analysis.data_through, present=present,
        platform_names=names, category_names=category_names,
        platforms=[{"platform": r["platform"], "name": r[name_col], "company": r[f"company_{lang}"]}
                   for r in data.platforms.to_dict("records")],
        analysis=analysis, sources=sources, fact_count=analysis.quality.facts,
        tables=tables,
        summary_line=messages["text.summary"].format(facts=analysis.quality.facts, sources=CITED_COUNT),
        edition=edition_line(analysis, messages),
        cover_results=[(names[c.platform], c.latest.period if c.latest else messages["text.no_results"]) for c in analysis.coverage],
        findings=narrative.key_findings(analysis, writer),
        deep_dive=[(messages[f"deep_dive.{topic}"], items) for topic, items in topics.items() if items],
        background=background,
        scenario_intro=scenario_intro,
        caveats=narrative.caveats(analysis, writer),
        methodology=[messages[f"methodology.p{i}"].format(quarter=analysis.quarter, years=analysis.window.years)
                     for i in range(1, sections.METHODOLOGY_PARAGRAPHS + 1)],
        changes=changes_view(analysis, present, names, category_names),
        previous_quarter=analysis.previous_quarter,
        glossary=[(messages[f"glossary_term.{key}"], messages[f"glossary.{key}"]) for key in sections.GLOSSARY],
        table_list=[(tables[key].id, tables[key].title) for key in sections.table_keys() if key in tables],
        comments=comments,
    )


def edition_line(a: Analysis, messages: dict[str, str]) -> str:
    """"Data to 2026-05-13 · company results to 2026Q1": what a reader gets."""
    # Quarterly results where any platform reports them (a year's statement is not a results season).
    latest = [c.latest for c in a.coverage if c.latest is not None]
    ends = [f.period_end for f in latest if f.period_kind == "quarter"] or [f.period_end for f in latest]
    results = str(Quarter.containing(max(ends))) if ends else messages["text.no_results"]
    return messages["text.edition"].format(date=a.data_through.isoformat(), results=results)


def conflict_notes(a: Analysis, lang: str, messages: dict[str, str]) -> dict[str, str]:
    """For each part stated larger than its whole (analysis.conflicts), a note beside both figures."""
    fmt, notes = Formatter(lang), {}
    for c in a.conflicts:
        scope = lambda f: messages.get(f"scope_for.{f.platform}.{f.measure.scope}") or messages[f"scope.{f.measure.scope}"]  # noqa: E731
        values = dict(inner=fmt.figure(c.inner), inner_scope=scope(c.inner), outer=fmt.figure(c.outer),
                      outer_scope=scope(c.outer), period=c.inner.period)
        notes[c.inner.key] = messages["text.conflict_inner"].format(**values)
        notes[c.outer.key] = messages["text.conflict_outer"].format(**values)
    return notes


def sources_view(sources: pd.DataFrame, messages: dict[str, str]) -> dict[str, dict]:
    """Every source of the quarter's data by id, as the reference list prints it (the brief lists
    those it cites): the tier's name, a link only for an http(s) URL, a note when the
    publication date is inferred."""
    return {s["source_id"]: {**s, "tier_label": messages[f"tier.{s['tier']}"], "link": safe_http_url(s["url"]),
                             "date_note": messages["text.date_inferred"] if s["date_basis"] == "inferred" else ""}
            for s in sources.to_dict("records")}
