"""build_brief(): load -> validate -> analyse -> chart -> render -> write, for each language
and format asked for. Outputs are written atomically: a failed build leaves earlier ones intact."""

from __future__ import annotations

import dataclasses
import importlib
import multiprocessing
import os
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from reportgen import cache
from reportgen.errors import DataError, InputError, OptionError, Problem
from reportgen.outputs import CHART_FORMATS, EDITIONS, FORMATS, LANGUAGES, editions, output_name
from reportgen.periods import Quarter

if TYPE_CHECKING:  # the stages' types; their modules are imported when a stage runs
    from reportgen.analysis.brief import Analysis
    from reportgen.charts.build import BriefChart
    from reportgen.commentary import Commentary, Resolved, Stale
    from reportgen.data import Dataset
    from reportgen.data.folder import DataFolder
    from reportgen.references import Target
    from reportgen.view.models import BriefContent


@dataclass(frozen=True)
class BuildOptions:
    data_dir: Path
    out_dir: Path
    quarter: Quarter | None = None  # None: the latest quarter the data covers
    languages: tuple[str, ...] = LANGUAGES
    formats: tuple[str, ...] = FORMATS
    jobs: int | None = None  # child processes at once, for charts and PDF layout; None: default_jobs()
    edition: str = "full"  # full | summary (outputs.EDITIONS)


@dataclass(frozen=True)
class CommentaryCheck:
    """A quarter's commentary resolved against its brief: what does not resolve, what has gone
    stale since `pin`, each language's resolved commentary and every reference's target."""

    problems: list[Problem]
    stale: list[Stale]
    resolved: dict[str, Resolved]
    labels: dict[str, Target]


class Stages:
    """The brief's stages for one command: load and validate the data once, then for each
    quarter asked for its analysis (with the previous quarter's, for what is new), its
    commentary resolved against it, each language's view and charts, each computed once.
    Every command (build, preview, charts, export, validate, pin, diff) runs these."""

    def __init__(self, data_dir: Path, folder: DataFolder | None = None):
        from reportgen.data import load_dataset
        from reportgen.data.folder import read_folder

        self.data_dir = data_dir
        self.folder = folder if folder is not None else read_folder(data_dir)  # the one read of the folder
        try:
            self.dataset = load_dataset(self.folder)
        except DataError as exc:  # every problem at once: the commentary files' too
            raise DataError(exc.problems + self.commentary_files_problems()) from None
        self._analyses: dict[Quarter, Analysis] = {}
        self._commentary: dict[Quarter, dict[str, Commentary]] = {}

    def quarter(self, asked: Quarter | None) -> Quarter:
        """The quarter asked for (OptionError when the data does not cover it), or the latest."""
        quarter = asked or self.dataset.latest_quarter()
        self.dataset.as_of(quarter)  # refuses a quarter the data does not cover
        return quarter

    def view(self, quarter: Quarter) -> Dataset:
        """The data as the quarter's brief sees it: sources published by its end."""
        return self.dataset.as_of(quarter)

    def previous(self, quarter: Quarter) -> Dataset | None:
        """The data as the previous quarter's brief saw it, or None before the first quarter."""
        quarters = self.dataset.quarters()
        index = quarters.index(quarter)
        return self.dataset.as_of(quarters[index - 1]) if index > 0 else None

    def analysis(self, quarter: Quarter) -> Analysis:
        """The quarter's analysis; a quarter the data does not reach yet (commentary written ahead
        of its data) is analysed as the latest quarter the data covers."""
        from reportgen.analysis.brief import analyse

        covered = self.dataset.quarters()
        seen = quarter if quarter in covered else covered[-1]
        if seen not in self._analyses:
            self._analyses[seen] = analyse(self.view(seen), seen, self.previous(seen))
        return self._analyses[seen]

    def commentary(self, quarter: Quarter) -> dict[str, Commentary]:
        """The quarter's commentary by language, each file read once."""
        from reportgen.commentary import read_quarter

        if quarter not in self._commentary:
            self._commentary[quarter] = read_quarter(self.folder, quarter)
        return self._commentary[quarter]

    def commentary_files_problems(self) -> list[Problem]:
        """What is wrong with the commentary files as files (names, sizes, encodings, characters
        the font lacks): a build refuses them as it refuses bad data."""
        from reportgen.commentary import check_commentary

        return check_commentary(self.folder)

    def check(self, quarter: Quarter, commentaries: dict[str, Commentary] | None = None,
              files: bool = True) -> CommentaryCheck:
        """Resolve the quarter's commentary (or `commentaries`, as a preview has just read them);
        with `files`, the commentary files' own problems come first."""
        from reportgen.commentary import Resolved, pins_of, resolve_all, stale_references

        commentaries = self.commentary(quarter) if commentaries is None else commentaries
        analysis = self.analysis(quarter)
        pins = pins_of(self.folder, quarter)
        problems = self.commentary_files_problems() if files else []
        stale, resolved, labels = [], {}, {}
        for lang, commentary in commentaries.items():
            targets, found = resolve_all(commentary, analysis)
            problems += commentary.problems + found
            stale += stale_references(commentary, targets, pins)
            resolved[lang] = Resolved(commentary, targets)
            labels.update((ref.label, t) for ref, t in targets.items())
        return CommentaryCheck(problems, stale, resolved, labels)

    def check_all(self) -> tuple[list[Problem], list[Stale], int]:
        """Resolve every quarter's commentary: problems, stale references, references checked."""
        from reportgen.commentary import COMMENTARY_DIR, commentary_files

        problems, stale, count = self.commentary_files_problems(), [], 0
        first = self.dataset.quarters()[0]
        for quarter in dict.fromkeys(q for q, _, _ in commentary_files(self.folder)):
            if quarter < first:
                problems.append(Problem(f"{COMMENTARY_DIR}/{quarter}.*.md", None, None, "commentary-quarter",
                                        f"{quarter} is before the first quarter the data covers ({first})"))
                continue
            checked = self.check(quarter, files=False)
            problems, stale, count = problems + checked.problems, stale + checked.stale, count + len(checked.labels)
        return problems, stale, count

    def warnings(self) -> list[str]:
        """What the data holds that the brief states with a note or leaves out, for `validate` to
        report (the data is valid; a curator should look): parts larger than their whole, one
        growth figure stated for two windows."""
        a = self.analysis(self.dataset.latest_quarter())
        out = [f"scope conflict: {c.inner.key} ({c.inner.low:,.0f}–{c.inner.high:,.0f}) is larger than {c.outer.key} "
               f"({c.outer.low:,.0f}–{c.outer.high:,.0f}); the brief shows both with a note"
               for c in a.conflicts]
        out += [f"one figure, two windows: {w.dropped.key} ({', '.join(w.dropped.sources)}) states the value of "
                f"{w.kept.key} ({', '.join(w.kept.sources)}) for an overlapping window; the brief shows the latter only "
                f"(flag the row that misstates its window)" for w in a.two_windows]
        return out

    def content(self, quarter: Quarter, lang: str, resolved: Resolved | None = None) -> BriefContent:
        """The brief in one language, with its resolved commentary (or none)."""
        from reportgen.view.content import brief_content

        return brief_content(self.view(quarter), self.analysis(quarter), lang, resolved)

    def charts(self, content: BriefContent, memo: dict | None = None, keys: list[str] | None = None,
               cited: frozenset[str] = frozenset()) -> list[BriefChart]:
        """The brief's charts (`keys`: only those; `cited`: only the panels holding those figures)."""
        from reportgen.charts.build import brief_charts

        return brief_charts(content, self.dataset.platforms.to_dict("records"), memo, keys, cited)


def build_brief(options: BuildOptions, progress: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Build the brief's outputs; outputs whose inputs are unchanged are kept as they are."""
    for lang in options.languages:
        if lang not in LANGUAGES:
            raise OptionError(f"Unknown language '{lang}'; choose from {', '.join(LANGUAGES)}.")
    for fmt in options.formats:
        if fmt not in FORMATS:
            raise OptionError(f"Unknown format '{fmt}'; choose from {', '.join(FORMATS)}.")
    if options.edition not in EDITIONS:
        raise OptionError(f"Unknown edition '{options.edition}'; choose from {', '.join(EDITIONS)}.")
    from reportgen.data.folder import read_folder

    folder = read_folder(options.data_dir)
    build = cache.build_key(folder.digest(), {
        "quarter": str(options.quarter) if options.quarter else None,
        "languages": list(options.languages), "formats": list(options.formats), "edition": options.edition,
    }) if options.data_dir.is_dir() else ""
    if build and (paths := cache.up_to_date(options.out_dir, build)):
        progress("Up to date: data, templates, code, fonts and options are unchanged")
        return paths

    progress(f"Validating {options.data_dir}")
    stages = Stages(options.data_dir, folder)
    quarter = stages.quarter(options.quarter)
    view, previous = stages.view(quarter), stages.previous(quarter)
    _prepare_out_dir(options.out_dir)
    data_digest = cache.digest_of(view_digest(view), view_digest(previous) if previous is not None else "")
    wanted = [(lang, fmt) for lang in options.languages for fmt in options.formats]
    commentaries = stages.commentary(quarter)
    edition = options.edition

    def name(lang: str, fmt: str) -> str:
        return output_name(quarter, lang, fmt, edition)

    # The HTML links to its sibling files: those this build writes or keeps, and those already there.
    available = {name(lang, fmt) for lang, fmt in wanted} | {p.name for p in options.out_dir.iterdir()}
    links = {lang: editions(quarter, lang, available, edition) for lang in options.languages}
    keys = {
        name(lang, fmt): cache.digest_of(
            data_digest, cache.code_and_templates_digest(lang), cache.environment_digest(), lang, fmt, edition,
            commentaries[lang].text.encode("utf-8") if lang in commentaries else b"",
            repr(links[lang]) if fmt == "html" else "")
        for lang, fmt in wanted
    }
    kept = cache.kept_outputs(options.out_dir, keys)
    todo = [(lang, fmt) for lang, fmt in wanted if name(lang, fmt) not in kept]
    if kept:
        progress(f"Unchanged, kept: {', '.join(sorted(kept))}")

    outputs: dict[Path, bytes] = {}
    if todo:
        # PDF layout workers start now: their interpreter and WeasyPrint import overlap the analysis.
        pdfs = sum(fmt == "pdf" for _, fmt in todo)
        jobs = options.jobs or default_jobs()
        pool = _layout_pool(min(pdfs, jobs)) if pdfs else None
        try:
            progress(f"Analysing {quarter}: {sum(len(df) for df in view.facts().values())} figures from {len(view.sources)} sources")
            checked = stages.check(quarter)
            if checked.problems:
                raise DataError(checked.problems)
            for reference in checked.stale:
                progress(f"Stale reference (reword the text, then run `reportgen pin`): {reference.describe()}")
            outputs = _render(options, stages, quarter, checked.resolved, todo, progress, pool, jobs, links)
            if pool is not None:
                pool.close()
        finally:
            if pool is not None:
                pool.terminate()  # on failure or interrupt, stop layouts still under way
                pool.join()

    # Everything was rendered before anything is written: a failure or Ctrl-C while rendering
    # leaves the previous briefs exactly as they were.
    order = [name(lang, fmt) for lang, fmt in wanted]
    digests = cache.previous_digests(options.out_dir) | {path.name: cache.bytes_digest(data) for path, data in outputs.items()}
    earlier = cache.read_manifest(options.out_dir).get("outputs", {})
    others = {n: e for n, e in (earlier.items() if isinstance(earlier, dict) else ())
              if isinstance(n, str) and n not in order and "/" not in n and (options.out_dir / n).is_file()}
    outputs[options.out_dir / cache.MANIFEST] = cache.manifest_bytes(build, keys, digests, order, others)
    write_all(outputs)
    for path in outputs:
        if path.name != cache.MANIFEST:
            progress(f"wrote {path}")
    written = len(outputs) - 1
    progress(f"Done: {written} output(s) rebuilt, {len(kept)} kept unchanged")
    return [options.out_dir / name for name in order]


def summary_edition(stages: Stages, content: BriefContent, charts: list[BriefChart], resolved: Resolved | None):
    """The two-page summary's view: the full brief's content with only the charts the summary
    cites, each cut to the panels holding the figures it cites, and its chart references
    numbered as this edition shows them."""
    from reportgen.view.comments import comments_html
    from reportgen.view.summary import cited_figures, renumbered, summary_chart_keys

    chosen = stages.charts(content, keys=summary_chart_keys(charts, resolved), cited=cited_figures(resolved))
    return dataclasses.replace(content, comments=comments_html(renumbered(resolved, chosen), content.present)), chosen


def default_jobs() -> int:
    """Child processes at once (chart rendering, PDF layout): one per core, at most two."""
    return max(1, min(2, os.cpu_count() or 1))


def _layout_pool(processes: int):
    # spawn, not fork: a worker starts without the parent's memory (pandas, the chart engine)
    return multiprocessing.get_context("spawn").Pool(processes, _worker_init)


def _render(options: BuildOptions, stages: Stages, quarter: Quarter, resolved: dict[str, Resolved], todo, progress,
            pool, jobs: int, links: dict[str, list]) -> dict[Path, bytes]:
    """Render the outputs in `todo`: first each language's content and chart specs; then the
    SVGs the chart cache lacks, in `jobs` short-lived child processes; then the HTML, and the
    PDFs laid out by the `pool`'s workers. The chart engine never runs beside a PDF layout, so a
    build's memory peak is the parent plus its layouts."""
    from reportgen.charts.render import prerender
    from reportgen.render.html import full_brief_numbering, render_charts, render_html

    languages = list(dict.fromkeys(lang for lang, _ in todo))
    progress(f"writing tables, sentences and chart specs ({', '.join(languages)})")
    contents = {lang: stages.content(quarter, lang, resolved.get(lang)) for lang in languages}
    charts = {lang: stages.charts(content) for lang, content in contents.items()}
    template, numbering = "brief.html", {}
    if options.edition == "summary":
        # The summary cites by the full brief's source numbers, in the same format.
        numbering = {(lang, fmt): full_brief_numbering(contents[lang], render_charts(contents[lang], charts[lang], draw=False),
                                                       fmt == "html")
                     for lang in languages for fmt in ("html", "pdf")}
        for lang in languages:
            contents[lang], charts[lang] = summary_edition(stages, contents[lang], charts[lang], resolved.get(lang))
        template = "summary.html"
    specs = {lang: [chart.spec for chart in charts[lang]] for lang in languages}
    progress(f"rendering {sum(map(len, specs.values()))} charts ({', '.join(languages)})")
    drawn = prerender([spec for lang in languages for spec in specs[lang]], jobs)
    progress(f"charts: {drawn} drawn, the others from the chart cache")
    outputs: dict[Path, bytes] = {}
    pending = {}
    view = stages.view(quarter)
    package = package_files(stages.folder, view) if any(fmt == "pdf" for _, fmt in todo) else {}
    for lang in languages:
        formats = [fmt for lg, fmt in todo if lg == lang]
        content = contents[lang]
        rendered = render_charts(content, charts[lang])
        if "pdf" in formats:
            from reportgen.render.pdf import html_to_pdf

            attachments = {chart.csv_name: chart.csv for chart in rendered} | package
            stamp = datetime.combine(content.data_through, datetime.min.time(), tzinfo=timezone.utc)
            progress(f"[{lang}] laying out the PDF")
            pending[options.out_dir / output_name(quarter, lang, "pdf", options.edition)] = pool.apply_async(
                html_to_pdf, (render_html(content, rendered, interactive=False, template=template,
                                          numbering=numbering.get((lang, "pdf")), full_brief=output_name(quarter, lang, "pdf")),
                              content.messages["title"], attachments, stamp))
        if "html" in formats:
            outputs[options.out_dir / output_name(quarter, lang, "html", options.edition)] = render_html(
                content, rendered, interactive=True, editions=links[lang], template=template,
                numbering=numbering.get((lang, "html")), full_brief=output_name(quarter, lang, "html")).encode("utf-8")
    if pending:
        _release_memory()  # the parent only waits now; its freed heap can go back while the layouts run
    for path, result in pending.items():
        # A layout takes 15 s or more: say so every few seconds rather than fall silent.
        started = time.monotonic()
        while not result.ready():
            result.wait(HEARTBEAT_SECONDS)
            if not result.ready():
                progress(f"still laying out {path.name} ({time.monotonic() - started:.0f} s)")
        outputs[path] = result.get()
        progress(f"laid out {path.name}")
    return outputs


HEARTBEAT_SECONDS = 5


def _release_memory() -> None:
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is only reused, not returned


def _worker_init() -> None:
    from reportgen.workers import init_worker

    init_worker()
    # WeasyPrint is imported while the parent analyses, not when the first layout arrives.
    importlib.import_module("weasyprint")


def view_digest(view) -> str:
    """A digest of everything a quarter's brief reads from the data."""
    parts = [frame.to_csv(index=False) for frame in (view.platforms, view.sources, view.categories, view.claims,
                                                      *view.facts().values())]
    return cache.digest_of(*parts)


def export_charts(options: BuildOptions, progress: Callable[[str], None] = lambda _: None,
                  style=None) -> list[Path]:
    """Write every chart of the brief as its own file for slide decks: PNG on one canvas size for
    the whole run (`style`), SVG at the chart's own size; each with its title and unit, its whole
    source line and the brief's quarter and data date."""
    from PIL import ImageFont

    from reportgen.charts.render import to_png, to_svg
    from reportgen.charts.slides import SIZES, SlideStyle, slide_png, with_background, wrap
    from reportgen.charts.theme import CHART_WIDTH
    from reportgen.fonts import font_face

    style = style or SlideStyle(*SIZES["16:9"])
    for fmt in options.formats:
        if fmt not in CHART_FORMATS:
            raise OptionError(f"Unknown chart format '{fmt}'; choose from {', '.join(CHART_FORMATS)}.")
    progress(f"Validating {options.data_dir}")
    stages = Stages(options.data_dir)
    quarter = stages.quarter(options.quarter)
    view = stages.view(quarter)
    _prepare_out_dir(options.out_dir)
    font_path, font_index = font_face()
    subtitle_font = ImageFont.truetype(str(font_path), size=11, index=font_index)
    outputs: dict[Path, bytes] = {}
    for lang in options.languages:
        content = stages.content(quarter, lang)
        charts = stages.charts(content)
        m = content.messages
        publishers = dict(zip(view.sources["source_id"], view.sources["publisher"]))
        stamp = m["list_sep"].join([m["quarter_label"].format(quarter=quarter),
                                    m["data_through"].format(date=content.data_through.isoformat())])
        for number, chart in enumerate(charts, start=1):
            names = list(dict.fromkeys(publishers[s] for s in chart.sources))
            source_line = m["label.source"] + m["label.colon"] + (m["list_sep"].join(names) or m["text.gap"])
            stem = f"{quarter}-{lang}-{number:02d}-{chart.key}"
            titled = {**chart.spec, "title": {"text": chart.title, "subtitle": chart.subtitle}}
            for fmt in options.formats:
                path = options.out_dir / f"{stem}.{fmt}"
                if fmt == "png":
                    outputs[path] = slide_png(titled, [source_line, stamp], style, to_png, str(font_path), font_index)
                else:  # the SVG carries the same lines as subtitle lines, wrapped to the chart's width
                    lines = [chart.subtitle, *wrap(source_line, subtitle_font, CHART_WIDTH), *wrap(stamp, subtitle_font, CHART_WIDTH)]
                    spec = with_background({**chart.spec, "title": {"text": chart.title, "subtitle": lines}}, style.background)
                    outputs[path] = to_svg(spec, id_prefix=stem).encode("utf-8")
        progress(f"[{lang}] rendered {len(charts)} charts")
    write_all(outputs)
    return list(outputs)


def export_figures(data_dir: Path, out_dir: Path, quarter: Quarter | None, formats: tuple[str, ...],
                   lang: str = "en") -> list[Path]:
    """Every figure of the quarter's brief, with source and quote, typed, as CSV and/or XLSX."""
    from reportgen.export import figures_csv, figures_xlsx, typed_figures

    stages = Stages(data_dir)
    quarter = stages.quarter(quarter)
    view = stages.view(quarter)
    _prepare_out_dir(out_dir)
    figures = typed_figures(view, lang)
    outputs: dict[Path, bytes] = {}
    if "csv" in formats:
        outputs[out_dir / f"figures-{quarter}-{lang}.csv"] = figures_csv(figures)
    if "xlsx" in formats:
        stamp = datetime.combine(max(view.sources["published_date"]), datetime.min.time())
        outputs[out_dir / f"figures-{quarter}-{lang}.xlsx"] = figures_xlsx(figures, view.sources, stamp)
    write_all(outputs)
    return list(outputs)


def package_files(folder: DataFolder, view: Dataset) -> dict[str, bytes]:
    """The data package as the brief's quarter saw it, as PDF attachments under datapackage/:
    the descriptor, and each table with only the rows of sources published by the quarter's
    end (a past quarter's PDF carries nothing published later)."""
    import csv
    import io

    from reportgen.data.read import MAX_FILE_BYTES, read_table
    from reportgen.data.schema import DESCRIPTOR, MAX_DESCRIPTOR_BYTES, read_package

    seen = set(view.sources["source_id"])
    files = {f"datapackage/{DESCRIPTOR}": folder.read(DESCRIPTOR, MAX_DESCRIPTOR_BYTES)}
    for resource in read_package(folder):
        table, _ = read_table(folder, resource.path)
        if table is None:
            continue
        column = table.header.index("source_id") if "source_id" in table.header else None
        kept = [row for row in table.rows if column is None or (row[column] if column < len(row) else "") in seen]
        if len(kept) == len(table.rows):  # nothing later than the quarter: the file as it is
            files[f"datapackage/{resource.path}"] = folder.read(resource.path, MAX_FILE_BYTES)
            continue
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.header)
        writer.writerows(kept)
        files[f"datapackage/{resource.path}"] = buffer.getvalue().encode("utf-8")
    return files


def _prepare_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"Cannot create the output directory {out_dir}: {exc.strerror}. Pass --out DIR with a writable folder.") from exc
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise InputError(f"The output directory {out_dir} is not writable. Pass --out DIR with a writable folder.")
    remove_orphaned_temp_files(out_dir)


STAGED = re.compile(r"^\..+\.rg(?P<pid>\d+)\.[^.]+\.tmp$")  # .<output>.rg<pid>.<random>.tmp


def remove_orphaned_temp_files(out_dir: Path) -> None:
    """Temporary files a killed build (SIGKILL: no chance to clean up) left behind: those whose
    process is gone. A build still running keeps its own."""
    for path in out_dir.iterdir():
        m = STAGED.match(path.name)
        if m and not _alive(int(m["pid"])):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_all(outputs: dict[Path, bytes]) -> None:
    """Write every file to a temporary name first, then rename them all: the renames are the
    only step that touches earlier outputs, and each rename is atomic."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in outputs.items():
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        directory = next(iter(outputs)).parent
        raise InputError(f"Cannot write to {directory}: {exc.strerror}.") from exc
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def _stage(path: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.rg{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp

