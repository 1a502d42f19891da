"""The `reportgen` command: a thin layer over the library. Every ReportgenError becomes one
message on stderr and its exit code; --debug shows the traceback too."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import click

from reportgen import __version__
from reportgen.errors import InputError, OptionError, ReportgenError
from reportgen.outputs import CHART_FORMATS, EDITIONS, EXPORT_FORMATS, FORMATS, LANGUAGES
from reportgen.paths import default_data_dir
from reportgen.periods import Quarter


def _csv_choice(allowed: tuple[str, ...], what: str):
    def convert(ctx, param, value: str | None) -> tuple[str, ...]:
        if value is None:
            return allowed
        items = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
        unknown = [v for v in items if v not in allowed]
        if unknown or not items:
            raise click.BadParameter(
                f"unknown {what} '{', '.join(unknown) or value}'; choose from {', '.join(allowed)} (comma-separated)"
            )
        return items

    return convert


def _quarter(ctx, param, value: str | None) -> Quarter | None:
    if value is None:
        return None
    try:
        return Quarter.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _directory(ctx, param, value: Path | None) -> Path | None:
    """A directory option pointing at a file is an unusable path (exit 4), as the README says."""
    if value is not None and value.exists() and not value.is_dir():
        raise InputError(f"{param.opts[0]} {value} is a file; it must be a directory.")
    return value


data_option = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path), default=None, callback=_directory,
    help="Data directory holding datapackage.json and its CSVs. Default: ./datasets, else the shipped data.",
)


def quarter_option(what: str):
    return click.option("--quarter", callback=_quarter, metavar="YYYYQn",
                        help=f"{what}, e.g. 2025Q3: only sources published by its end. Default: the latest the data covers.")


language_option = click.option("--lang", "languages", callback=_csv_choice(LANGUAGES, "language"), metavar="zh,en",
                               help="Languages, comma-separated. Default: zh,en.")


def out_option(default: str, what: str):
    return click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(default), callback=_directory,
                        show_default=True, help=f"Directory {what} written to (created if missing).")


_STARTED = time.monotonic()


def _progress(message: str) -> None:
    """A stage on stderr, with the time since the command started."""
    click.echo(f"· {time.monotonic() - _STARTED:5.1f}s  {message}", err=True)


def _run(task, quarter, languages, formats, data_dir, out_dir, jobs=None, edition: str = "full") -> None:
    """Run a build-like task (progress on stderr) and print the paths it wrote on stdout."""
    from reportgen.pipeline import BuildOptions

    options = BuildOptions(data_dir=data_dir or default_data_dir(), out_dir=out_dir, quarter=quarter,
                           languages=languages, formats=formats, jobs=jobs, edition=edition)
    for path in task(options, progress=_progress):
        click.echo(str(path))


class ReportgenGroup(click.Group):
    """Runs a command and turns a ReportgenError into a one-paragraph message and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ReportgenError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; earlier outputs are untouched.", err=True)
            ctx.exit(130)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # the last resort: a bug, reported as one message, never a traceback
            if ctx.params.get("debug"):
                raise
            detail = " ".join(str(exc).split())[:200]
            click.echo(f"Error: reportgen failed unexpectedly ({type(exc).__name__}{': ' + detail if detail else ''}). "
                       "Earlier outputs are untouched. This is a bug; run the command again with --debug for the "
                       "traceback and report it.", err=True)
            ctx.exit(1)


@click.group(cls=ReportgenGroup)
@click.version_option(__version__, prog_name="reportgen")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def cli(debug: bool) -> None:
    """Build sourced, bilingual quarterly briefs on China's e-commerce platforms.

    Example: reportgen build --quarter 2025Q3 --lang zh --format pdf
    """


@cli.command()
@quarter_option("Quarter to build")
@language_option
@click.option("--format", "formats", callback=_csv_choice(FORMATS, "format"), metavar="html,pdf",
              help="Output formats, comma-separated. Default: html,pdf.")
@data_option
@out_option("output", "the briefs are")
@click.option("--jobs", type=click.IntRange(1, 2), default=None, metavar="N",
              help="Child processes at once for chart rendering and PDF layout (a layout takes about 250 MB). "
                   "Default: 2 on two or more cores.")
@click.option("--edition", type=click.Choice(EDITIONS), default="full", show_default=True,
              help="full: the whole brief; summary: two pages (executive summary, scoreboard, the charts the "
                   "summary cites, what it means for brands), written as brief-QUARTER-LANG-summary.*")
def build(quarter, languages, formats, data_dir, out_dir, jobs, edition) -> None:
    """Validate the data, then write the brief for a quarter as HTML and PDF, in Chinese and English.

    Example: reportgen build --lang zh --format pdf --out /tmp/briefs
    """
    from reportgen.pipeline import build_brief

    _run(build_brief, quarter, languages, formats, data_dir, out_dir, jobs=jobs, edition=edition)


@cli.command()
@quarter_option("Quarter to preview")
@language_option
@data_option
@out_option("output", "the background PDFs are")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Lay out the PDF in the background after each change.")
def preview(quarter, languages, data_dir, out_dir, port, pdf) -> None:
    """Serve the HTML brief on 127.0.0.1 and rebuild it on every save of the data, the commentary
    or the templates; the open page reloads itself. Stop with Ctrl-C.

    Example: reportgen preview --lang en --port 8001
    """
    from reportgen.preview import serve

    def ready(url: str) -> None:
        click.echo(url)  # stdout: the address, for a script or a click
        _progress(f"Serving the brief at {url} (Ctrl-C stops); watching the data, commentary and templates")

    try:
        serve(data_dir or default_data_dir(), out_dir, quarter, languages, port, pdf, _progress, ready)
    except KeyboardInterrupt:  # Ctrl-C is how a preview ends
        _progress("Preview stopped")


@cli.command()
@quarter_option("Quarter whose charts to export")
@language_option
@click.option("--format", "formats", callback=_csv_choice(CHART_FORMATS, "format"), metavar="svg,png",
              help="Image formats, comma-separated. Default: svg,png.")
@click.option("--size", default="16:9", show_default=True, metavar="16:9|4:3|a4|WxH",
              help="Canvas of every PNG of the run, in CSS pixels before --scale (16:9 = 1280x720; a4 is landscape).")
@click.option("--scale", type=click.FloatRange(1, 4), default=2, show_default=True,
              help="Device pixels per CSS pixel; the PNG's DPI is 96 x scale.")
@click.option("--background", type=click.Choice(["white", "transparent"]), default="white", show_default=True,
              help="PNG and SVG background.")
@data_option
@out_option("output/charts", "the images are")
def charts(quarter, languages, formats, size, scale, background, data_dir, out_dir) -> None:
    """Export every chart of the brief as its own image for slide decks: every PNG of a run the
    same size, each with its title, its whole source line and the quarter and data date.

    Example: reportgen charts --lang en --format png --size 16:9 --scale 2 --out slides/
    """
    from reportgen.charts.slides import SlideStyle, parse_size
    from reportgen.pipeline import BuildOptions, export_charts

    style = SlideStyle(*parse_size(size), scale=scale, background=background)
    options = BuildOptions(data_dir=data_dir or default_data_dir(), out_dir=out_dir, quarter=quarter,
                           languages=languages, formats=formats)
    for path in export_charts(options, progress=_progress, style=style):
        click.echo(str(path))


def _format_option(default: str = "table"):
    from reportgen.render.records import RECORD_FORMATS

    return click.option("--format", "fmt", type=click.Choice(RECORD_FORMATS), default=default, show_default=True,
                        help="table (aligned; clipped only on a terminal), csv, json or markdown.")


def _lang_option(help_text: str):
    return click.option("--lang", "lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help=help_text)


@cli.command()
@click.option("--from", "from_quarter", callback=_quarter, required=True, metavar="YYYYQn", help="The earlier brief's quarter.")
@click.option("--to", "to_quarter", callback=_quarter, required=True, metavar="YYYYQn", help="The later brief's quarter.")
@_format_option()
@_lang_option("Language of platform, family and measure names and of the values.")
@data_option
def diff(from_quarter, to_quarter, fmt, lang, data_dir) -> None:
    """Show what the data says differently between two quarters' briefs: new figures, revised
    figures (old -> new, with both sources), new sources and gaps closed.

    Example: reportgen diff --from 2024Q4 --to 2025Q1 --format markdown
    """
    import json

    from reportgen.facts import diff_report
    from reportgen.pipeline import Stages
    from reportgen.render.records import plain, render_records

    stages = Stages(data_dir or default_data_dir())
    if from_quarter >= to_quarter:
        raise OptionError(f"--from {from_quarter} must be earlier than --to {to_quarter}.")
    sections = diff_report(stages, from_quarter, to_quarter, lang)
    checked = stages.check(to_quarter)
    problems, stale = checked.problems, checked.stale
    sections.append(("Stale commentary references", ["line", "reference", "pinned", "now"],
                     [[f"{s.file}:{s.line}", s.label, s.pinned, s.now] for s in stale]))
    sections.append(("Commentary references that no longer resolve", ["where", "problem"],
                     [[f"{p.file}:{p.row}:{p.column}", p.message] for p in problems]))
    if fmt == "json":
        click.echo(json.dumps({"from": str(from_quarter), "to": str(to_quarter), "sections": [
            {"title": title, "rows": [{h: plain(v) for h, v in zip(headers, row)} for row in rows]}
            for title, headers, rows in sections]}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":  # one table: a section column, then every section's columns (each row fills its own)
        columns = list(dict.fromkeys(h for _, headers, _ in sections for h in headers))
        rows = [[title, *(dict(zip(headers, row)).get(c, "") for c in columns)]
                for title, headers, section_rows in sections for row in section_rows]
        click.echo(render_records(["section", *columns], rows, "csv"))
        return
    terminal = sys.stdout.isatty()
    click.echo(f"{'## ' if fmt == 'markdown' else ''}Changes from {from_quarter} to {to_quarter} (the figures each brief chose)")
    for title, headers, rows in sections:
        click.echo(f"\n{'### ' if fmt == 'markdown' else ''}{title} ({len(rows)})")
        if rows:
            click.echo(("\n" if fmt == "markdown" else "") + render_records(headers, rows, fmt, terminal))


@cli.command()
@click.option("--platform", help="Only this platform (its key in platforms.csv, e.g. kuaishou).")
@click.option("--metric", help="Only subjects starting with this, e.g. gmv, mau, gender, apparel.")
@click.option("--period", help="Only periods starting with this, e.g. 2023 (matches 2023, 2023Q1, 2023-06).")
@click.option("--quarter", callback=_quarter, metavar="YYYYQn", help="As that quarter's brief saw the data. Default: all data.")
@_format_option()
@_lang_option("Language of platform, measure and basis names.")
@data_option
def facts(platform, metric, period, quarter, fmt, lang, data_dir) -> None:
    """Print figures with their provenance: value, qualifier, unit, basis, source, URL and the
    verbatim quote, whole (a table on a terminal clips long cells; csv, json and markdown never do).

    Example: reportgen facts --platform kuaishou --metric gmv --period 2023 --format markdown
    """
    from reportgen.facts import facts_report
    from reportgen.pipeline import Stages
    from reportgen.render.records import render_records

    dataset = Stages(data_dir or default_data_dir()).dataset
    if platform and platform not in set(dataset.platforms["platform"]):
        raise OptionError(f"Unknown platform '{platform}'; choose from {', '.join(dataset.platforms['platform'])}.")
    view = dataset.as_of(quarter) if quarter else dataset
    shown = None if fmt in ("csv", "json") else [
        "platform_name", "subject", "measure", "period", "value", "qualifier", "unit", "basis_name", "flag", "source_id",
        "tier", "published", "url", "quote"]
    headers, rows = facts_report(view, lang, platform, metric, period, shown)
    if not rows:
        click.echo("No figures match.", err=True)
        return
    click.echo(render_records(headers, rows, fmt, terminal=sys.stdout.isatty()))
    click.echo(f"{len(rows)} figure(s).", err=True)


@cli.command()
@quarter_option("The brief whose figures to export")
@click.option("--format", "formats", callback=_csv_choice(EXPORT_FORMATS, "format"), metavar="csv,xlsx",
              help="csv, xlsx or both. Default: csv,xlsx.")
@click.option("--lang", "lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the platform, measure and basis names beside the codes.")
@data_option
@out_option("output", "the files are")
def export(quarter, formats, lang, data_dir, out_dir) -> None:
    """Write every figure of a brief with its source and quote, typed for a spreadsheet: numbers
    as numbers, dates as dates, one normalised column per kind of unit (CSV and/or XLSX).

    Example: reportgen export --quarter 2025Q3 --format xlsx --lang zh
    """
    from reportgen.pipeline import export_figures

    for path in export_figures(data_dir or default_data_dir(), out_dir, quarter, formats, lang):
        click.echo(str(path))


@cli.command()
@data_option
def validate(data_dir) -> None:
    """Check every table's schema and meaning; list each problem with file, row and column.

    Exits 0 when the data is clean, 3 when it has problems. Example: reportgen validate --data datasets
    """
    from reportgen.errors import DataError
    from reportgen.pipeline import Stages

    data_dir = data_dir or default_data_dir()
    stages = Stages(data_dir)
    dataset = stages.dataset
    problems, stale, references = stages.check_all()
    if problems:
        raise DataError(problems)
    counts = ", ".join(f"{name} {len(df)}" for name, df in dataset.facts().items())
    click.echo(f"{data_dir}: valid ({len(dataset.sources)} sources; {counts}; {references} commentary references resolved).")
    for warning in stages.warnings():
        click.echo(f"Warning: {warning}", err=True)
    _report_stale(stale)


def _report_stale(stale) -> None:
    if stale:
        click.echo(f"{len(stale)} stale commentary reference(s): the data changed the figure since the text was "
                   f"pinned. Check each sentence still holds, then run `reportgen pin`.", err=True)
        for s in stale:
            click.echo(f"  {s.describe()}", err=True)


@cli.command()
@quarter_option("Quarter whose commentary to pin")
@data_option
def pin(quarter, data_dir) -> None:
    """Record what every reference in a quarter's commentary resolves to now, in
    commentary/<quarter>.pins.json; later, `validate`, `build` and `diff` report a reference
    whose figure the data has changed since (its sentence may need rewording).

    Example: reportgen pin --quarter 2026Q1
    """
    from reportgen.commentary import COMMENTARY_DIR, commentary_files
    from reportgen.errors import DataError
    from reportgen.pipeline import Stages
    from reportgen.references import pins_bytes, pins_path

    data_dir = data_dir or default_data_dir()
    stages = Stages(data_dir)
    quarter = quarter or stages.dataset.latest_quarter()
    if not any(q == quarter for q, _, _ in commentary_files(stages.folder)):
        raise InputError(f"There is no commentary for {quarter} in {data_dir / COMMENTARY_DIR}; "
                         f"write it first (`reportgen new-quarter {quarter}` scaffolds it).")
    checked = stages.check(quarter)
    problems, labels = checked.problems, checked.labels
    if problems:
        raise DataError(problems)
    path = pins_path(data_dir / COMMENTARY_DIR, quarter)
    try:
        path.write_bytes(pins_bytes(labels))
    except OSError as exc:
        raise InputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    click.echo(f"Pinned {len(labels)} reference(s) of {quarter}'s commentary: {path}")


@cli.command("new-quarter")
@click.argument("quarter", callback=_quarter, metavar="YYYYQn")
@click.option("--force", is_flag=True, help="Overwrite commentary files that already exist.")
@data_option
def new_quarter(quarter, force, data_dir) -> None:
    """Scaffold a quarter's commentary (Chinese and English) with its parts and, as notes, what
    changed since the previous quarter; print the checklist for adding the quarter's data.

    Example: reportgen new-quarter 2026Q2
    """
    from reportgen.pipeline import Stages
    from reportgen.scaffold import CHECKLIST, write_scaffold

    data_dir = data_dir or default_data_dir()
    for path in write_scaffold(data_dir, Stages(data_dir), quarter, force):
        click.echo(f"wrote {path}")
    click.echo(CHECKLIST.format(quarter=quarter))


@cli.command()
@data_option
def quarters(data_dir) -> None:
    """List the quarters the data covers: for each, how many figures and sources its brief
    would see, and which commentary files it has.

    Example: reportgen quarters
    """
    from reportgen.pipeline import Stages
    from reportgen.render.terminal import text_table
    from reportgen.scaffold import quarter_rows

    rows = quarter_rows(Stages(data_dir or default_data_dir()))
    click.echo(text_table(["quarter", "figures", "sources", "new sources", "commentary"], rows))


@cli.command()
@data_option
def coverage(data_dir) -> None:
    """Print what the data covers: figures per platform, data family and year (Markdown), the
    source tiers and the primary share of the scoreboard's figures.

    Example: reportgen coverage --data datasets
    """
    from reportgen.coverage import coverage_markdown
    from reportgen.pipeline import Stages

    click.echo(coverage_markdown(Stages(data_dir or default_data_dir())), nl=False)


def _terminate(signum, frame):
    # `kill` becomes an interrupt, so temporary files are removed and earlier outputs kept.
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    cli(standalone_mode=True)


if __name__ == "__main__":
    main()
