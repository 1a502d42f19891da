"""The `reportgen` command: a thin layer over the library. Every ReportgenError becomes one
message on stderr and its exit code; --debug shows the traceback too."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from reportgen import __version__
from reportgen.errors import OptionError, ReportgenError
from reportgen.outputs import CHART_FORMATS, FORMATS, LANGUAGES
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


data_option = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Data directory holding datapackage.json and its CSVs. Default: ./datasets, else the shipped data.",
)


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


@click.group(cls=ReportgenGroup)
@click.version_option(__version__, prog_name="reportgen")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def cli(debug: bool) -> None:
    """Build sourced, bilingual quarterly briefs on China's e-commerce platforms.

    Example: reportgen build --quarter 2025Q3 --lang zh --format pdf
    """


@cli.command()
@click.option("--quarter", callback=_quarter, metavar="YYYYQn",
              help="Quarter to build, e.g. 2025Q3: only figures published by its end. Default: the latest the data covers.")
@click.option("--lang", "languages", callback=_csv_choice(LANGUAGES, "language"), metavar="zh,en",
              help="Languages, comma-separated. Default: zh,en.")
@click.option("--format", "formats", callback=_csv_choice(FORMATS, "format"), metavar="html,pdf",
              help="Output formats, comma-separated. Default: html,pdf.")
@data_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
              show_default=True, help="Directory the briefs are written to (created if missing).")
def build(quarter, languages, formats, data_dir, out_dir) -> None:
    """Validate the data, then write the brief for a quarter as HTML and PDF, in Chinese and English.

    Example: reportgen build --lang zh --format pdf --out /tmp/briefs
    """
    from reportgen.pipeline import BuildOptions, build_brief

    options = BuildOptions(
        data_dir=data_dir or default_data_dir(), out_dir=out_dir, quarter=quarter,
        languages=languages, formats=formats,
    )
    for path in build_brief(options, progress=lambda msg: click.echo(f"· {msg}", err=True)):
        click.echo(str(path))


@cli.command()
@click.option("--quarter", callback=_quarter, metavar="YYYYQn",
              help="Quarter whose charts to export. Default: the latest the data covers.")
@click.option("--lang", "languages", callback=_csv_choice(LANGUAGES, "language"), metavar="zh,en",
              help="Languages, comma-separated. Default: zh,en.")
@click.option("--format", "formats", callback=_csv_choice(CHART_FORMATS, "format"), metavar="svg,png",
              help="Image formats, comma-separated; PNG is drawn at 2x. Default: svg,png.")
@data_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("output/charts"),
              show_default=True, help="Directory the images are written to (created if missing).")
def charts(quarter, languages, formats, data_dir, out_dir) -> None:
    """Export every chart of the brief as its own image, titled and sourced, for slide decks.

    Example: reportgen charts --lang en --format png --out slides/
    """
    from reportgen.pipeline import BuildOptions, export_charts

    options = BuildOptions(
        data_dir=data_dir or default_data_dir(), out_dir=out_dir, quarter=quarter,
        languages=languages, formats=formats,
    )
    for path in export_charts(options, progress=lambda msg: click.echo(f"· {msg}", err=True)):
        click.echo(str(path))


@cli.command()
@data_option
def validate(data_dir) -> None:
    """Check every table's schema and meaning; list each problem with file, row and column.

    Exits 0 when the data is clean, 3 when it has problems. Example: reportgen validate --data datasets
    """
    from reportgen.data import load_dataset

    data_dir = data_dir or default_data_dir()
    dataset = load_dataset(data_dir)
    counts = ", ".join(f"{name} {len(df)}" for name, df in dataset.facts().items())
    click.echo(f"{data_dir}: valid ({len(dataset.sources)} sources; {counts}).")


def _terminate(signum, frame):
    # `kill` becomes an interrupt, so temporary files are removed and earlier outputs kept.
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    cli(standalone_mode=True)


if __name__ == "__main__":
    main()
