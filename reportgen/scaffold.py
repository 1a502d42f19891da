"""A new quarter's starting point: commentary files with the brief's parts and, as notes, what
changed since the previous quarter's brief (each change as a reference ready to paste); the
checklist for adding the quarter's data; and the list of quarters the data covers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.commentary import COMMENTARY_DIR, commentary_files, commentary_path
from reportgen.errors import InputError
from reportgen.i18n import Formatter
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

GUIDE = {
    "en": {
        "head": "reportgen commentary for {quarter}, English. Lines starting with %% are notes for the writer; the brief never prints them.",
        "refs": "Write every figure as a reference, never by hand: {{fig PLATFORM MEASURE PERIOD}}, {{growth …}}, {{share …}}, "
                "{{multiple …}}, {{chart KEY}}. `reportgen validate` checks them; `reportgen pin` records them.",
        "changes": "What changed since {previous}'s brief (as `reportgen diff` shows it); each line is a reference ready to paste:",
        "none": "Nothing has changed yet: add the quarter's sources and figures, then run `reportgen new-quarter {quarter} --force`.",
        "first": "This is the first quarter the data covers: there is no previous brief to compare with.",
        "more": "… and {n} more: `reportgen diff`.",
        "lead": "The executive summary's opening: two or three sentences on the quarter, for a brand's CMO.",
        "changed": "What changed this quarter, and why it matters.",
        "brands": "What it means for brands and merchants.",
        "watch": "What to watch next quarter.",
        "sections": "A comment at the top of a section goes under its key: " + ", ".join(f"## {s}" for s in section_keys()) + ".",
    },
    "zh": {
        "head": "reportgen {quarter} 季度评论（中文）。以 %% 开头的行是写给作者的备注，简报不会印出。",
        "refs": "数字一律写成引用，不要手填：{{fig 平台 口径 期间}}、{{growth …}}、{{share …}}、{{multiple …}}、{{chart 图表}}。"
                "`reportgen validate` 逐一核对；`reportgen pin` 记录当前值。",
        "changes": "与 {previous} 简报相比的变化（与 `reportgen diff` 相同），每行都是可直接粘贴的引用：",
        "none": "尚无变化：先加入本季度的来源和数据，再运行 `reportgen new-quarter {quarter} --force`。",
        "first": "这是数据覆盖的第一个季度，没有上一期简报可比。",
        "more": "……另有 {n} 项：见 `reportgen diff`。",
        "lead": "摘要开头：两三句话说清本季度，写给品牌的市场负责人。",
        "changed": "本季度发生了什么变化，为什么重要。",
        "brands": "对品牌和商家意味着什么。",
        "watch": "下季度要关注什么。",
        "sections": "某一章节的按语写在该章节的键名之下：" + "、".join(f"## {s}" for s in section_keys()) + "。",
    },
}


def scaffold_text(lang: str, quarter: Quarter, previous: Quarter | None, changes, fmt: Formatter) -> str:
    g = {k: v.format(quarter=quarter, previous=previous, n="{n}") for k, v in GUIDE[lang].items()}
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
            lines.append(f"%%   {GUIDE[lang]['more'].format(n=len(listed) - CHANGES_LISTED)}")
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

    paths = [commentary_path(data_dir, quarter, lang) for lang in GUIDE]
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
        for lang, path in zip(GUIDE, paths):
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
