"""What `reportgen facts` and `reportgen diff` print: the figures with their provenance (the
typed export's rows, narrowed), and what changed between two quarters' briefs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from reportgen.data import Dataset
from reportgen.periods import Quarter

if TYPE_CHECKING:
    from reportgen.pipeline import Stages

def filter_facts(facts: pd.DataFrame, platform: str | None = None, metric: str | None = None,
                 period: str | None = None) -> pd.DataFrame:
    """Narrow the table: platform exact; metric matches the start of the subject; period a prefix
    ("2023" matches 2023, 2023Q1, 2023-06 …)."""
    rows = facts
    if platform:
        rows = rows[rows["platform"] == platform]
    if metric:
        rows = rows[rows["subject"].str.startswith(metric)]
    if period:
        rows = rows[rows["period"].str.startswith(period)]
    return rows


def facts_report(data: Dataset, lang: str, platform: str | None = None, metric: str | None = None,
                 period: str | None = None, columns: list[str] | None = None) -> tuple[list[str], list[list]]:
    """The figures `facts` prints: every column of the typed export (names in `lang`, full quote
    and URL), narrowed as filter_facts narrows; `columns` picks and orders them."""
    from reportgen.export import typed_figures

    rows = filter_facts(typed_figures(data, lang), platform, metric, period)
    columns = columns or list(rows.columns)
    return columns, rows[columns].values.tolist()


def diff_report(stages: Stages, from_quarter: Quarter, to_quarter: Quarter, lang: str) -> list[tuple[str, list[str], list[list]]]:
    """What `diff` prints, section by section (title, headers, rows): new figures, revised ones
    (before and now, each with its basis), new sources and gaps closed, named in `lang` with
    every qualifier kept."""
    from datetime import date

    from reportgen.analysis.brief import brief_figures
    from reportgen.analysis.changes import compare, figure_family
    from reportgen.i18n import Formatter, load_messages
    from reportgen.view.present import Presenter

    dataset = stages.dataset
    old, new = stages.view(stages.quarter(from_quarter)), stages.view(stages.quarter(to_quarter))
    changes = compare(brief_figures(old), brief_figures(new), old.sources, new.sources)
    m = load_messages(lang)
    fmt = Formatter(lang)
    names = dict(zip(dataset.platforms["platform"], dataset.platforms[f"name_{lang}"]))
    publishers = dict(zip(dataset.sources["source_id"], dataset.sources["publisher"]))
    present = Presenter(lang, m, {}, date.max, publishers, dict(zip(dataset.schemes["scheme"], dataset.schemes[f"name_{lang}"])))

    def who(platform: str) -> str:
        return names.get(platform, m["text.whole_market"])

    def what(f) -> list:
        return [who(f.platform), m[f"family.{figure_family(f)}"], present.measure(f.measure, platform=f.platform or ""),
                f.subject, f.period]

    def value(f) -> str:
        return f"{fmt.figure(f)} ({m[f'basis.{f.basis}']})"

    head = ["platform", "family", "measure", "subject", "period"]
    return [
        ("New figures", head + ["value", "sources"],
         [what(f) + [value(f), ", ".join(f.sources)] for f in changes.new_figures]),
        ("Revised figures", head + ["before", "now", "sources"],
         [what(n) + [value(o), value(n), ", ".join(n.sources)] for o, n in changes.revised]),
        ("New sources", ["published", "source_id", "tier", "publisher", "title", "url"],
         changes.new_sources.merge(dataset.sources[["source_id", "url"]], on="source_id", how="left")[
             ["published", "source_id", "tier", "publisher", "title", "url"]].astype(str).values.tolist()),
        ("Gaps closed", ["platform", "family"], [[who(p), m[f"family.{family}"]] for p, family in changes.gaps_closed]),
    ]
