"""The brief in one language (the "view" stage): from the analysis to formatted tables,
sentences, lists and the rendered commentary, ready for the charts and the templates."""

from __future__ import annotations

import pandas as pd

from reportgen import sections
from reportgen.analysis.brief import Analysis
from reportgen.commentary import Resolved
from reportgen.data import Dataset
from reportgen.i18n import load_messages, with_platform_names
from reportgen.view import narrative
from reportgen.view.comments import comments_html
from reportgen.view.models import BriefContent, ImplicationRow, TableView
from reportgen.view.present import Presenter, safe_http_url
from reportgen.view.tables import changes_view, scoreboard_table, section_tables


def brief_content(data: Dataset, analysis: Analysis, lang: str, commentary: Resolved | None = None) -> BriefContent:
    """The brief in one language: every table, sentence and list, formatted (the "view" stage);
    `commentary` is the language's commentary with its references resolved."""
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
    category_names = dict(zip(data.categories["category"], data.categories[name_col]))
    writer = narrative.Writer(present, names, category_names)
    intro, scenario_headers, scenario_rows = narrative.scenarios(analysis, writer)
    scenario_table = TableView("table-scenarios", messages["table.scenarios_title"], scenario_headers, scenario_rows,
                               notes=[messages["text.scenario_note"]], css_class="scenarios") if intro else None
    implications = narrative.implications(analysis, writer)
    tiers = data.sources["tier"].value_counts()
    tier_counts = {t: int(tiers.get(t, 0)) for t in ("primary", "press", "republication", "machine_summary")}
    comments = comments_html(commentary, present)
    tables = {"scoreboard": scoreboard_table(analysis, present, names),
              **section_tables(analysis, present, names, category_names)}
    return BriefContent(
        lang=lang, messages=messages, quarter=analysis.quarter, data_through=analysis.data_through, present=present,
        platform_names=names, category_names=category_names,
        platforms=[{"platform": r["platform"], "name": r[name_col], "company": r[f"company_{lang}"]}
                   for r in data.platforms.to_dict("records")],
        analysis=analysis, sources=sources_view(sources, messages), source_numbers=numbers, fact_count=analysis.quality.facts,
        tier_counts=tier_counts,
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
        changes=changes_view(analysis, present, names, category_names),
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


def number_sources(sources: pd.DataFrame) -> list[dict]:
    """Number every source the quarter's data rests on, by publication date (then id), as a
    research note's reference list; text, tables and charts cite these numbers."""
    rows = sources.sort_values(["published_date", "source_id"])
    return [dict(r._asdict(), number=i) for i, r in enumerate(rows.itertuples(index=False), start=1)]
