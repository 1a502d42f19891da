"""Hardening, round two: every file in the data folder is treated as hostile (links out of the
folder, pipes, folders and dangling links where files belong, broken descriptors, impossible
dates and magnitudes, code pages, stray NULs, signed formulas), a past quarter's PDF carries
only what that quarter could see, a killed build leaves nothing behind, and any unexpected
failure is one message with exit 1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import DATASETS, EARLY, brief_file
from helpers import read_rows, set_cell
from reportgen.cli import cli
from reportgen.data.validate import validate
from reportgen.periods import Quarter

SECRET = "SECRET-3f9a-do-not-leak"


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The CLI as a user runs it, with a timeout: a hang is a failure, not a stuck suite."""
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], capture_output=True, text=True, timeout=timeout)


def codes(data_dir: Path) -> dict[str, list[str]]:
    _, problems = validate(data_dir)
    found: dict[str, list[str]] = {}
    for p in problems:
        found.setdefault(p.code, []).append(p.describe())
    return found


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "outside" / "secret.md"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


# --- files that are not what they seem ------------------------------------------------------------

def test_a_commentary_link_out_of_the_folder_is_refused_and_never_read(data_copy, tmp_path, secret_file):
    (data_copy / "commentary").mkdir()
    (data_copy / "commentary" / "2026Q1.en.md").symlink_to(secret_file)
    result = run("build", "--lang", "en", "--format", "html", "--data", str(data_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    assert "commentary/2026Q1.en.md: the file is a link that leads outside the data folder" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert not list((tmp_path / "out").glob("*.html")) if (tmp_path / "out").exists() else True


def test_a_table_linked_out_of_the_folder_is_refused_without_echoing_its_target(data_copy, secret_file):
    (data_copy / "claims.csv").unlink()
    (data_copy / "claims.csv").symlink_to(secret_file)
    result = run("validate", "--data", str(data_copy))
    assert result.returncode == 3 and "claims.csv: the file is a link that leads outside the data folder" in result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_a_pipe_never_hangs_validate_or_build(data_copy, tmp_path):
    (data_copy / "commentary").mkdir()
    os.mkfifo(data_copy / "commentary" / "2026Q1.en.md")
    (data_copy / "events.csv").unlink()
    os.mkfifo(data_copy / "events.csv")
    for args in (("validate",), ("build", "--format", "html", "--lang", "en", "--out", str(tmp_path / "out"))):
        result = run(*args, "--data", str(data_copy), timeout=90)
        assert result.returncode == 3, result.stderr
        assert "events.csv: this is not a regular file (a pipe, socket or device?)" in result.stderr
        assert "commentary/2026Q1.en.md: this is not a regular file" in result.stderr


def test_a_folder_or_a_dangling_link_where_a_file_belongs_is_named(data_copy):
    (data_copy / "schemes.csv").unlink()
    (data_copy / "schemes.csv").mkdir()
    (data_copy / "claims.csv").unlink()
    (data_copy / "claims.csv").symlink_to(data_copy / "no-such-file.csv")
    found = codes(data_copy)
    assert found["not-a-file"] == ["schemes.csv: this is a folder where a file is expected [not-a-file]"]
    assert found["dangling-link"] == ["claims.csv: the file is a link to nothing; put the file itself in the folder [dangling-link]"]


def test_a_seed_that_is_not_utf8_is_named_on_its_source_row(data_copy):
    header, rows = read_rows(data_copy / "sources.csv")
    line, seed = next((i + 2, r["seed_file"]) for i, r in enumerate(rows) if r["seed_file"])
    path = data_copy / "seeds" / seed
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    (message,) = codes(data_copy)["bad-encoding"]
    assert message.startswith(f"sources.csv, row {line}, column 'seed_file': datasets/seeds/{seed} is not UTF-8 text")


# --- descriptors that are JSON but not a package ---------------------------------------------------

@pytest.mark.parametrize("change, expected", [
    (lambda d: d["resources"][0]["schema"]["fields"][0].update(constraints={"pattern": "(["}),
     "resource 'platforms'.schema.fields[0] ('platform').constraints.pattern is not a valid regular expression"),
    (lambda d: d["resources"][0]["schema"]["fields"][0].update(constraints={"maxLength": "long"}),
     "constraints.maxLength must be a positive whole number"),
    (lambda d: d["resources"][0]["schema"]["fields"][0].update(constraints={"enum": 5}),
     "constraints.enum must be a list of strings"),
    (lambda d: d["resources"][0]["schema"].update(primaryKey={"a": 1}),
     "resource 'platforms'.schema.primaryKey must be a field name or a list of the resource's field names"),
    (lambda d: d["resources"].pop(3), "it lists no resource 'metrics'"),
    (lambda d: d.update(resources="all"), "its 'resources' must be a non-empty list"),
])
def test_a_descriptor_that_is_not_a_valid_package_is_one_message(data_copy, change, expected):
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = run("validate", "--data", str(data_copy))
    assert result.returncode == 4
    assert "is not a valid data package descriptor" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_deeply_nested_descriptor_is_one_message(data_copy):
    (data_copy / "datapackage.json").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    result = run("validate", "--data", str(data_copy))
    assert result.returncode == 4 and "nested too deeply" in result.stderr and "Traceback" not in result.stderr


# --- dates, magnitudes, names -----------------------------------------------------------------------

def test_impossible_and_future_publication_dates_are_refused(data_copy):
    set_cell(data_copy / "sources.csv", "published", "2025-02-30", row=3)
    set_cell(data_copy / "sources.csv", "published", "2025-13", row=4)
    set_cell(data_copy / "sources.csv", "published", "2099-01-01", row=5)
    found = codes(data_copy)
    assert found["bad-date"] == ["sources.csv, row 3, column 'published': '2025-02-30' is not a date on the calendar [bad-date]",
                                 "sources.csv, row 4, column 'published': '2025-13' is not a date on the calendar [bad-date]"]
    assert found["future-date"][0].startswith("sources.csv, row 5, column 'published': '2099-01-01' is after today")


def test_a_value_absurd_after_unit_conversion_is_refused(data_copy):
    header, rows = read_rows(data_copy / "metrics.csv")
    line = next(i + 2 for i, r in enumerate(rows) if r["unit"] == "CNY_100M" and r["value"] == "3850.44")
    set_cell(data_copy / "metrics.csv", "unit", "CNY_1T", row=line)  # 3,850 trillion yuan: ~30x China's GDP
    assert any(m.startswith(f"metrics.csv, row {line}, column 'value': 3850.44 is implausibly large")
               for m in codes(data_copy)["absurd-value"])


def test_two_platforms_with_one_display_name_are_refused(data_copy):
    set_cell(data_copy / "platforms.csv", "name_en", "Douyin", row=2)
    (message,) = codes(data_copy)["duplicate-name"]
    assert message.startswith("platforms.csv, row 3, column 'name_en': row 2 has the same name")


# --- encodings and stray bytes -----------------------------------------------------------------------

def test_a_windows_1252_file_is_not_read_as_chinese(data_copy):
    path = data_copy / "platforms.csv"
    latin = "".join(ch if ch.isascii() else "x" for ch in path.read_text(encoding="utf-8"))
    path.write_bytes(latin.replace("WeChat Channels", "WeChat Cafés").encode("cp1252"))  # "é" then "s": no UTF-8
    (message,) = codes(data_copy)["bad-encoding"]
    assert "read as GB18030 (Chinese Excel)" in message and "Windows-1252" in message


def test_a_nul_inside_a_cell_is_named_by_row_and_column(data_copy):
    path = data_copy / "categories.csv"
    header, rows = read_rows(path)
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b"\x00,", 1)  # the end of the first cell of row 3
    path.write_bytes(b"\n".join(lines))
    assert codes(data_copy)["nul-character"] == [
        f"categories.csv, row 3, column '{header[0]}': the cell holds a NUL character (an invisible control byte); "
        "delete it [nul-character]"]


# --- injection ------------------------------------------------------------------------------------------

def test_a_signed_formula_is_refused_and_a_signed_number_is_not(data_copy):
    set_cell(data_copy / "sources.csv", "note", "-2+3+cmd|' /C calc'!A0", row=2)
    set_cell(data_copy / "sources.csv", "note", "-5%", row=3)
    found = codes(data_copy)
    assert [m.split(":")[0] for m in found["formula-like"]] == ["sources.csv, row 2, column 'note'"]


def test_chart_json_in_the_page_survives_comment_and_script_markers():
    from reportgen.charts.render import spec_json_for_script

    spec = {"title": "A <!-- name --> and </script><script>alert(1)</script>"}
    text = spec_json_for_script(spec)
    assert "<" not in text and json.loads(text) == spec


# --- a past quarter leaks nothing later ------------------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.xdist_group("pdf")
def test_a_past_quarter_pdf_attaches_only_what_its_quarter_could_see(early_build):
    attachments = PdfReader(brief_file(early_build, "en", "pdf")).attachments
    sources = attachments["datapackage/sources.csv"][0].decode("utf-8").splitlines()
    published = [row.split(",") for row in sources[1:]]
    header = sources[0].split(",")
    _, all_rows = read_rows(DATASETS / "sources.csv")
    end = Quarter.parse(EARLY).end.isoformat()
    later = {r["source_id"] for r in all_rows if r["published"] > end}
    assert later and not any(row[header.index("source_id")] in later for row in published)
    metrics = attachments["datapackage/metrics.csv"][0].decode("utf-8")
    assert not any(f",{s}," in metrics for s in later)
    assert len(published) == sum(1 for r in all_rows if r["published"] <= end)


# --- a killed build leaves nothing behind ----------------------------------------------------------------

def test_a_temporary_file_of_a_dead_build_is_removed_and_a_live_ones_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".brief-2026Q1-en.html.rg999999999.abcd.tmp"
    live = out / f".brief-2026Q1-en.html.rg{os.getpid()}.efgh.tmp"
    dead.write_bytes(b"half")
    live.write_bytes(b"half")
    from reportgen.pipeline import remove_orphaned_temp_files

    remove_orphaned_temp_files(out)
    assert not dead.exists() and live.exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_layout_workers_die_with_a_killed_build(data_copy, tmp_path):
    build = subprocess.Popen([sys.executable, "-m", "reportgen.cli", "build", "--format", "pdf", "--data", str(data_copy),
                              "--out", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        for line in build.stderr:  # kill it once a worker is busy laying out a PDF (that takes seconds)
            if "laying out the PDF" in line:
                break
        time.sleep(1)
        workers = [c for c in _children(build.pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert workers, "the build has no layout workers"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and any(_running(w) for w in workers):
            time.sleep(0.1)
        assert not any(_running(w) for w in workers)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        subprocess.run(["pkill", "-9", "-s", str(build.pid)], check=False)


# --- one message for what the user did, and for bugs -------------------------------------------------------

def test_a_file_given_as_a_directory_is_exit_4(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    for option in ("--data", "--out"):
        result = CliRunner().invoke(cli, ["build", option, str(a_file)])
        assert result.exit_code == 4 and f"{option} {a_file} is a file; it must be a directory." in result.stderr


def test_an_unexpected_failure_is_one_message_and_exit_1(monkeypatch):
    import reportgen.coverage

    def boom(data):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(reportgen.coverage, "coverage_markdown", boom)
    result = CliRunner().invoke(cli, ["coverage"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        "Error: reportgen failed unexpectedly (RuntimeError: boom second line). Earlier outputs are untouched. "
        "This is a bug; run the command again with --debug for the traceback and report it."]
    debug = CliRunner().invoke(cli, ["--debug", "coverage"])
    assert isinstance(debug.exception, RuntimeError)
