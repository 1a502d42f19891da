"""The analyst's commentary per quarter and language: datasets/commentary/<quarter>.<lang>.md.

The file is Markdown in parts, each opened by a keyed heading on its own line:

    The opening paragraphs: the executive summary's lead.
    ## changed      what changed this quarter       (the summary's three parts)
    ## brands       what it means for brands
    ## watch        what to watch next quarter
    ## scale        a comment at the top of a section (any key in sections.section_keys())

A line starting with %% is a note to the writer and is never printed. Figures are written as
references ({fig kuaishou gmv 2025Q3}; see references.py) and resolved by the build.

Markdown is rendered with raw HTML and images disabled: commentary is text and links, and a
link must be http(s). Apart from resolved references (markup from the Presenter, as every
table uses), it is the only HTML in a brief that does not come from a template."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.data.files import UnsafeFile, check_data_file, inside
from reportgen.data.folder import DataFolder
from reportgen.errors import DataError, Problem
from reportgen.fonts import unsupported_characters
from reportgen.outputs import LANGUAGES
from reportgen.periods import Quarter
from reportgen.references import Reference, Target, Unresolved, find_references, pins_path, read_pins, resolve
from reportgen.sections import SUMMARY, comment_keys

COMMENTARY_DIR = "commentary"
MAX_BYTES = 100_000
NOTE = "%%"
KEYED_HEADING = re.compile(r"^##[ \t]+(?P<key>[a-z_]+)[ \t]*$")


@dataclass(frozen=True)
class Commentary:
    file: str  # as problems name it: commentary/2026Q1.en.md
    parts: dict[str, list[tuple[int, str]]]  # key -> its lines (line number, text), notes removed
    references: list[Reference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the file as read: what the build's cache key hashes

    def __bool__(self) -> bool:
        return any(text.strip() for lines in self.parts.values() for _, text in lines)


def commentary_path(data_dir: Path, quarter: Quarter, lang: str) -> Path:
    return data_dir / COMMENTARY_DIR / f"{quarter}.{lang}.md"


def parse_commentary(text: str, label: str) -> Commentary:
    """Split a commentary file into its keyed parts; find its references and what is wrong
    with how they or the headings are written."""
    parts: dict[str, list[tuple[int, str]]] = {SUMMARY: []}
    refs: list[Reference] = []
    problems: list[Problem] = []
    current = SUMMARY
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(NOTE):
            continue
        if m := KEYED_HEADING.match(line):
            key = m["key"]
            if key in comment_keys():
                if key in parts and key != SUMMARY or key == SUMMARY and parts[SUMMARY]:
                    problems.append(Problem(label, number, None, "commentary-part-twice", f"the part '## {key}' appears twice", True))
                current = key
                parts.setdefault(key, [])
                continue
            if close := difflib.get_close_matches(key, comment_keys(), n=1, cutoff=0.7):
                problems.append(Problem(label, number, None, "commentary-part",
                                        f"'## {key}' is not a part of the brief; did you mean '## {close[0]}'?", True))
        found, bad = find_references(line, number)
        refs += found
        problems += [Problem(label, number, str(column), code, message, True) for column, code, message in bad]
        parts[current].append((number, line))
    return Commentary(label, parts, refs, problems, text)


def read_commentary(folder: DataFolder, quarter: Quarter, lang: str) -> Commentary | None:
    label = f"{COMMENTARY_DIR}/{quarter}.{lang}.md"
    text = commentary_text(folder, label)
    return parse_commentary(text, label) if text is not None else None


def read_quarter(folder: DataFolder, quarter: Quarter) -> dict[str, Commentary]:
    """A quarter's commentary, by language: the files that exist."""
    return {lang: c for lang in LANGUAGES if (c := read_commentary(folder, quarter, lang)) is not None}


def commentary_text(folder: DataFolder, label: str) -> str | None:
    """A commentary file's text (`label`: its path in the data folder), as every data file is
    read (regular file, inside the folder, within its size limit); None when it is not there. A
    file that cannot be read safely is a data problem."""
    try:
        return folder.read(label, MAX_BYTES).decode("utf-8-sig")
    except UnsafeFile as exc:
        if exc.code == "file-missing" and not (folder.root / label).is_symlink():
            return None
        raise DataError([Problem(label, None, None, exc.code, str(exc))]) from None
    except UnicodeDecodeError:
        raise DataError([Problem(label, None, None, "bad-encoding", "the commentary is not UTF-8 text")]) from None


def check_commentary(data: DataFolder) -> list[Problem]:
    """Problems with the commentary files as files: name, size, encoding, characters the font
    lacks. How parts and references are written is checked with the references (pipeline.Stages.check),
    so one run reports both."""
    problems = []
    data_dir = data.root
    folder = data_dir / COMMENTARY_DIR
    if folder.is_symlink() and not inside(folder, data_dir):
        return [Problem(COMMENTARY_DIR, None, None, "link-outside",
                        "the commentary folder is a link that leads outside the data folder; it is not read")]
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            return [Problem(COMMENTARY_DIR, None, None, "not-a-folder", "'commentary' must be a folder of .md files")]
        return problems
    for path in sorted(folder.iterdir()):
        label = f"{COMMENTARY_DIR}/{path.name}"
        try:
            check_data_file(path, data_dir)
        except UnsafeFile as exc:
            problems.append(Problem(label, None, None, exc.code, str(exc)))
            continue
        if path.name.endswith(".pins.json") and _quarter_of(path.name.removesuffix(".pins.json")):
            continue
        stem = path.name.removesuffix(".md")
        quarter, _, lang = stem.partition(".")
        if not (path.name.endswith(".md") and lang in LANGUAGES and _quarter_of(quarter)):
            problems.append(Problem(label, None, None, "commentary-name",
                                    "commentary files are named <YYYYQn>.<zh|en>.md, e.g. 2025Q3.zh.md "
                                    "(and <YYYYQn>.pins.json, written by `reportgen pin`)"))
            continue
        try:
            text = commentary_text(data, label)
        except DataError as exc:
            problems += exc.problems
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if missing := unsupported_characters(line):
                shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:5])
                problems.append(Problem(label, number, None, "unsupported-character",
                                        f"the text holds {shown}, which the brief's font cannot show; remove or replace it", True))
    return problems


def _quarter_of(text: str) -> Quarter | None:
    try:
        return Quarter.parse(text)
    except ValueError:
        return None


def commentary_files(folder: DataFolder) -> list[tuple[Quarter, str, Path]]:
    """Every commentary file: (quarter, language, path), oldest quarter first."""
    found = []
    for name in folder.names(COMMENTARY_DIR):
        quarter, _, lang = name.removesuffix(".md").partition(".")
        if name.endswith(".md") and (q := _quarter_of(quarter)) and lang in LANGUAGES:
            found.append((q, lang, folder.root / COMMENTARY_DIR / name))
    return sorted(found, key=lambda t: (t[0], t[1]))


# --- references against a brief ---------------------------------------------------------------

def resolve_all(commentary: Commentary, analysis) -> tuple[dict[Reference, Target], list[Problem]]:
    """Each reference's target in this brief, and a problem (with line and column) for each
    that does not resolve."""
    targets, problems = {}, []
    for ref in commentary.references:
        try:
            targets[ref] = resolve(ref, analysis, analysis.charts())
        except Unresolved as exc:
            problems.append(Problem(commentary.file, ref.line, str(ref.column), "reference", f"{ref.label}: {exc}", True))
    return targets, problems


@dataclass(frozen=True)
class Resolved:
    """A commentary with what each of its references resolved to in its quarter's brief."""

    commentary: Commentary
    targets: dict[Reference, Target]


@dataclass(frozen=True)
class Stale:
    file: str
    line: int
    label: str
    pinned: str
    now: str

    def describe(self) -> str:
        return f"{self.file}, line {self.line}: {self.label} was written against {self.pinned}; it is now {self.now}"


def stale_references(commentary: Commentary, targets: dict[Reference, Target], pins: dict[str, str]) -> list[Stale]:
    """References whose figure has changed since `reportgen pin` recorded it."""
    out = []
    for ref, target in targets.items():
        pinned = pins.get(ref.label)
        if pinned is not None and pinned != target.fingerprint():
            out.append(Stale(commentary.file, ref.line, ref.label, pinned, target.fingerprint()))
    return out


def pins_of(folder: DataFolder, quarter: Quarter) -> dict[str, str]:
    """What `reportgen pin` recorded for the quarter's references (none when never pinned)."""
    return read_pins(folder, f"{COMMENTARY_DIR}/{pins_path(Path(), quarter).name}")
