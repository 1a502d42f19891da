"""Analysis and formatting against hand-computed expectations."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from reportgen.analysis.figures import Figure, figure_from_rows
from reportgen.analysis.scale import annual_gmv, latest_figure, preferred_points
from reportgen.i18n import Formatter
from reportgen.periods import Quarter, parse_period


def metrics(rows: list[dict]) -> pd.DataFrame:
    defaults = {"scope": "all", "definition": "", "qualifier": "", "unit": "CNY_100M", "dimension": "money"}
    df = pd.DataFrame([{**defaults, **r} for r in rows])
    parsed = [parse_period(p) for p in df["period"]]
    df["period_end"] = [p.end for p in parsed]
    df["period_kind"] = [p.kind for p in parsed]
    df["year"] = [p.end.year if p.is_annual else None for p in parsed]
    df["value_base"] = df["value"] * 1e8
    df["value_text"] = [format(v, "g") if float(v) != int(v) or abs(v) < 1e6 else str(int(v)) for v in df["value"]]
    return df


def test_parse_periods():
    assert parse_period("2023").start == date(2023, 1, 1)
    assert parse_period("2024H2").start == date(2024, 7, 1)
    assert parse_period("2022Q3").end == date(2022, 9, 30)
    fy = parse_period("FY2022", fiscal_year_end_month=3)
    assert (fy.start, fy.end) == (date(2021, 4, 1), date(2022, 3, 31))
    span = parse_period("2025-01/2025-04")
    assert (span.start, span.end, span.kind) == (date(2025, 1, 1), date(2025, 4, 30), "span")
    for bad in ("2023Q5", "2023-13", "23", "2025-04/2025-01", "FY23"):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_quarter_bounds():
    q = Quarter.parse("2024q4")
    assert (str(q), q.start, q.end) == ("2024Q4", date(2024, 10, 1), date(2024, 12, 31))
    assert Quarter.containing(date(2025, 5, 2)) == Quarter(2025, 2)


def test_conflicting_sources_become_a_range_and_keep_both_sources():
    rows = metrics([
        {"platform": "douyin", "metric": "gmv", "period": "2023", "value": 22000, "basis": "estimate", "source_id": "a"},
        {"platform": "douyin", "metric": "gmv", "period": "2023", "value": 27000, "basis": "estimate", "source_id": "b"},
    ])
    (point,) = annual_gmv(rows)
    assert (point.figure.low, point.figure.high) == (2.2e12, 2.7e12)
    assert point.figure.sources == ("a", "b")


def test_same_figure_at_two_precisions_is_not_a_conflict():
    rows = metrics([
        {"platform": "kuaishou", "metric": "gmv", "period": "2023", "value": 11844, "basis": "reported", "source_id": "ir"},
        {"platform": "kuaishou", "metric": "gmv", "period": "2023", "value": 11800, "basis": "reported", "source_id": "press"},
    ])
    fig = figure_from_rows(rows)
    assert (fig.low, fig.high) == (11844e8, 11844e8)


def test_reported_estimate_and_forecast_are_never_blended():
    rows = metrics([
        {"platform": "channels", "metric": "gmv", "period": "2023", "value": 1000, "basis": "estimate", "source_id": "a"},
        {"platform": "channels", "metric": "gmv", "period": "2023", "value": 3000, "basis": "forecast", "source_id": "b"},
    ])
    points = annual_gmv(rows)
    assert sorted(p.figure.basis for p in points) == ["estimate", "forecast"]
    (chosen,) = preferred_points(points)
    assert chosen.figure.basis == "estimate" and chosen.figure.low == 1000e8


def test_latest_figure_prefers_actuals_over_a_later_forecast():
    rows = metrics([
        {"platform": "channels", "metric": "gmv", "period": "2022", "value": 1000, "basis": "estimate", "source_id": "a"},
        {"platform": "channels", "metric": "gmv", "period": "2025", "value": 5000, "basis": "forecast", "source_id": "b"},
    ])
    metric, fig = latest_figure(rows, "channels", ("gmv",))
    assert (metric, fig.period, fig.basis) == ("gmv", "2022", "estimate")
    assert latest_figure(rows, "douyin", ("gmv",)) is None


@pytest.mark.parametrize(
    "low, high, dimension, digits, zh, en",
    [
        (3026e8, 3026e8, "money", 4, "3,026亿元", "CNY 302.6 billion"),
        (1.5e12, 1.5e12, "money", 2, "1.5万亿元", "CNY 1.5 trillion"),
        (3000e8, 4000e8, "money", 2, "3,000–4,000亿元", "CNY 300–400 billion"),
        (5e8, 5e8, "money", 2, "5亿元", "CNY 500 million"),
        (200, 200, "money", 3, "200元", "CNY 200"),
        (8e8, 8e8, "persons", 2, "8亿", "800 million"),
        (14e8, 14e8, "persons", 2, "14亿", "1.4 billion"),
        (60, 60, "pct", 2, "60%", "60%"),
    ],
)
def test_number_formatting_per_language(low, high, dimension, digits, zh, en):
    assert Formatter("zh").amount(low, high, dimension, digits) == zh
    assert Formatter("en").amount(low, high, dimension, digits) == en


def test_qualifiers_are_kept_in_the_text():
    fig = Figure(3.5e12, 3.5e12, "money", "estimate", "approx", "2024", ("x",), 2)
    assert Formatter("zh").figure(fig) == "约3.5万亿元"
    assert Formatter("en").figure(fig) == "~CNY 3.5 trillion"
    over = Figure(8e8, 8e8, "persons", "estimate", "over", "2022-06", ("x",), 2)
    assert Formatter("zh").figure(over) == "超8亿"


# --- scale, subsidies, audience, categories: hand-computed --------------------------------

from reportgen.analysis import audience, categories, subsidies  # noqa: E402
from reportgen.analysis.scale import cagr, gap_to_rivals, share_of_total, yoy_growth  # noqa: E402

FIVE = ["channels", "douyin", "kuaishou", "taobao_tmall", "pinduoduo"]


def gmv_rows(values: dict[tuple[str, str], tuple[float, str]]) -> pd.DataFrame:
    return metrics([
        {"platform": p, "metric": "gmv", "period": year, "value": v, "basis": b, "source_id": f"{p}{year}"}
        for (p, year), (v, b) in values.items()
    ])


def test_yoy_growth_and_its_basis():
    points = preferred_points(annual_gmv(gmv_rows({
        ("kuaishou", "2021"): (6800, "reported"), ("kuaishou", "2022"): (9012, "reported"),
        ("douyin", "2022"): (14100, "estimate"), ("douyin", "2023"): (22000, "estimate"),
        ("channels", "2022"): (1000, "estimate"), ("channels", "2024"): (3000, "estimate"),
    })))
    growth = yoy_growth(points).set_index("platform")
    # 9012 / 6800 - 1 = 32.529...%
    assert growth.loc["kuaishou", "growth_mid"] == pytest.approx(32.5294, abs=1e-3)
    assert growth.loc["kuaishou", "basis"] == "reported"
    # 22000 / 14100 - 1 = 56.028...%, an estimate because both ends are
    assert growth.loc["douyin", "growth_mid"] == pytest.approx(56.0284, abs=1e-3)
    assert growth.loc["douyin", "basis"] == "estimate"
    assert "channels" not in growth.index  # 2022 -> 2024 is not a year-on-year pair


def test_cagr_over_the_span():
    points = preferred_points(annual_gmv(gmv_rows({
        ("pinduoduo", "2019"): (10066, "reported"), ("pinduoduo", "2021"): (24410, "reported"),
    })))
    result = cagr(points, "pinduoduo")
    # (24410 / 10066) ** (1/2) - 1 = 55.72...%
    assert result["cagr_pct"] == pytest.approx(55.7243, abs=1e-3)
    assert (result["first_year"], result["last_year"]) == (2019, 2021)
    assert cagr(points, "channels") is None


def test_share_of_total_only_for_complete_years_and_sums_to_100():
    values = {(p, "2023"): (v, "estimate") for p, v in zip(FIVE, [1000, 27000, 11844, 72000, 40500])}
    values[("douyin", "2024")] = (35000, "estimate")  # 2024 lacks four platforms: no shares
    shares = share_of_total(preferred_points(annual_gmv(gmv_rows(values))), FIVE)
    assert set(shares["year"]) == {2023}
    assert shares["share_pct"].sum() == pytest.approx(100)
    total = 1000 + 27000 + 11844 + 72000 + 40500
    assert shares.set_index("platform").loc["channels", "share_pct"] == pytest.approx(100 * 1000 / total)


def test_gap_to_rivals_uses_the_latest_channels_year():
    points = preferred_points(annual_gmv(gmv_rows({
        ("channels", "2022"): (1000, "estimate"), ("channels", "2023"): (2000, "estimate"),
        ("kuaishou", "2023"): (11844, "reported"), ("douyin", "2022"): (14100, "estimate"),
    })))
    gaps = gap_to_rivals(points)
    assert list(gaps["platform"]) == ["kuaishou"]
    assert gaps["multiple"].iloc[0] == pytest.approx(5.922)
    assert gaps["basis"].iloc[0] == "estimate"  # the weaker of the two ends


def test_subsidy_intensity_needs_amount_and_same_year_gmv():
    programme_table = pd.DataFrame([
        {"platform": "douyin", "programme_zh": "A", "programme_en": "A", "period": "2024", "amount": 135,
         "unit": "CNY_100M", "sources": ("s1",)},
        {"platform": "douyin", "programme_zh": "B", "programme_en": "B", "period": "2024", "amount": None,
         "unit": None, "sources": ("s2",)},
        {"platform": "douyin", "programme_zh": "C", "programme_en": "C", "period": "2025-01", "amount": 80,
         "unit": "CNY_100M", "sources": ("s3",)},
    ])
    points = preferred_points(annual_gmv(gmv_rows({("douyin", "2024"): (35000, "estimate")})))
    result = subsidies.intensity(programme_table, points)
    assert list(result["programme_zh"]) == ["A"]
    assert result["intensity_pct"].iloc[0] == pytest.approx(135 / 35000 * 100)


def test_audience_skew_against_the_mean_of_others():
    dist = pd.DataFrame([
        {"platform": "channels", "bucket": "female", "share": 46.0, "source_id": "a", "population": "users"},
        {"platform": "douyin", "bucket": "female", "share": 56.0, "source_id": "b", "population": "users"},
        {"platform": "pinduoduo", "bucket": "female", "share": 48.2, "source_id": "c", "population": "users"},
        {"platform": "kuaishou", "bucket": "female", "share": 90.0, "source_id": "d", "population": "buyers"},
        {"platform": "channels", "bucket": "unknown", "share": 13.0, "source_id": "a", "population": "users"},
    ])
    result = audience.skew(dist).set_index("bucket")
    assert result.loc["female", "skew_pp"] == pytest.approx(46 - (56 + 48.2) / 2)  # buyers are not users
    assert "unknown" not in result.index  # no peer reports it


def test_hhi_and_coverage():
    shares = pd.DataFrame([
        {"platform": "x", "category": "apparel", "share": 60.0, "source_id": "a"},
        {"platform": "x", "category": "food", "share": 40.0, "source_id": "a"},
        {"platform": "y", "category": "apparel", "share": 30.0, "source_id": "b"},
    ])
    result = categories.concentration(shares).set_index("platform")
    assert result.loc["x", "hhi"] == 60**2 + 40**2 and bool(result.loc["x", "complete"])
    assert result.loc["y", "hhi"] == 900 and not bool(result.loc["y", "complete"])


# --- properties ------------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

positive = st.floats(min_value=1, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(values=st.lists(positive, min_size=5, max_size=5))
def test_shares_of_a_complete_year_sum_to_100(values):
    rows = gmv_rows({(p, "2023"): (round(v, 2), "estimate") for p, v in zip(FIVE, values)})
    shares = share_of_total(preferred_points(annual_gmv(rows)), FIVE)
    assert shares["share_pct"].sum() == pytest.approx(100)
    assert (shares["share_pct"] > 0).all()


@given(before=positive, after=positive)
def test_growth_reproduces_the_later_year(before, after):
    before, after = round(before, 2), round(after, 2)
    points = preferred_points(annual_gmv(gmv_rows({("kuaishou", "2022"): (before, "reported"),
                                                     ("kuaishou", "2023"): (after, "reported")})))
    growth = yoy_growth(points)["growth_mid"].iloc[0]
    assert before * (1 + growth / 100) == pytest.approx(after, rel=1e-9)


@given(values=st.lists(positive, min_size=1, max_size=6))
def test_a_range_spans_exactly_its_sources(values):
    values = [round(v, 1) for v in values]
    rows = metrics([{"platform": "douyin", "metric": "gmv", "period": "2023", "value": v, "basis": "estimate",
                     "source_id": f"s{i}"} for i, v in enumerate(values)])
    fig = figure_from_rows(rows)
    assert fig.low <= fig.high
    assert min(values) * 1e8 <= fig.low and fig.high <= max(values) * 1e8
    assert fig.sources == tuple(f"s{i}" for i in range(len(values)))
