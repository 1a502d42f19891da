"""The HTML brief in headless Chromium (Debian's package) with the network blocked: every chart
turns interactive and the console stays clean."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import sync_playwright

from conftest import brief_file

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_renders_offline_without_console_errors(built, lang):
    path = brief_file(built, lang, "html")
    errors, outside_requests = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        def block(route):
            if not route.request.url.startswith(("file:", "data:", "blob:")):
                outside_requests.append(route.request.url)
                return route.abort()
            return route.continue_()

        page.route("**/*", block)
        page.goto(path.as_uri())
        figures = page.locator("figure.chart").count()
        page.wait_for_function(
            "n => document.querySelectorAll('figure.chart-interactive .chart-live svg.marks').length === n",
            arg=figures, timeout=20000,
        )
        rendered = page.locator("figure.chart-interactive .chart-live svg.marks").count()
        browser.close()
    assert figures >= 5
    assert rendered == figures
    assert errors == []
    assert outside_requests == []
