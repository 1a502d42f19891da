"""Shared fixtures. Most tests read the brief's stages directly — the analysis, each language's
view-models, the HTML rendered in-process — built once per test session (per xdist worker); the
end-to-end tier (marker e2e) builds real outputs through the CLI: the HTML once per worker, the
PDFs once per session on one worker (xdist group "pdf"). Tests that break the data work on
throw-away copies."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import settings

# No per-example deadline: these 2-core machines are noisy, and speed is measured in benchmarks/.
settings.register_profile("reportgen", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("reportgen")

from reportgen.cli import cli  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "datasets"
LANGS = ("zh", "en")


def _latest_quarter():
    from reportgen.data import load_dataset

    return load_dataset(DATASETS).latest_quarter()


# The quarter the shipped data's latest brief is for, and the one after it: tests that mean "the
# latest brief" use these, so a new quarter's data does not break them.
LATEST = _latest_quarter()
NEXT = LATEST.next()


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory):
    """One chart cache for the whole test run, shared by the xdist workers and empty at its start:
    no run depends on what an earlier run (or the user's own builds) left behind, and a chart
    drawn by one worker is read by the other."""
    root = tmp_path_factory.getbasetemp()
    shared = (root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root) / "chart-cache"
    shared.mkdir(exist_ok=True)
    os.environ["REPORTGEN_CACHE_DIR"] = str(shared)
    yield
    os.environ.pop("REPORTGEN_CACHE_DIR", None)


# --- the brief's stages, in-process ------------------------------------------------------------

@pytest.fixture(scope="session")
def stages():
    from reportgen.pipeline import Stages

    return Stages(DATASETS)


@pytest.fixture(scope="session")
def analysis(stages):
    return stages.analysis(LATEST)


@pytest.fixture(scope="session")
def contents(stages) -> dict:
    """The latest brief's view-models by language, with its commentary."""
    resolved = stages.check(LATEST).resolved
    return {lang: stages.content(LATEST, lang, resolved.get(lang)) for lang in LANGS}


@pytest.fixture(scope="session")
def charts(stages, contents) -> dict:
    return {lang: stages.charts(contents[lang]) for lang in LANGS}


@pytest.fixture(scope="session")
def pages(contents, charts) -> dict[str, BeautifulSoup]:
    """The latest interactive HTML brief by language, rendered in-process and parsed once."""
    return {lang: BeautifulSoup(render_page(contents[lang], charts[lang]), "html.parser") for lang in LANGS}


def render_page(content, charts, interactive: bool = True, draw: bool = True) -> str:
    """The brief as HTML; without `draw`, each chart's static SVG is a stand-in (content tests
    read the page's text, tables and chart specs, not the drawing)."""
    from unittest import mock

    from reportgen.render import html

    with mock.patch.object(html, "to_svg", html.to_svg if draw else (lambda spec, id_prefix: "<svg></svg>")):
        return html.render_html(content, html.render_charts(content, charts), interactive=interactive)


def stages_of(data_dir: Path):
    """The stages of an edited copy of the data (what a build of it would show)."""
    from reportgen.pipeline import Stages

    return Stages(data_dir)


def pages_of(data_dir: Path, langs=LANGS, quarter=None) -> dict[str, BeautifulSoup]:
    """The HTML brief of `data_dir` (latest quarter by default) in each language, rendered
    in-process with its charts' specs and data but not their drawings."""
    s = stages_of(data_dir)
    q = s.quarter(quarter)
    resolved = s.check(q).resolved
    out = {}
    for lang in langs:
        content = s.content(q, lang, resolved.get(lang))
        out[lang] = BeautifulSoup(render_page(content, s.charts(content), draw=False), "html.parser")
    return out


def page_of(data_dir: Path, lang: str = "en", quarter=None) -> BeautifulSoup:
    return pages_of(data_dir, (lang,), quarter)[lang]


# --- real outputs through the CLI (end-to-end) ----------------------------------------------------

@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict:
    """Both languages' HTML built once through the CLI; paths and the result."""
    return _build(tmp_path_factory.mktemp("brief-html"), "html")


@pytest.fixture(scope="session")
def built_pdf(tmp_path_factory) -> dict:
    """Both languages' PDFs built once through the CLI. Tests that use it belong to the xdist
    group "pdf", so one worker lays the PDFs out once a session."""
    return _build(tmp_path_factory.mktemp("brief-pdf"), "pdf")


def _build(out: Path, fmt: str) -> dict:
    result = CliRunner().invoke(cli, ["build", "--format", fmt, "--data", str(DATASETS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = {p.name: p for p in out.iterdir() if not p.name.startswith(".")}  # not the cache manifest
    return {"out": out, "result": result, "files": files}


EARLY = "2021Q1"  # an early quarter: few figures, short PDFs


@pytest.fixture(scope="session")
def early_build(tmp_path_factory) -> dict:
    """All four outputs of an early quarter (short PDFs), two layouts at once; for the tests of
    reproducible bytes and of what a past quarter's PDF may carry (xdist group "pdf")."""
    out = tmp_path_factory.mktemp("early")
    result = CliRunner().invoke(cli, ["build", "--quarter", EARLY, "--jobs", "2", "--data", str(DATASETS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {"out": out, "result": result, "files": {p.name: p for p in out.iterdir() if not p.name.startswith(".")}}


@pytest.fixture(scope="session")
def pdf_text(built_pdf) -> dict[str, str]:
    """Each PDF brief's text by language, extracted once a session with poppler's pdftotext
    (reading order kept; about a fifth of pypdf's time on the Chinese brief)."""
    return {lang: subprocess.run(["pdftotext", "-enc", "UTF-8", str(brief_file(built_pdf, lang, "pdf")), "-"],
                                 capture_output=True, text=True, check=True).stdout for lang in LANGS}


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """The shipped data without its commentary: a test that breaks or removes figures is about
    the data, not about the summary's references to them."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target, ignore=shutil.ignore_patterns("commentary"))
    return target


@pytest.fixture
def data_with_commentary(tmp_path) -> Path:
    """The shipped data, commentary included."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return target


def brief_file(built: dict, lang: str, fmt: str) -> Path:
    matches = [p for name, p in built["files"].items() if name.endswith(f"-{lang}.{fmt}")]
    assert len(matches) == 1, built["files"]
    return matches[0]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The PDF tests share one worker only if xdist's loadgroup puts the group in the test's id
    (pytest 9.2 silently stopped that: pytest-xdist#1386). Fail loudly rather than lay the PDFs
    out on every worker."""
    if getattr(config.option, "loadgroup", False):
        lost = [i.nodeid for i in items if i.get_closest_marker("xdist_group") and "@" not in i.nodeid]
        if lost:
            raise pytest.UsageError(f"xdist groups are not applied (pytest-xdist#1386?): {lost[:3]}")
