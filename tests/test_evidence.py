"""Evidence before conclusions, each rule on data made to break it: no exhibit without current
evidence, no verdict on old or thin inputs, scenarios only with a downside on one measure, festival
growth only like with like, fees compared only within a type, one figure one window, a part never
shown larger than its whole without a note, a figure published before its period ended is no
result, "new" agrees everywhere, and the Chinese edition carries no English working notes."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from conftest import LATEST, page_of, stages_of
from helpers import add_rows, read_rows, write_rows
from reportgen.analysis.evidence import Window
from reportgen.analysis.merchant_fit import claim_inputs, verdicts
from reportgen.data.validate import validate
from reportgen.measures import IncomparableError, same_measure
from reportgen.sections import Needs


def analysis_of(data_dir):
    stages = stages_of(data_dir)
    return stages.analysis(stages.quarter(None))


# --- no exhibit without current evidence ------------------------------------------------------

def test_an_exhibit_whose_evidence_is_old_is_not_printed_and_its_gap_is_named(data_copy):
    # Keep only the age distributions older than the evidence window: the age chart goes, and
    # "what this brief cannot show yet" names it with the newest period on record.
    path = data_copy / "demographics.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r["dimension"] != "age" or ("2016" <= r["period"] < "2020" and not r["flag"])])
    a = analysis_of(data_copy)
    assert "demographics_age" in a.hidden and "demographics_age" not in a.charts()
    page = page_of(data_copy)
    assert page.select_one('figure[data-chart="demographics_age"]') is None
    gap = next(tr for tr in page.select("table.cannot-show tbody tr") if tr.th.get_text() == "Chart: Audience by age")
    assert "Only figures older than the evidence window are on record" in gap.get_text()
    # The figures stay numbered without a hole: Figure n counts the charts shown.
    numbers = [f["id"] for f in page.select("figure.chart")]
    assert numbers == [f"figure-{n}" for n in range(1, len(numbers) + 1)]


# --- verdicts ---------------------------------------------------------------------------------

WINDOW = Window(date(2026, 5, 14))
SOURCES = pd.DataFrame({"source_id": ["new_a", "new_b", "old_a", "copy_a"],
                        "published_date": [date(2026, 1, 5), date(2025, 9, 1), date(2022, 3, 1), date(2026, 2, 1)],
                        "tier": ["press", "primary", "press", "machine_summary"]})


def claims(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"platform": "channels", "profile": profile, "stance": stance, "source_id": source}
                         for profile, stance, source in rows])


def verdict_of(frame: pd.DataFrame, profile: str = "brand"):
    needs = Needs(inputs=2, weakest_tier="republication")
    return next(v for v in verdicts(claim_inputs(frame, SOURCES, "channels", WINDOW, needs), needs) if v.profile == profile)


def test_a_verdict_needs_two_current_agreeing_inputs_and_none_against():
    assert verdict_of(claims(("brand", "supports", "new_a"), ("brand", "supports", "new_b"))).verdict == "favourable"
    # One of the two is older than the evidence window: listed, but it carries nothing.
    v = verdict_of(claims(("brand", "supports", "new_a"), ("brand", "supports", "old_a")))
    assert (v.verdict, v.reason, v.counts, len(v.inputs)) == ("none", "too_few", (1, 0), 2)
    # A machine-written summary is weaker than the verdict admits.
    assert verdict_of(claims(("brand", "supports", "new_a"), ("brand", "supports", "copy_a"))).verdict == "none"
    # One current input against is enough to withhold it.
    v = verdict_of(claims(("brand", "supports", "new_a"), ("brand", "supports", "new_b"), ("brand", "limits", "new_a")))
    assert (v.verdict, v.reason) == ("none", "contradicted")


def test_the_implications_table_prints_no_verdict_the_shipped_evidence_does_not_carry(analysis, pages):
    rows = [[td.get_text(" ", strip=True) for td in tr.select("th, td")] for tr in pages["en"].select("table.implications tbody tr")]
    by_profile = {v.profile: v for v in analysis.verdicts}
    assert len(rows) == len(by_profile)
    for row, v in zip(rows, analysis.verdicts):
        if v.verdict == "none":
            assert row[-1].startswith("No verdict"), row


# --- festivals ----------------------------------------------------------------------------------

def festival_row(**values) -> dict:
    return {"event": "double_eleven", "platform": "douyin", "scope": "whole_platform", "basis": "estimate",
            "tallied_by": "Test Firm", "source_id": "ev_cnyes_d11_2025", "window": "full", **values}


def test_festival_growth_is_shown_only_against_a_like_window(data_copy):
    add_rows(data_copy / "events.csv", [
        # The firm's 2024 tally counted 35 days; its 2025 tally counts 23: growth across them is withheld.
        festival_row(edition="2024", metric="gmv", period="2024-10-08/2024-11-11", value="100", unit="CNY_bn",
                     quote="test tally: GMV 100 billion yuan"),
        festival_row(edition="2025", metric="gmv", period="2025-10-20/2025-11-11", value="110", unit="CNY_bn",
                     quote="test tally: GMV 110 billion yuan, up 20%"),
        festival_row(edition="2025", metric="gmv_yoy", period="2025-10-20/2025-11-11", value="20", unit="pct",
                     quote="test tally: GMV 110 billion yuan, up 20%"),
        # A first-hour tally is a part of the festival: its growth is never shown.
        festival_row(edition="2025", platform="kuaishou", metric="gmv_yoy", period="2025-10-20", value="30", unit="pct",
                     window="first_hour", quote="test tally: first-hour GMV up 30%"),
    ])
    assert validate(data_copy)[1] == []
    from reportgen.analysis.events import tallies as all_tallies

    every = {(t.edition, t.platform, t.window): t for t in all_tallies(stages_of(data_copy).view(LATEST).events, False)
             if t.tallied_by == "Test Firm"}
    assert every[(2025, "douyin", "full")].growth is None and every[(2025, "douyin", "full")].growth_withheld == "window_length"
    assert every[(2025, "kuaishou", "first_hour")].growth_withheld == "partial"
    # The brief lists the 2025 tally with its value and no growth; the first-hour growth alone has
    # nothing left to show, so it is not listed.
    shown = {(t.platform, t.window) for t in analysis_of(data_copy).tallies if t.tallied_by == "Test Firm"}
    assert shown == {("douyin", "full")}
    rows = [[td.get_text(" ", strip=True) for td in tr.select("th, td")] for tr in page_of(data_copy).select("table.events tbody tr")
            if "Test Firm" in tr.get_text()]
    assert len(rows) == 1 and rows[0][5].startswith("CNY 110 billion") and not re.search(r"\b20%", rows[0][6])


# --- fees -----------------------------------------------------------------------------------

def test_fees_of_different_types_are_different_measures_and_never_side_by_side(analysis, pages):
    fees = [f for p in analysis.programmes if p.is_fee for f in p.amounts]
    types = {f.measure.fee_type for f in fees}
    assert len(types) >= 2
    a, b = (next(f for f in fees if f.measure.fee_type == t) for t in sorted(types)[:2])
    with pytest.raises(IncomparableError):  # the comparability guard refuses them
        same_measure([a, b])
    column = [tr.select("th, td")[0].get_text(strip=True) for tr in pages["en"].select("table.fees tbody tr")]
    runs = [t for i, t in enumerate(column) if i == 0 or column[i - 1] != t]
    assert len(runs) == len(set(runs))  # each fee type's rows together, one group per type


# --- one figure, one window ----------------------------------------------------------------------

def test_a_growth_figure_stated_for_two_windows_is_shown_with_one(data_copy):
    header, rows = read_rows(data_copy / "metrics.csv")
    kept = next(r for r in rows if r["platform"] == "douyin" and r["metric"] == "gmv_yoy" and r["period"] == "2024-08/2025-07"
                and not r["flag"])
    # A machine summary restates the same 49% for a window shifted by a month.
    copy = {**kept, "period": "2024-09/2025-08", "source_id": "pdd_etoro_2026q1_summary", "note": "test: a second window"}
    write_rows(data_copy / "metrics.csv", header, rows + [copy])
    a = analysis_of(data_copy)
    (pair,) = [p for p in a.two_windows if p.kept.platform == "douyin"]
    assert (pair.kept.period, pair.dropped.period) == ("2024-08/2025-07", "2024-09/2025-08")
    text = page_of(data_copy).get_text(" ")
    assert "2024-09/2025-08" not in text
    from click.testing import CliRunner

    from reportgen.cli import cli

    result = CliRunner().invoke(cli, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 0 and "2024-09/2025-08" in result.stderr  # a warning names the one left out


# --- parts and wholes ----------------------------------------------------------------------------

def test_a_part_stated_larger_than_its_whole_is_shown_with_the_conflict_stated(data_copy):
    add_rows(data_copy / "metrics.csv", [dict(
        platform="douyin", metric="gmv", period="2024", value="4000", unit="CNY_bn", basis="estimate", scope="live",
        definition="unspecified", source_id="ev_cnyes_d11_2025", quote="test: live commerce GMV of 4000 billion yuan in 2024",
        note="test: a part larger than the whole")])
    a = analysis_of(data_copy)
    (conflict,) = [c for c in a.conflicts if c.inner.platform == "douyin"]
    assert conflict.inner.measure.scope == "live" and conflict.outer.measure.scope == "all"
    # Both figures are shown (the GMV chart's data), each with the conflict stated beside it.
    page = page_of(data_copy)
    notes = {cell.select_one(".fig")["data-fig"]: cell.select_one(".derivation").get_text(" ", strip=True)
             for cell in page.select("td") if cell.select_one(".fig[data-fig]") and cell.select_one(".derivation")}
    assert notes[conflict.outer.key].startswith("Smaller than a figure for a part of it (live commerce only, 2024")
    # The part is not charted (Douyin's headline is the whole platform); wherever it is shown, so is the note.
    shown_inner = page.select(f'.fig[data-fig="{conflict.inner.key}"]')
    assert all(conflict.inner.key in notes for _ in shown_inner)
    if shown_inner:
        assert notes[conflict.inner.key].startswith("Larger than the figure for the whole it belongs to (whole platform, 2024")


# --- results published before their period ended ------------------------------------------------

def test_a_reported_figure_published_before_its_period_ended_is_refused(data_copy):
    add_rows(data_copy / "metrics.csv", [dict(
        platform="jd", metric="revenue", period="2026Q2", value="300", unit="CNY_bn", basis="reported", scope="group",
        definition="accounting", source_id="alibaba_ftbw_2026q1_fy2026_results", quote="test: revenue of 300 billion",
        note="test")])
    problems = [p for p in validate(data_copy)[1] if p.code == "before-period-end"]
    assert len(problems) == 1 and "write basis forecast" in problems[0].describe()


# --- "new" agrees everywhere -----------------------------------------------------------------------

def test_new_and_unchanged_agree_across_the_brief(analysis, pages):
    new = {f.key for f in analysis.changes.new_figures}
    for lang in ("zh", "en"):
        marked = {s["data-fig"] for s in pages[lang].select(".fig[data-new]")}
        shown = {s["data-fig"] for s in pages[lang].select(".fig[data-fig]")}
        assert marked and marked == new & shown  # every new figure shown is marked, and only those
        # The same figure is never "new" in one place and plain in another (the summary included).
        for key in marked:
            assert all(s.has_attr("data-new") for s in pages[lang].select(f'.fig[data-fig="{key}"]')), key


# --- every word in its edition's language ----------------------------------------------------------

WORKING_NOTES = re.compile(r"\b(mirror(ed)?|via|citing|copy of|archived|untitled|descriptive|machine-translated)\b", re.I)


def test_the_chinese_edition_carries_no_english_working_notes(pages):
    zh = pages["zh"]
    for node in zh.select("#sources li, .note, .others, .derivation, table caption, .gap-text"):
        text = node.get_text(" ")
        # A source's own title may be English (as printed); the words the brief adds around it may not.
        title = node.select_one(".source-title")
        if title is not None:
            text = text.replace(title.get_text(" "), "")
        assert not WORKING_NOTES.search(text), text
