"""Numbering the brief's sources: once the whole brief is rendered, every citation mark (view.present
.cite_mark) becomes a numbered footnote, the sources numbered in the order the brief first cites
them, and the source list lists exactly the sources cited, in that order."""

from __future__ import annotations

import re
from typing import Callable

from markupsafe import Markup, escape

from reportgen.view.present import CITE_CLOSE, CITE_OPEN, CITED_COUNT, SOURCE_LIST

CITATION = re.compile(CITE_OPEN + "([^" + CITE_CLOSE + "]*)" + CITE_CLOSE)


def citation_order(html: str) -> dict[str, int]:
    """Each source cited in `html`, numbered in the order it is first cited."""
    numbers: dict[str, int] = {}
    for mark in CITATION.finditer(html):
        for source in mark[1].split(","):
            numbers.setdefault(source, len(numbers) + 1)
    return numbers


def number_citations(html: str, citations: dict[str, str], footnote_sep: str,
                     source_list: Callable[[list[tuple[int, str]]], str],
                     numbers: dict[str, int] | None = None, target: str = "") -> str:
    """`html` with each citation mark replaced by its footnote ([3,7], linked, the source named on
    hover: `citations` maps a source id to that text), the source list rendered by `source_list`
    from (number, source id) pairs, and the count of sources cited. With `numbers` (another
    page's citation_order), footnotes keep that page's numbers and link to its list in `target`."""
    numbers = numbers if numbers is not None else citation_order(html)

    def footnote(mark: re.Match) -> str:
        cited = sorted({numbers[s] for s in mark[1].split(",")})
        ids = {n: s for s, n in numbers.items()}
        links = Markup(escape(footnote_sep)).join(
            Markup('<a href="{2}#source-{0}" title="{1}">{0}</a>').format(n, citations.get(ids[n], ""), target) for n in cited)
        return str(Markup('<sup class="fn">[{}]</sup>').format(links))

    html = CITATION.sub(footnote, html)
    return (html.replace(SOURCE_LIST, source_list([(n, s) for s, n in numbers.items()]), 1)
                .replace(CITED_COUNT, str(len(numbers))))
