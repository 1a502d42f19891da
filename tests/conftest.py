"""Shared fixtures: one real build of the shipped data (session-wide; it takes seconds) and
throw-away copies of the datasets for tests that break them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# No per-example deadline: these 2-core machines are noisy, and speed is measured in benchmarks/.
settings.register_profile("reportgen", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("reportgen")

from reportgen.cli import cli

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "datasets"


def _latest_quarter():
    from reportgen.data import load_dataset

    return load_dataset(DATASETS).latest_quarter()


# The quarter the shipped data's latest brief is for, and the one after it: tests that mean "the
# latest brief" use these, so a new quarter's data does not break them.
LATEST = _latest_quarter()
NEXT = LATEST.next()


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory):
    """One chart cache for the whole session, empty at its start: no run depends on what an
    earlier run (or the user's own builds) left behind, and each chart is rendered once."""
    os.environ["REPORTGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    os.environ.pop("REPORTGEN_CACHE_DIR", None)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict:
    """Build both languages and formats once through the CLI; return paths and the result."""
    out = tmp_path_factory.mktemp("brief")
    result = CliRunner().invoke(cli, ["build", "--data", str(DATASETS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = {p.name: p for p in out.iterdir() if not p.name.startswith(".")}  # not the cache manifest
    return {"out": out, "result": result, "files": files}


@pytest.fixture(scope="session")
def pdf_text(built) -> dict[str, str]:
    """Each PDF brief's text by language, extracted once a session with poppler's pdftotext
    (reading order kept; about a fifth of pypdf's time on the Chinese brief)."""
    return {lang: subprocess.run(["pdftotext", "-enc", "UTF-8", str(brief_file(built, lang, "pdf")), "-"],
                                 capture_output=True, text=True, check=True).stdout for lang in ("zh", "en")}


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
