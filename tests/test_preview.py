"""`reportgen preview`: the served page is the built brief plus a reload script, each save
rebuilds only what it touches, a broken save shows its problem on the page, and the page is
told to reload."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import LATEST, REPO, brief_file
from reportgen.preview import Preview, Workspace


def _edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def _visible_text(page: str) -> str:
    soup = BeautifulSoup(page, "html.parser")
    for tag in soup.select("script"):
        tag.decompose()
    return soup.get_text(" ")


def test_the_preview_page_is_the_built_html_brief(built, data_with_commentary):
    # Same data as the built brief (HTML only, so no PDF to link to): the preview is that page.
    _, page, _ = Workspace(data_with_commentary, None).html("en", pdf=False)
    assert page == brief_file(built, "en", "html").read_text(encoding="utf-8")


def test_a_commentary_save_reuses_the_analysis_and_the_charts(data_with_commentary):
    workspace = Workspace(data_with_commentary, None)
    workspace.html("en")
    _edit(data_with_commentary / "commentary" / f"{LATEST}.en.md", ("## changed", "A sentence added in preview.\n\n## changed"))
    _, page, reused = workspace.html("en")
    assert reused == ["data and analysis", "en tables and charts"]
    assert "A sentence added in preview." in _visible_text(page)


def test_a_data_save_reanalyses_and_shows_the_new_value(data_copy):
    workspace = Workspace(data_copy, None)
    _, before, _ = workspace.html("en")
    _edit(data_copy / "metrics.csv", ("2024Q4,462.1,", "2024Q4,463.7,"),
          ("Q4 2024 was 462.1 billion", "Q4 2024 was 463.7 billion"))
    _, after, reused = workspace.html("en")
    assert reused == []
    assert "CNY 463.7 billion" not in before and "CNY 463.7 billion" in after
    # Charts reused from the preview's memo are exactly what a fresh build draws.
    assert after == Workspace(data_copy, None).html("en")[1]


def test_a_broken_save_is_shown_on_the_page_and_the_next_good_save_recovers(data_copy, tmp_path):
    logged = []
    preview = Preview(data_copy, tmp_path / "out", None, ("en",), pdf=False, log=logged.append)
    preview.rebuild()
    name = next(iter(preview.state.pages))
    served = preview.page(name)
    assert b"location.reload()" in served and f'page = "{name}", version = 1;'.encode() in served
    metrics = data_copy / "metrics.csv"
    good = metrics.read_text(encoding="utf-8")
    _edit(metrics, ("2024Q4,462.1,", "2024Q4,462.2,"))  # the quote no longer contains the value
    preview.rebuild()
    page = preview.page(name).decode("utf-8")
    assert "The brief could not be rebuilt" in page and "metrics.csv, row" in page and "figure-not-in-quote" in page
    assert "could not be rebuilt" in logged[-1]
    metrics.write_text(good, encoding="utf-8")
    preview.rebuild()
    assert "could not be rebuilt" not in preview.page(name).decode("utf-8")
    assert preview.state.version == 3


def test_the_language_being_read_is_rebuilt_and_published_first(data_with_commentary, tmp_path):
    preview = Preview(data_with_commentary, tmp_path / "out", None, ("zh", "en"), pdf=False, log=lambda _: None)
    preview.rebuild()
    preview.page(f"brief-{LATEST}-en.html")  # a browser reads the English edition
    preview.rebuild()
    versions = preview.state.page_versions
    assert versions[f"brief-{LATEST}-en.html"] < versions[f"brief-{LATEST}-zh.html"] == preview.state.version


def test_preview_serves_and_tells_the_page_to_reload_after_a_save(data_with_commentary, tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen.cli", "preview", "--port", "0", "--no-pdf", "--lang", "en",
         "--data", str(data_with_commentary), "--out", str(tmp_path / "out")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), process.stderr.read()
        with urllib.request.urlopen(url) as response:  # / redirects to the brief
            assert response.url.endswith(f"/brief-{LATEST}-en.html")
            page = response.read().decode("utf-8")
        assert "location.reload()" in page
        poll = url + f"__wait?page=brief-{LATEST}-en.html&v="
        version = json.load(urllib.request.urlopen(poll + "-1"))["version"]
        answer = {}
        waiter = threading.Thread(target=lambda: answer.update(json.load(urllib.request.urlopen(poll + str(version)))))
        waiter.start()
        _edit(data_with_commentary / "commentary" / f"{LATEST}.en.md", ("## changed", "Saved while previewing.\n\n## changed"))
        waiter.join(timeout=20)
        assert answer.get("version", version) > version
        with urllib.request.urlopen(url + f"brief-{LATEST}-en.html") as response:
            assert "Saved while previewing." in _visible_text(response.read().decode("utf-8"))
        missing = urllib.request.Request(url + "nothing.html")
        try:
            urllib.request.urlopen(missing)
            raise AssertionError("a missing page must be a 404")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert process.returncode == 0
    assert "Preview stopped" in process.stderr.read()


def test_preview_on_a_busy_port_is_a_clear_error(tmp_path, data_copy):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "reportgen.cli", "preview", "--port", str(port), "--no-pdf", "--lang", "en",
             "--data", str(data_copy), "--out", str(tmp_path / "out")],
            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"Cannot serve on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
