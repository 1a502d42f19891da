"""Hostile or odd content never acts as code, the renderers fetch nothing from outside, and a
failed build leaves earlier outputs byte-identical."""

from __future__ import annotations

import csv
import dataclasses
import io
import signal
import subprocess
import sys
import time

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATASETS, REPO
from helpers import set_cell
from reportgen.cli import cli
from reportgen.data.folder import read_folder
from reportgen.data.validate import validate
from reportgen.errors import RenderError
from reportgen.view.present import safe_http_url
from reportgen.render.pdf import html_to_pdf


def test_text_that_looks_like_markup_is_escaped_in_the_html(data_copy, tmp_path):
    # Ampersands and angle brackets that are not tags pass validation; they must print as text.
    set_cell(data_copy / "sources.csv", "title", "Q&A: GMV > 3 trillion & 'growth' \"2024\"")
    set_cell(data_copy / "sources.csv", "publisher", "R&D <Research> Ltd")  # not a tag: no letters after '<'? it is, see below
    _, problems = validate(data_copy)
    assert [p.code for p in problems] == ["markup"]  # "<Research>" looks like a tag and is refused
    set_cell(data_copy / "sources.csv", "publisher", "R&D 3<5 Ltd")
    assert validate(data_copy)[1] == []
    result = CliRunner().invoke(cli, ["build", "--lang", "en", "--format", "html", "--data", str(data_copy), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "R&amp;D 3&lt;5 Ltd" in html
    soup = BeautifulSoup(html, "html.parser")
    assert any("Q&A: GMV > 3 trillion & 'growth' \"2024\"" in li.get_text() for li in soup.select("#sources li"))


def test_only_http_urls_become_links():
    assert safe_http_url("https://example.com/a") == "https://example.com/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//evil.example", "https://a b"):
        assert safe_http_url(bad) is None


def test_pdf_renderer_refuses_outside_resources():
    for html in ('<img src="https://example.com/x.png">', '<link rel="stylesheet" href="http://example.com/x.css">',
                 '<img src="file:///etc/hostname">'):
        with pytest.raises(RenderError, match="outside the project's own assets"):
            html_to_pdf(f"<html><body><p>x</p>{html}</body></html>", "test")


def test_a_failed_build_leaves_previous_outputs_byte_identical(data_copy, tmp_path):
    out = tmp_path / "out"
    # HTML only: the data error stops the build before any output is written, of either format.
    build = ["build", "--lang", "en", "--format", "html", "--data", str(data_copy), "--out", str(out)]
    assert CliRunner().invoke(cli, build).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    set_cell(data_copy / "metrics.csv", "value", "not a number")
    result = CliRunner().invoke(cli, build)
    assert result.exit_code == 3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_killed_build_leaves_previous_outputs_and_no_temporary_files(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "reportgen.cli", "build", "--data", str(DATASETS), "--out", str(out)]
    subprocess.run(command + ["--lang", "en", "--format", "html"], check=True, capture_output=True, cwd=REPO)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    time.sleep(3)  # mid-build: validation done, charts or layout under way
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"Interrupted" in stderr and b"Traceback" not in stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# --- property-based and fuzz tests ---------------------------------------------------------

# The shipped folder read once; each example replaces the metrics table's bytes in memory (the
# validator reads the folder's bytes, never the disk again).
SHIPPED = read_folder(DATASETS)


def _with_metrics(data: bytes):
    return dataclasses.replace(SHIPPED, files={**SHIPPED.files, "metrics.csv": data})


def csv_rows(data: bytes) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    return list(reader.fieldnames), list(reader)


def csv_bytes(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=400))
def test_loader_never_raises_on_arbitrary_bytes(data):
    tables, problems = validate(_with_metrics(data))  # must return problems, never raise
    assert "metrics" in tables or problems


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=200))
def test_loader_never_raises_on_arbitrary_text_in_a_cell(text):
    header, rows = csv_rows(SHIPPED.files["metrics.csv"])
    rows[0]["period"] = text
    rows[1]["value"] = text
    validate(_with_metrics(csv_bytes(header, rows)))


@given(low=st.floats(1, 1e13), high=st.floats(1, 1e13), digits=st.integers(2, 6),
       dimension=st.sampled_from(["money", "persons", "count", "pct"]))
def test_formatting_any_range_never_fails_and_keeps_its_order(low, high, digits, dimension):
    from reportgen.i18n import Formatter

    low, high = sorted((low, high))
    for lang in ("zh", "en"):
        text = Formatter(lang).amount(low, high, dimension, digits)
        assert text and "e+" not in text and "nan" not in text.lower()


def test_a_dataset_with_no_figures_builds_a_brief_of_gaps(data_copy, tmp_path):
    for name in ("metrics", "subsidies", "demographics", "category_share", "events", "claims"):
        path = data_copy / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--lang", "en", "--format", "html", "--data", str(data_copy), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    soup = BeautifulSoup(next(tmp_path.glob("*.html")).read_text(encoding="utf-8"), "html.parser")
    charted = [row for row in csv.DictReader((data_copy / "platforms.csv").open(encoding="utf-8"))
               if row["role"] != "market"]
    assert len(soup.select("table.key-figures td.gap")) == len(charted) * 4  # every scoreboard cell a gap
    assert soup.select("figure.chart") == []  # no exhibit with nothing in it
    assert soup.select_one("#implications table") is None and soup.select_one("#outlook table") is None
    gaps = [tr.select_one("th").get_text() for tr in soup.select("table.cannot-show tbody tr")]
    assert "Chart: Annual GMV" in gaps and "How WeChat Channels fits different sellers" in gaps
    assert "No source article within the evidence window gives a view" in soup.select_one("#deep_dive").get_text()


def test_an_empty_sources_table_is_a_data_error(data_copy, tmp_path):
    path = data_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 3
    assert "sources.csv: sources.csv has no rows; a brief needs at least one [no-rows]" in result.stderr
