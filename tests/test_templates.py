"""Templates only display: every word comes from the catalogue, every number and decision from
Python (reportgen/view's view-models); the section, chart and table lists from sections.py."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen import sections
from reportgen.paths import TEMPLATES_DIR

TAGS = re.compile(r"\{\{(.*?)\}\}|\{%-?(.*?)-?%\}", re.S)
# What computing looks like in Jinja: arithmetic and concatenation, comparisons and filters,
# literal lists (a hard-coded list of sections, keys or tables), language branches, pandas.
COMPUTING = re.compile(r"\s[-+*/%~]\s|==|!=|<=|>=|\s[<>]\s|\|\s*\w|\[\s*['\"]|\bif\b.*\blang\b|\.iloc|\.loc\b|isnan|\bnan\b|range\(")


def expressions(path: Path):
    for match in TAGS.finditer(path.read_text(encoding="utf-8")):
        yield (match.group(1) or match.group(2)).strip()


def test_templates_compute_nothing():
    found = {f"{path.relative_to(TEMPLATES_DIR)}: {expr}" for path in TEMPLATES_DIR.rglob("*.html")
             for expr in expressions(path) if COMPUTING.search(expr)}
    assert sorted(found) == []


def test_every_section_has_its_partial_and_no_partial_is_orphaned():
    partials = {p.stem for p in (TEMPLATES_DIR / "sections").glob("*.html")}
    assert partials == {s.partial.removeprefix("sections/").removesuffix(".html") for s in sections.all_sections()}


def test_the_registry_numbers_charts_and_lists_tables_once():
    assert len(sections.chart_keys()) == len(set(sections.chart_keys()))
    assert len(sections.table_keys()) == len(set(sections.table_keys()))
