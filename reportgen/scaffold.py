"""A new quarter's starting point: commentary files with the brief's parts and, as notes, what
changed since the previous quarter's brief (each change as a reference ready to paste); the
checklist for adding the quarter's data; and the list of quarters the data covers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.commentary import COMMENTARY_DIR, commentary_files, commentary_path
from reportgen.errors import InputError
from reportgen.i18n import Formatter, load_messages
from reportgen.outputs import LANGUAGES
from reportgen.periods import Quarter
from reportgen.sections import SUMMARY_PARTS, section_keys

if TYPE_CHECKING:
    from reportgen.pipeline import Stages

CHANGES_LISTED = 60  # notes beyond this point the writer to `reportgen diff`

CHECKLIST = """
Adding {quarter}'s data (datasets/README.md has the details):
  1. Add each new source to datasets/sources.csv: publisher, title, published date, URL, tier
     (the company's own release first; a copy only as a second source).
  2. Add one row per figure to the table it belongs in (metrics, subsidies, demographics,
     category_share, events), with the verbatim quote that contains it, its basis, qualifier
     and measure fields (scope, definition, population, scheme).
  3. reportgen validate
  4. reportgen diff --from <previous quarter> --to {quarter}: read what changed.
  5. Write datasets/commentary/{quarter}.zh.md and .en.md: figures only as references.
  6. reportgen validate, then reportgen pin --quarter {quarter}
  7. reportgen coverage: paste the table into datasets/README.md.
  8. reportgen build --quarter {quarter}, and read the PDF through.
"""

# The scaffold's notes to the writer (catalogue scaffold.<note>).
SCAFFOLD_NOTES = ("head", "refs", "changes", "none", "first", "more", "lead", *SUMMARY_PARTS, "sections")


def scaffold_text(lang: str, quarter: Quarter, previous: Quarter | None, changes, fmt: Formatter) -> str:
    m = load_messages(lang)
    sections = m["list_sep"].join(f"## {s}" for s in section_keys())
    g = {note: m[f"scaffold.{note}"].format(quarter=quarter, previous=previous, n="{n}", sections=sections)
         for note in SCAFFOLD_NOTES}
    lines = [f"%% {g['head']}", f"%% {g['refs']}", "%%"]
    if changes is None:
        lines.append(f"%% {g['first']}")
    elif changes.empty:
        lines.append(f"%% {g['none']}")
    else:
        lines.append(f"%% {g['changes']}")
        listed = [("new", f) for f in changes.new_figures] + [("revised", new) for _, new in changes.revised]
        for what, f in listed[:CHANGES_LISTED]:
            lines.append(f"%%   {what:<7} {{fig {f.key}}}  {fmt.figure(f)} ({f.basis})")
        if len(listed) > CHANGES_LISTED:
            lines.append(f"%%   {g['more'].format(n=len(listed) - CHANGES_LISTED)}")
    lines += ["", f"%% {g['lead']}", ""]
    for part in SUMMARY_PARTS:
        lines += [f"## {part}", f"%% {g[part]}", ""]
    lines.append(f"%% {g['sections']}")
    return "\n".join(lines) + "\n"


def write_scaffold(data_dir: Path, stages: Stages, quarter: Quarter, force: bool) -> list[Path]:
    """Write both languages' commentary scaffolds for `quarter`; refuse to overwrite written
    commentary unless forced."""
    from reportgen.analysis.brief import brief_figures
    from reportgen.analysis.changes import compare

    paths = [commentary_path(data_dir, quarter, lang) for lang in LANGUAGES]
    if existing := [p for p in paths if p.exists()] if not force else []:
        raise InputError(f"Commentary for {quarter} exists already ({', '.join(str(p) for p in existing)}); the scaffold would overwrite "
                         f"written commentary. Edit it, or pass --force to start again.")
    dataset = stages.dataset
    covered = dataset.quarters()
    current = quarter if quarter in covered else covered[-1]
    earlier = [q for q in covered if q < quarter]
    previous = earlier[-1] if earlier else None
    changes = None
    if previous is not None:
        before, after = dataset.as_of(previous), dataset.as_of(current)
        changes = compare(brief_figures(before), brief_figures(after), before.sources, after.sources)
    try:
        (data_dir / COMMENTARY_DIR).mkdir(parents=True, exist_ok=True)
        for lang, path in zip(LANGUAGES, paths):
            path.write_text(scaffold_text(lang, quarter, previous, changes, Formatter(lang)), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"Cannot write the commentary in {data_dir / COMMENTARY_DIR}: {exc.strerror or exc}.") from None
    return paths


def quarter_rows(stages: Stages) -> list[list[str]]:
    """Per quarter the data covers: figures and sources its brief sees, sources new in it, and
    the commentary files written for it."""
    dataset = stages.dataset
    written: dict[Quarter, list[str]] = {}
    for q, lang, _ in commentary_files(stages.folder):
        written.setdefault(q, []).append(lang)
    rows, seen = [], 0
    for q in dataset.quarters():
        view = dataset.as_of(q)
        figures = sum(int((df["flag"].fillna("") == "").sum()) for df in view.facts().values())
        sources = len(view.sources)
        rows.append([str(q), str(figures), str(sources), str(sources - seen), ",".join(sorted(written.get(q, []))) or "—"])
        seen = sources
    return rows
