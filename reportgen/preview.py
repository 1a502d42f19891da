"""`reportgen preview`: the HTML brief served on 127.0.0.1, rebuilt when the data, the
commentary or the templates change, and reloaded in the browser; the PDF follows in the
background.

What keeps the edit -> look loop short is that one process keeps, between saves, everything a
change does not touch (the Workspace below): the imports; the validated data and the analysis
while the tables are unchanged (a commentary edit re-renders only the commentary's parts and
the page); each language's tables, sentences and charts while the analysis and the templates
are unchanged; chart SVGs by spec in the chart cache."""

from __future__ import annotations

import dataclasses
import html
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from reportgen import cache
from reportgen.errors import ReportgenError
from reportgen.outputs import LANGUAGES, editions, output_name
from reportgen.paths import TEMPLATES_DIR
from reportgen.periods import Quarter

POLL_SECONDS = 0.1  # how often the watcher looks at file times (stat calls only)
WAIT_SECONDS = 25
DATA_REUSED = "data and analysis"  # a browser's long poll is answered at the latest after this

# Added to the served page only (never to a built brief): wait for the next version, then
# reload, keeping the reader's place on the page.
RELOAD_SCRIPT = """<script>
(function () {
  var key = 'reportgen-preview-scroll', page = __PAGE__, version = __VERSION__;
  var y = sessionStorage.getItem(key);
  if (y !== null) { window.scrollTo(0, +y); sessionStorage.removeItem(key); }
  function wait() {
    fetch('/__wait?page=' + encodeURIComponent(page) + '&v=' + version).then(function (r) { return r.json(); }).then(function (s) {
      if (s.version !== version) { sessionStorage.setItem(key, window.scrollY); location.reload(); } else { wait(); }
    }).catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>"""


def _stat_signature(roots: list[Path]) -> tuple:
    """File names, sizes and modification times under `roots`: what changes when a file is saved."""
    entries = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                try:
                    st = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                entries.append((folder, name, st.st_size, st.st_mtime_ns))
    return tuple(entries)


@dataclass
class Workspace:
    """The brief's stages kept between rebuilds, each reused while what it reads is unchanged."""

    data_dir: Path
    quarter_asked: Quarter | None
    _tables_key: str = ""
    _templates_key: str = ""
    _state: dict = field(default_factory=dict)  # quarter, view, analysis
    _content: dict = field(default_factory=dict)  # lang -> (content without commentary, rendered charts)
    _charts: dict = field(default_factory=dict)  # chart builders' results by their inputs (brief_charts)

    def html(self, lang: str, languages: tuple[str, ...] = LANGUAGES, pdf: bool = True) -> tuple[Quarter, str, list[str]]:
        """The interactive HTML brief for `lang` as a build would write it, linking to the other
        `languages` served and, with `pdf`, to its PDF; and what was reused."""
        from reportgen.commentary import COMMENTARY_DIR, read_quarter
        from reportgen.data.folder import read_folder
        from reportgen.errors import DataError
        from reportgen.pipeline import Stages
        from reportgen.render.html import render_charts, render_html
        from reportgen.view.comments import comments_html

        reused = []
        folder = read_folder(self.data_dir)  # each rebuild reads the folder once
        tables_key = folder.digest(skip=lambda name: name.startswith(f"{COMMENTARY_DIR}/"))
        if tables_key != self._tables_key:
            stages = Stages(self.data_dir, folder)
            quarter = stages.quarter(self.quarter_asked)
            stages.analysis(quarter)
            self._state = {"quarter": quarter, "stages": stages}
            self._tables_key, self._content = tables_key, {}
        else:
            reused.append(DATA_REUSED)
        templates_key = cache.code_and_templates_digest()
        if templates_key != self._templates_key:
            from reportgen.i18n import load_catalogue
            from reportgen.render.env import jinja_env

            load_catalogue.cache_clear()
            jinja_env.cache_clear()
            self._templates_key, self._content, self._charts = templates_key, {}, {}
        quarter, stages = self._state["quarter"], self._state["stages"]
        checked = stages.check(quarter, read_quarter(folder, quarter))
        if checked.problems:
            raise DataError(checked.problems)
        if lang in self._content:
            reused.append(f"{lang} tables and charts")
        else:
            content = stages.content(quarter, lang)
            charts = stages.charts(content, memo=self._charts)
            self._content[lang] = (content, render_charts(content, charts))
        content, charts = self._content[lang]
        content = dataclasses.replace(content, comments=comments_html(checked.resolved.get(lang), content.present))
        available = {output_name(quarter, other, "html") for other in languages} | ({output_name(quarter, lang, "pdf")} if pdf else set())
        return quarter, render_html(content, charts, interactive=True, editions=editions(quarter, lang, available)), reused


@dataclass
class PreviewState:
    version: int = 0  # counts every change published
    pages: dict = field(default_factory=dict)  # file name -> HTML
    page_versions: dict = field(default_factory=dict)  # file name -> the version it last changed at
    error: str = ""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def version_of(self, name: str) -> int:
        return self.page_versions.get(name, self.version)


class Preview:
    """Watches the files, rebuilds the HTML in this process and the PDF in a child process."""

    def __init__(self, data_dir: Path, out_dir: Path, quarter: Quarter | None, languages: tuple[str, ...],
                 pdf: bool, log: Callable[[str], None]):
        self.workspace = Workspace(data_dir, quarter)
        self.data_dir, self.out_dir, self.languages, self.pdf, self.log = data_dir, out_dir, languages, pdf, log
        self.state = PreviewState()
        self.viewed = languages[0]  # the language a browser asked for last is rebuilt first
        self._pdf_process: subprocess.Popen | None = None
        self._stop = threading.Event()

    def roots(self) -> list[Path]:
        # Not the code: modules already imported would not change (restart the preview for that).
        return [self.data_dir, TEMPLATES_DIR]

    def rebuild(self) -> None:
        """Rebuild each language's page, the one being read first, publishing each as it is done."""
        start = time.perf_counter()
        reused, first = [], None
        for n, lang in enumerate(sorted(self.languages, key=lambda lang: lang != self.viewed)):
            try:
                quarter, page, kept = self.workspace.html(lang, self.languages, self.pdf)
            except ReportgenError as exc:
                self._publish(error=str(exc))
                self.log(f"The brief could not be rebuilt ({time.perf_counter() - start:.2f} s); the page shows why:\n{exc}")
                return
            self._publish(name=output_name(quarter, lang, "html"), page=page)
            reused += [k for k in kept if n == 0 or k != DATA_REUSED]
            first = first or f"{lang} in {time.perf_counter() - start:.2f} s"
        self.log(f"HTML rebuilt in {time.perf_counter() - start:.2f} s ({first})"
                 + (f"; reused: {', '.join(dict.fromkeys(reused))}" if reused else ""))
        if self.pdf:
            self._start_pdf(quarter)

    def _publish(self, name: str = "", page: str = "", error: str = "") -> None:
        with self.state.changed:
            self.state.version += 1
            if error:  # every page shows it
                self.state.error = error
                self.state.page_versions = dict.fromkeys(self.state.pages, self.state.version)
            else:
                self.state.error = ""
                self.state.pages[name] = page
                self.state.page_versions[name] = self.state.version
            self.state.changed.notify_all()

    def _start_pdf(self, quarter: Quarter) -> None:
        """The PDF is laid out by an ordinary build in a child process; a newer save stops it."""
        if self._pdf_process is not None and self._pdf_process.poll() is None:
            self._pdf_process.terminate()
            self._pdf_process.wait()
        command = [sys.executable, "-m", "reportgen.cli", "build", "--quarter", str(quarter), "--format", "pdf",
                   "--lang", ",".join(self.languages), "--data", str(self.data_dir), "--out", str(self.out_dir)]
        self._pdf_process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def watch(self) -> None:
        signature = _stat_signature(self.roots())
        while not self._stop.wait(POLL_SECONDS):
            now = _stat_signature(self.roots())
            if now != signature:
                signature = now
                self.rebuild()

    def stop(self) -> None:
        self._stop.set()
        if self._pdf_process is not None and self._pdf_process.poll() is None:
            self._pdf_process.terminate()
            self._pdf_process.wait()

    def page(self, name: str) -> bytes | None:
        """A served page: the HTML brief with the reload script, or the build's error."""
        with self.state.changed:
            version, error, page = self.state.version_of(name), self.state.error, self.state.pages.get(name)
        self.viewed = next((lang for lang in self.languages if name.endswith(f"-{lang}.html")), self.viewed)
        script = RELOAD_SCRIPT.replace("__PAGE__", json.dumps(name)).replace("__VERSION__", str(version))
        if error:
            body = (f"<!doctype html><meta charset='utf-8'><title>reportgen preview: error</title>"
                    f"<h1>The brief could not be rebuilt</h1><pre style='white-space:pre-wrap'>{html.escape(error)}</pre>"
                    "<p>Fix the file and save: this page reloads.</p>")
            return (body + script).encode("utf-8")
        if page is None:
            return None
        return page.replace("</body>", script + "</body>", 1).encode("utf-8")

    def wait(self, name: str, seen: int) -> int:
        """Block until the page's version differs from `seen` (or WAIT_SECONDS pass); its version now."""
        with self.state.changed:
            self.state.changed.wait_for(lambda: self.state.version_of(name) != seen, timeout=WAIT_SECONDS)
            return self.state.version_of(name)


def handler_for(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            url = urlsplit(self.path)
            name = url.path.lstrip("/")
            if name == "__wait":
                query = parse_qs(url.query)
                try:
                    seen = int((query.get("v") or ["-1"])[0])
                except ValueError:
                    seen = -1
                page = (query.get("page") or [""])[0]
                return self._send(200, "application/json", json.dumps({"version": preview.wait(page, seen)}).encode())
            if name == "":
                names = sorted(preview.state.pages)
                if not names and preview.state.error:
                    return self._send(200, "text/html; charset=utf-8", preview.page(""))
                first = next((n for n in names if n.endswith(f"-{preview.languages[0]}.html")), names[0] if names else "")
                self.send_response(302)
                self.send_header("Location", "/" + first)
                self.end_headers()
                return None
            if name.endswith(".html") and (body := preview.page(name)) is not None:
                return self._send(200, "text/html; charset=utf-8", body)
            if name.endswith(".pdf") and "/" not in name and (preview.out_dir / name).is_file():
                return self._send(200, "application/pdf", (preview.out_dir / name).read_bytes())
            return self._send(404, "text/plain; charset=utf-8", b"Not found (the PDF appears once it is laid out).")

        def _send(self, status: int, kind: str, body: bytes):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # requests are not worth a terminal line each
            pass

    return Handler


def serve(data_dir: Path, out_dir: Path, quarter: Quarter | None, languages: tuple[str, ...], port: int, pdf: bool,
          log: Callable[[str], None], ready: Callable[[str], None]) -> None:
    """Build once, then serve and watch until interrupted."""
    preview = Preview(data_dir, out_dir, quarter, languages, pdf, log)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(preview))
    except OSError as exc:
        from reportgen.errors import OptionError

        raise OptionError(f"Cannot serve on 127.0.0.1:{port}: {exc.strerror}. Pass --port with a free port (0 picks one).") from exc
    server.daemon_threads = True
    preview.rebuild()
    watcher = threading.Thread(target=preview.watch, daemon=True)
    watcher.start()
    ready(f"http://127.0.0.1:{server.server_address[1]}/")
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        preview.stop()
        server.server_close()

