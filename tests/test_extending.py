"""Extending the brief. A sixth platform is data alone: a row in platforms.csv and its fact rows
(and their source), with no change to code, templates or catalogues. A fifth data family charted
one panel per measure is its data plus one entry in each registry (its metrics, its family, its
section) and its words in the two catalogues: no analysis, chart or template code."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from click.testing import CliRunner

from helpers import add_rows, read_rows
from reportgen import i18n, sections
from conftest import DATASETS, pages_of
from reportgen.charts.theme import platform_colours
from reportgen.cli import cli
from reportgen.data import registry
from reportgen.measures import METRICS, MetricSpec

# A test fixture, not data: the source is invented for the test and lives only in its copy.
SIXTH = {"platform": "xiaohongshu", "name_zh": "小红书", "name_en": "Xiaohongshu", "company_zh": "行吟信息科技",
         "company_en": "Xingin", "fiscal_year_end_month": "12", "role": "rival", "colour": ""}
SOURCE = {"source_id": "fixture_sixth_platform", "publisher": "Test fixture", "title": "A sixth platform",
          "published": "2026-01-15", "date_basis": "stated", "url": "https://example.invalid/sixth",
          "kind": "media", "tier": "press", "language": "en"}
GMV_2024 = {"platform": "xiaohongshu", "metric": "gmv", "period": "2024", "value": "5000", "unit": "CNY_100M",
            "basis": "estimate", "scope": "all", "definition": "unspecified", "source_id": "fixture_sixth_platform",
            "quote": "GMV of 5000 (test fixture)"}


def add_sixth_platform(data_dir):
    add_rows(data_dir / "platforms.csv", [SIXTH])
    add_rows(data_dir / "sources.csv", [SOURCE])
    add_rows(data_dir / "metrics.csv", [GMV_2024])


def build_html(data_dir, out=None):
    """Each language's HTML brief of the edited data, rendered in-process."""
    return pages_of(data_dir)


def chart_specs(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/json"][id^="chart-spec-"]')]


def test_a_sixth_platform_added_by_data_alone_appears_wherever_it_has_figures(data_copy, tmp_path):
    add_sixth_platform(data_copy)
    pages = build_html(data_copy, tmp_path / "out")

    subtitles = {"en": "WeChat Channels versus Douyin, Kuaishou, Taobao/Tmall, Pinduoduo and Xiaohongshu",
                 "zh": "视频号与抖音、快手、淘宝/天猫、拼多多、小红书"}
    for lang, name, gmv in (("en", "Xiaohongshu", "CNY 500 billion"), ("zh", "小红书", "5,000亿元")):
        page = pages[lang]
        assert subtitles[lang] in page.get_text(" ", strip=True)
        board = page.select_one("#scoreboard table")
        row = next(tr for tr in board.select("tbody tr") if tr.select_one("th, td").get_text(strip=True) == name)
        assert gmv in row.get_text(" ", strip=True)
        # The key finding that compares platforms on one measure names it beside the others.
        findings = page.select_one("#findings").get_text(" ", strip=True)
        assert re.search(re.escape(name) + r"\s*" + re.escape(gmv), findings), findings
        # The GMV chart draws it in its own colour: the fallback colour most distinct from the five.
        gmv_chart = next(s for s in chart_specs(page) if name in json.dumps(s, ensure_ascii=False)
                         and "gmv" in json.dumps(s).lower())
        scale = next(e["color"]["scale"] for e in _encodings(gmv_chart) if "color" in e and "scale" in e["color"])
        colours = dict(zip(scale["domain"], scale["range"]))
        _, rows = read_rows(data_copy / "platforms.csv")
        assert colours[name] == platform_colours(rows)["xiaohongshu"] and list(colours.values()).count(colours[name]) == 1
        # Where it has no figure, the caveats say so.
        assert f"{name} · " in page.select_one("#caveats").get_text(" ", strip=True)


def _encodings(spec):
    if isinstance(spec, dict):
        if "encoding" in spec:
            yield spec["encoding"]
        for value in spec.values():
            yield from _encodings(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _encodings(value)


def test_platform_colours_stay_distinct_for_colour_blind_readers():
    from reportgen.charts.theme import min_difference, platform_colours

    # A classic confusion: this green and this red are far apart to normal vision, close to a
    # deuteranope's; the distance is the worst case over the kinds of vision.
    assert min_difference(["#2CA02C", "#D62728"]) < 20
    header, rows = read_rows(DATASETS / "platforms.csv")
    rows = [r for r in rows if r["role"] != "market"]  # the national statistics are never a coloured platform
    shipped = [r["colour"] for r in rows]
    assert min_difference(shipped) >= 20
    with_sixth = platform_colours(rows + [{**SIXTH}])
    assert min_difference(list(with_sixth.values())) > 15


def test_two_platforms_with_one_colour_or_without_one_focus_are_refused(data_copy):
    header, rows = read_rows(data_copy / "platforms.csv")
    add_rows(data_copy / "platforms.csv", [{**SIXTH, "colour": rows[1]["colour"].lower(), "role": "focus"}])
    result = CliRunner().invoke(cli, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 3
    assert ("platforms.csv, row 9, column 'colour': row 3 has the same colour; a reader could not tell the two "
            "platforms apart in a chart [duplicate-colour]") in result.stderr
    assert ("platforms.csv, row 9, column 'role': 2 rows have the role 'focus'; exactly one platform is the one the "
            "brief is about, the others are 'rival' [one-focus]") in result.stderr


def test_sentences_name_the_platforms_the_data_names():
    from reportgen.i18n import with_platform_names

    messages = {"list_sep": ", ", "list_last_sep": " and ", "possessive": "{name}'s", "possessive_after_s": "{name}'",
                "a": "{focus} versus {rivals}", "b": "{focus_possessive} GMV; {focus_owner}; {focus_share}"}
    bound = with_platform_names(messages, "Douyin", "ByteDance", ["WeChat Channels", "Kuaishou", "Pinduoduo"])
    assert bound["a"] == "Douyin versus WeChat Channels, Kuaishou and Pinduoduo"
    assert bound["b"] == "Douyin's GMV; ByteDance; {focus_share}"  # other placeholders are left to their sentence
    assert with_platform_names(messages, "WeChat Channels", "Tencent", ["Douyin"])["b"].startswith("WeChat Channels' GMV")


# The fifth family, as its author would write it (a test fixture: the figure and source are invented).
STREAMER_METRIC = MetricSpec("top_streamers_gmv_share", "livestreamers", "pct")
STREAMER_FAMILY = registry.Family("livestreamers", "metrics", ("livestreamers",), "livestreamer economics",
                                  chart="livestreamers")
STREAMER_SECTION = sections.Section("livestreamers", (sections.chart("livestreamers"),), template="standard")
STREAMER_WORDS = {
    "en": {"section.livestreamers": "Livestreamer economics", "family.livestreamers": "livestreamer economics",
           "metric.top_streamers_gmv_share": "Top-10 livestreamers' share of GMV",
           "chart.livestreamers.title": "Livestreamer concentration", "chart.livestreamers.subtitle": "Per cent",
           "chart.livestreamers.alt": "Bar charts of {n} livestreamer figures by platform, one panel per measure.",
           "gap.livestreamers": "No livestreamer figure in the data.",
           "gap.livestreamers_current": "No livestreamer figure within two years of this quarter."},
    "zh": {"section.livestreamers": "主播经济", "family.livestreamers": "主播经济",
           "metric.top_streamers_gmv_share": "头部10名主播 GMV 占比",
           "chart.livestreamers.title": "主播集中度", "chart.livestreamers.subtitle": "%",
           "chart.livestreamers.alt": "各平台 {n} 项主播数据的柱状图，每栏一个口径。",
           "gap.livestreamers": "数据中没有主播数据。", "gap.livestreamers_current": "两年内没有主播数据。"},
}
STREAMER_ROW = {"platform": "douyin", "metric": "top_streamers_gmv_share", "period": "2025", "value": "12",
                "qualifier": "approx", "unit": "pct", "basis": "estimate", "scope": "all", "definition": "unspecified",
                "source_id": "fixture_sixth_platform", "quote": "top-10 streamers about 12% (test fixture)"}


def add_fifth_family(data_dir, monkeypatch):
    # Its data: the metric allowed in the descriptor, its figure, the figure's source.
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    metrics = next(r for r in descriptor["resources"] if r["name"] == "metrics")
    next(f for f in metrics["schema"]["fields"] if f["name"] == "metric")["constraints"]["enum"].append(STREAMER_METRIC.name)
    (data_dir / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    add_rows(data_dir / "sources.csv", [SOURCE])
    add_rows(data_dir / "metrics.csv", [STREAMER_ROW])
    # One entry in each registry, and its words.
    monkeypatch.setitem(METRICS, STREAMER_METRIC.name, STREAMER_METRIC)
    monkeypatch.setitem(registry.FAMILIES, STREAMER_FAMILY.key, STREAMER_FAMILY)
    after = [s.key for s in sections.BODY].index("economics") + 1
    monkeypatch.setattr(sections, "BODY", (*sections.BODY[:after], STREAMER_SECTION, *sections.BODY[after:]))
    catalogue = i18n.load_messages
    from reportgen.view import content

    monkeypatch.setattr(content, "load_messages", lambda lang: {**catalogue(lang), **STREAMER_WORDS[lang]})


def test_a_fifth_family_is_its_data_and_one_entry_in_each_registry(data_copy, tmp_path, monkeypatch):
    add_fifth_family(data_copy, monkeypatch)
    pages = build_html(data_copy, tmp_path / "out")
    for lang, value in (("en", "~12%"), ("zh", "约12%")):
        page = pages[lang]
        section = page.select_one("section#livestreamers")
        assert section.h2.get_text(strip=True) == STREAMER_WORDS[lang]["section.livestreamers"]
        # Its own section, after unit economics, with its chart numbered in the sections' order.
        order = [s["id"] for s in page.select("section[id]")]
        assert order.index("livestreamers") == order.index("economics") + 1
        figure = section.select_one("figure.chart")
        assert figure["data-chart"] == "livestreamers"
        shown = [f["data-chart"] for f in page.select("figure.chart")]
        assert shown == sorted(shown, key=sections.chart_keys().index) and "livestreamers" in shown
        rows = [" ".join(tr.get_text(" ").split()) for tr in figure.select("table.data-table tbody tr")]
        assert len(rows) == 1 and value in rows[0] and STREAMER_WORDS[lang]["metric.top_streamers_gmv_share"] in rows[0]
        # The caveats name the platforms without a current figure of the new family.
        caveats = page.select_one("#caveats").get_text(" ", strip=True)
        family = STREAMER_WORDS[lang]["family.livestreamers"]
        assert f"{pages[lang].select_one('#scoreboard tbody th').get_text(strip=True)} · {family}" in caveats
    # The coverage table counts it as a family of its own.
    result = CliRunner().invoke(cli, ["coverage", "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    assert re.search(r"\| Douyin \| livestreamer economics \| (— \| )*1 \|", result.output), result.output
