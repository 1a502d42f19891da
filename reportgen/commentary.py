"""Optional analyst commentary per quarter and language: datasets/commentary/<quarter>.<lang>.md.

Markdown is rendered with raw HTML and images disabled: commentary is text and links, and a
link must be http(s). The result is the only HTML in a brief that does not come from a template."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from reportgen.errors import Problem
from reportgen.fonts import unsupported_characters
from reportgen.periods import Quarter

COMMENTARY_DIR = "commentary"
MAX_BYTES = 100_000


def commentary_path(data_dir: Path, quarter: Quarter, lang: str) -> Path:
    return data_dir / COMMENTARY_DIR / f"{quarter}.{lang}.md"


def check_commentary(data_dir: Path) -> list[Problem]:
    """Problems with the commentary files: name, size, encoding, characters the font lacks."""
    problems = []
    folder = data_dir / COMMENTARY_DIR
    if not folder.is_dir():
        return problems
    for path in sorted(folder.iterdir()):
        label = f"{COMMENTARY_DIR}/{path.name}"
        stem = path.name.removesuffix(".md")
        quarter, _, lang = stem.partition(".")
        try:
            Quarter.parse(quarter)
            ok_name = path.name.endswith(".md") and lang in ("zh", "en")
        except ValueError:
            ok_name = False
        if not ok_name:
            problems.append(Problem(label, None, None, "commentary-name", "commentary files are named <YYYYQn>.<zh|en>.md, e.g. 2025Q3.zh.md"))
            continue
        if path.stat().st_size > MAX_BYTES:
            problems.append(Problem(label, None, None, "file-too-large", f"the commentary is over {MAX_BYTES // 1000} KB"))
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(label, None, None, "bad-encoding", "the commentary is not UTF-8 text"))
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if missing := unsupported_characters(line):
                shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:5])
                problems.append(Problem(label, number, None, "unsupported-character",
                                        f"the text holds {shown}, which the brief's font cannot show; remove or replace it"))
    return problems


def render_commentary(data_dir: Path, quarter: Quarter, lang: str) -> Markup:
    from markdown_it import MarkdownIt

    path = commentary_path(data_dir, quarter, lang)
    if not path.is_file():
        return Markup("")
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    default_validate = md.validateLink
    md.validateLink = lambda url: url.lower().startswith(("http://", "https://")) and default_validate(url)
    html = md.render(path.read_text(encoding="utf-8-sig"))
    # Commentary sits inside a section: its headings start at <h3> so the outline stays intact.
    return Markup(re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html))
