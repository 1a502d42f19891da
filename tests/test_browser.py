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


@pytest.mark.parametrize("lang, width", [("zh", 390), ("en", 390), ("zh", 1280)])
def test_the_brief_reads_at_phone_and_desktop_widths(built, lang, width, tmp_path):
    # No sideways scroll of the page: wide tables scroll inside their own box, charts shrink to
    # their column. The screenshot is kept for a person to look at (pytest's tmp_path).
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(brief_file(built, lang, "html").as_uri())
        figures = page.locator("figure.chart").count()
        page.wait_for_function(
            "n => document.querySelectorAll('figure.chart-interactive .chart-live svg.marks').length === n",
            arg=figures, timeout=20000)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        overflowing_charts = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].filter(f =>
            f.querySelector('.chart-live svg.marks').getBoundingClientRect().right > f.getBoundingClientRect().right + 1
        ).map(f => f.dataset.chart)""")
        wide_tables = page.evaluate("""() => [...document.querySelectorAll('table')].filter(t =>
            t.scrollWidth > t.clientWidth + 1 && getComputedStyle(t).overflowX !== 'auto').length""")
        # Chart text as drawn on screen (its font size times the chart's scale on the page).
        smallest_text = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
            'figure.chart-interactive .chart-live svg.marks')].flatMap(svg => {
              const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
              return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
                .map(t => parseFloat(getComputedStyle(t).fontSize) * scale); }))""")
        # Every cell of every table inside the screen: the platform and its figures in view.
        cells_off_screen = page.evaluate("""w => [...document.querySelectorAll('table td, table th')]
            .filter(c => c.getClientRects().length && c.getBoundingClientRect().right > w + 1).length""", width)
        shot = tmp_path / f"brief-{lang}-{width}.png"
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert page_width <= width
    assert overflowing_charts == []
    assert wide_tables == 0
    assert cells_off_screen == 0
    if width < 640:
        assert smallest_text >= 10.9, smallest_text  # 11 px: drawn again for the column, not shrunk whole
    assert shot.stat().st_size > 10_000


def test_the_page_links_its_editions_sorts_chart_data_and_follows_dark_mode(built):
    path = brief_file(built, "en", "html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, color_scheme="dark")
        page.goto(path.as_uri())
        # The page links the siblings that exist: an HTML-only build has the Chinese edition, no PDF.
        links = page.eval_on_selector_all("nav.editions a", "as => as.map(a => a.getAttribute('href'))")
        assert links == [brief_file(built, "zh", "html").name]
        # Dark mode follows the system setting; the contents stay in view while reading (wide screen).
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert background == "rgb(22, 24, 27)"
        page.evaluate("document.querySelector('#methodology').scrollIntoView()")
        assert page.evaluate("document.querySelector('nav.toc').getBoundingClientRect().top") >= 0
        # A chart's data table sorts by value: figures by their number, not their text.
        table = page.locator('figure[data-chart="gmv"] table.data-table')
        page.locator('figure[data-chart="gmv"] details.chart-data summary').click()
        table.locator("thead th").nth(3).click()
        keys = table.locator("tbody tr td:nth-child(4)").evaluate_all("cs => cs.map(c => parseFloat(c.dataset.sort))")
        assert keys == sorted(keys) and len(keys) > 3
        table.locator("thead th").nth(3).click()
        keys = table.locator("tbody tr td:nth-child(4)").evaluate_all("cs => cs.map(c => parseFloat(c.dataset.sort))")
        assert keys == sorted(keys, reverse=True)
        # A footnote names its source on hover.
        title = page.locator("#scoreboard sup.fn a").first.get_attribute("title")
        browser.close()
    assert title and ": " in title and "(" in title
