"""The analyst's commentary as HTML: Markdown with raw HTML and images disabled, http(s) links
only, each reference replaced by what it resolved to, shown as the tables show it."""

from __future__ import annotations

import re
from typing import Callable

from markupsafe import Markup

from reportgen.commentary import Commentary, Resolved
from reportgen.references import REFERENCE, Reference, Target
from reportgen.sections import SUMMARY_PARTS
from reportgen.view.present import Presenter

# Headings the analyst writes inside a part sit below the brief's own: a section is <h2>, a
# summary part <h3>.
HEADING_SHIFT = {part: 3 for part in SUMMARY_PARTS}
DEFAULT_SHIFT = 2


def comments_html(resolved: Resolved | None, present: Presenter) -> dict[str, Markup]:
    """The commentary's parts as HTML, each reference replaced by its figure as the tables show
    it (value, qualifier, basis mark, footnote), its comparison, or a link to its chart."""
    if resolved is None:
        return {}

    def html_of(target: Target) -> Markup:
        if target.figure is not None:
            return present.figure_html(present.show(target.figure))
        if target.comparison is not None:
            return present.figure_html(present.show_comparison(target.comparison))
        return Markup('<a class="figref" href="#figure-{0}">{1} {0}</a>').format(target.chart_number, present.m["label.figure"])

    return render_parts(resolved.commentary, html_of, resolved.targets)


def render_parts(commentary: Commentary | None, html_of: Callable[[Target], Markup],
                 targets: dict[Reference, Target]) -> dict[str, Markup]:
    """Each part as HTML, with every reference replaced by `html_of` its target."""
    if not commentary:
        return {}
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    default_validate = md.validateLink
    md.validateLink = lambda url: url.lower().startswith(("http://", "https://")) and default_validate(url)
    md.add_render_rule("softbreak", _softbreak)
    by_place = {(r.line, r.column): r for r in targets}
    out = {}
    for key, lines in commentary.parts.items():
        if not any(text.strip() for _, text in lines):
            continue
        inserted: list[Markup] = []

        def token(m: re.Match, number: int) -> str:
            ref = by_place.get((number, m.start() + 1))
            if ref is None:
                return m[0]
            inserted.append(html_of(targets[ref]))
            return f"RGREF{len(inserted) - 1}X"

        source = "\n".join(REFERENCE.sub(lambda m: token(m, number), text) for number, text in lines)
        html = md.render(source)
        shift = HEADING_SHIFT.get(key, DEFAULT_SHIFT)
        html = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", html)
        html = re.sub(r"RGREF(\d+)X", lambda m: str(inserted[int(m[1])]), html)
        out[key] = Markup(html)
    return out


CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def _softbreak(self, tokens, idx, options, env) -> str:
    """A line break inside a paragraph is a space in English and nothing in Chinese, where a
    space between characters is a visible gap."""
    before = tokens[idx - 1].content[-1:] if idx > 0 else ""
    after = tokens[idx + 1].content[:1] if idx + 1 < len(tokens) else ""
    return "" if CJK.match(before) or CJK.match(after) else "\n"
