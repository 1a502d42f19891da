"""Analysis against hand-computed expectations: the measure model, the selection rules, derived
figures, the comparability guard, and number formatting."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from reportgen.analysis import audience, categories, scale
from reportgen.analysis.figures import Figure
from reportgen.analysis.scenarios import scenario_set
from reportgen.analysis.figures import is_old
from reportgen.analysis.select import build_book, choose
from reportgen.data.dataset import fact_frame
from reportgen.i18n import Formatter
from reportgen.measures import IncomparableError, Measure, by_measure, same_measure
from reportgen.periods import Quarter, parse_period

SOURCES = pd.DataFrame([
    {"source_id": s, "published_date": d, "tier": t, "kind": "company_filing" if t == "primary" else "media"}
    for s, d, t in [
        ("ir", date(2025, 3, 25), "primary"), ("press", date(2025, 4, 1), "press"),
        ("press_late", date(2025, 9, 1), "press"), ("copy", date(2025, 12, 1), "republication"),
        ("summary", date(2026, 1, 1), "machine_summary"), ("a", date(2024, 2, 1), "press"),
        ("b", date(2024, 3, 1), "press"),
    ]
]).set_index("source_id")
METRIC_DEFAULTS = {"qualifier": "", "unit": "CNY_100M", "basis": "reported", "scope": "all", "definition": "unspecified",
                   "population": "", "flag": "", "source_id": "ir", "quote": "", "note": ""}


def metrics(rows: list[dict]) -> pd.DataFrame:
    """Rows as the loader prepares them (periods, measure, base values, tiers)."""
    df = pd.DataFrame([{**METRIC_DEFAULTS, **r} for r in rows], dtype=object)
    df["value_text"] = [str(v) for v in df["value"]]
    df["value"] = df["value"].astype(float)
    return fact_frame("metrics", df, {"taobao_tmall": 3}, SOURCES)


def gmv(platform, period, value, **kw):
    return {"platform": platform, "metric": "gmv", "period": period, "value": value, **kw}


# --- the measure model -----------------------------------------------------------------------

def test_a_figure_names_its_measure_from_its_columns():
    (row,) = metrics([gmv("kuaishou", "2024", 13896, scope="all_incl_partners")]).to_dict("records")
    assert row["measure"] == Measure("metrics", "gmv", "all_incl_partners", "unspecified")
    assert row["measure"].key == "gmv/all_incl_partners/unspecified"
    fiscal = metrics([gmv("taobao_tmall", "FY2022", 8317, scope="group")])["measure"].iloc[0]
    assert fiscal.year_basis == "fiscal" and fiscal.key.endswith("/fiscal")
    assert fiscal != Measure("metrics", "gmv", "group", "unspecified")  # fiscal and calendar years differ


def test_growth_measure_pairs_with_its_level():
    level = Measure("metrics", "gmv", "shop", "unspecified")
    assert level.growth_measure() == Measure("metrics", "gmv_yoy", "shop", "unspecified")
    assert level.growth_measure().level_measure() == level


def test_the_guard_refuses_figures_of_different_measures():
    a = Measure("metrics", "gmv", "all", "unspecified")
    b = Measure("metrics", "gmv", "all_incl_partners", "unspecified")
    items = [type("F", (), {"measure": a})(), type("F", (), {"measure": b})()]
    with pytest.raises(IncomparableError):
        same_measure(items)
    assert same_measure(items[:1]) == a
    assert list(by_measure(items)) == [a, b]


def test_growth_stated_as_a_multiple_is_percent_growth():
    (row,) = metrics([{"platform": "channels", "metric": "gmv_yoy", "period": "2024", "value": "1.92", "unit": "times",
                       "scope": "shop"}]).to_dict("records")
    assert row["value_base"] == pytest.approx(92) and row["value_dimension"] == "pct" and row["digits"] == 2


# --- selection ---------------------------------------------------------------------------------

def test_reported_beats_an_estimate_and_a_target_stays_apart():
    book = build_book(metrics([
        gmv("douyin", "2024", 35000, basis="estimate", source_id="press"),
        gmv("douyin", "2024", 34300, basis="reported", source_id="copy"),
        gmv("douyin", "2024", 40000, basis="target", source_id="a"),
    ]))
    (fig,) = book.actual.values()
    assert (fig.low, fig.basis, fig.sources) == (34300e8, "reported", ("copy",))
    assert [(a.low, a.basis) for a in fig.alternatives] == [(35000e8, "estimate")]
    (plan,) = book.plans.values()  # the target is kept apart, never beside the actual figure
    assert plan.basis == "target" and plan.key.endswith("|target")


def test_a_better_source_beats_a_newer_copy_and_the_newest_wins_among_equals():
    rows = metrics([gmv("kuaishou", "2025Q3", 3850.44, source_id="copy"), gmv("kuaishou", "2025Q3", 3850, source_id="ir")])
    fig = choose(rows)
    assert fig.sources[0] == "ir" and fig.low == 3850e8
    rows = metrics([gmv("douyin", "2024", 3.5, unit="CNY_1T", basis="estimate", source_id="press"),
                    gmv("douyin", "2024", 3.43, unit="CNY_1T", basis="estimate", source_id="press_late")])
    fig = choose(rows)
    assert (fig.low, fig.sources) == (3.43e12, ("press_late",))  # the later estimate supersedes
    assert [(a.low, a.sources) for a in fig.alternatives] == [(3.5e12, ("press",))]  # kept, never averaged


def test_a_range_comes_only_from_one_source():
    fig = choose(metrics([gmv("channels", "2025", 4200, qualifier="approx", basis="estimate", source_id="press"),
                          gmv("channels", "2025", 4400, qualifier="approx", basis="estimate", source_id="press")]))
    assert (fig.low, fig.high, fig.qualifier) == (4200e8, 4400e8, "approx")
    fig = choose(metrics([gmv("douyin", "2023", 2.2, unit="CNY_1T", basis="estimate", source_id="a"),
                          gmv("douyin", "2023", 2.7, unit="CNY_1T", basis="estimate", source_id="b")]))
    assert not fig.is_range and fig.low == 2.7e12  # two sources: one chosen, the other an alternative


def test_a_copy_of_the_company_release_beats_a_press_paraphrase_of_a_company_figure():
    sources = SOURCES.copy()
    sources.loc["copy", ["kind", "tier"]] = ["company_filing", "company_release"]  # the release, verbatim, on another host
    df = pd.DataFrame([{**METRIC_DEFAULTS, **gmv("kuaishou", "2025Q2", "358.9", unit="CNY_bn", source_id="copy")},
                       {**METRIC_DEFAULTS, **gmv("kuaishou", "2025Q2", "3589", qualifier="approx", source_id="press")}],
                      dtype=object)
    df["value_text"] = df["value"]
    df["value"] = df["value"].astype(float)
    fig = choose(fact_frame("metrics", df, {}, sources))
    assert (fig.sources, fig.qualifier, fig.low) == (("copy",), "", 358.9e9)  # the press's "约" is not the company's
    assert [(a.low, a.qualifier, a.sources) for a in fig.alternatives] == [(3589e8, "approx", ("press",))]


def test_sources_stating_the_same_value_are_cited_a_different_hedge_is_another_statement():
    fig = choose(metrics([gmv("taobao_tmall", "2024", 8, unit="CNY_1T", basis="estimate", qualifier="approx",
                              source_id="press_late"),
                          gmv("taobao_tmall", "2024", 8, unit="CNY_1T", basis="estimate", qualifier="approx",
                              source_id="press"),
                          gmv("taobao_tmall", "2024", 8, unit="CNY_1T", basis="estimate", qualifier="over", source_id="a")]))
    assert fig.sources == ("press_late", "press") and fig.qualifier == "approx"
    assert [(a.qualifier, a.sources) for a in fig.alternatives] == [("over", ("a",))]


def test_a_copy_that_drops_the_hedge_agrees_with_the_hedged_statement():
    # 36Kr: "around 8 trillion"; a later restatement at the same tier prints "8 trillion".
    fig = choose(metrics([gmv("taobao_tmall", "2024", 8, unit="CNY_1T", basis="estimate", qualifier="approx", source_id="a"),
                          gmv("taobao_tmall", "2024", 8, unit="CNY_1T", basis="estimate", source_id="b")]))
    assert fig.qualifier == "approx" and fig.sources == ("a", "b") and fig.alternatives == ()


def test_a_closer_copy_without_the_hedge_does_not_displace_it_but_a_company_release_does():
    rows = [gmv("douyin", "2025", 320, basis="reported", source_id="copy"),  # a republication: "320亿元"
            gmv("douyin", "2025", 320, basis="reported", qualifier="over", source_id="summary")]  # headline: "超320亿元"
    fig = choose(metrics(rows))
    assert (fig.qualifier, fig.sources) == ("over", ("summary", "copy"))
    fig = choose(metrics([{**rows[0], "source_id": "ir"}, rows[1]]))
    assert (fig.qualifier, fig.sources[0]) == ("", "ir") and [a.qualifier for a in fig.alternatives] == ["over"]


def test_the_most_precise_of_agreeing_statements_leads():
    fig = choose(metrics([{**gmv("x", "2025", "14"), "metric": "gmv_yoy", "unit": "pct", "source_id": "press_late"},
                          {**gmv("x", "2025", "14.2"), "metric": "gmv_yoy", "unit": "pct", "source_id": "press"}]))
    assert (fig.low, fig.sources) == (14.2, ("press", "press_late"))


def test_a_flagged_figure_is_never_chosen():
    fig = choose(metrics([gmv("kuaishou", "2025Q3", 3850.44, source_id="ir", flag="unreliable"),
                          gmv("kuaishou", "2025Q3", 385.0, unit="CNY_bn", source_id="copy")]))
    assert fig.sources == ("copy",) and fig.low == 385e9
    assert choose(metrics([gmv("x", "2025", 1, flag="conflict")])) is None


def test_old_means_more_than_two_years_before_the_quarter():
    (fig,) = build_book(metrics([gmv("pinduoduo", "2021Q4", 1)])).actual.values()
    assert is_old(fig, Quarter(2026, 1).end)  # ended 2021-12-31, before 2024-03-31
    (fig,) = build_book(metrics([gmv("pinduoduo", "2024Q2", 1)])).actual.values()
    assert not is_old(fig, Quarter(2026, 1).end)


# --- derived figures ---------------------------------------------------------------------------

def kuaishou_quarters(**kw):
    return [gmv("kuaishou", f"2024Q{q}", v, unit="CNY_bn", scope="all_incl_partners", **kw)
            for q, v in ((1, 288.1), (2, 305.3), (3, 334.2), (4, 462.1))]


def test_a_year_is_derived_as_the_sum_of_four_reported_quarters():
    book = build_book(metrics(kuaishou_quarters()))
    year = book.get("kuaishou", Measure("metrics", "gmv", "all_incl_partners", "unspecified"), "2024")
    # 288.1 + 305.3 + 334.2 + 462.1 = 1,389.7 billion, known to 0.1 billion: five digits
    assert (year.low, year.basis, year.derivation, year.digits) == (pytest.approx(1389.7e9), "derived", "sum_of_quarters", 5)
    assert [i.period for i in year.inputs] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]


def test_nothing_is_derived_from_a_hedged_or_estimated_input_or_over_a_reported_figure():
    rows = kuaishou_quarters()
    rows[3]["qualifier"] = "over"
    assert build_book(metrics(rows)).get("kuaishou", Measure("metrics", "gmv", "all_incl_partners", "unspecified"), "2024") is None
    rows = kuaishou_quarters(basis="estimate", source_id="press")
    assert all(f.basis == "estimate" for f in build_book(metrics(rows)).actual.values())
    book = build_book(metrics(kuaishou_quarters() + [gmv("kuaishou", "2024", 13896, scope="all_incl_partners")]))
    year = book.get("kuaishou", Measure("metrics", "gmv", "all_incl_partners", "unspecified"), "2024")
    assert (year.basis, year.low) == ("reported", 13896e8)


def test_growth_is_derived_from_two_reported_levels_and_outranks_an_estimate():
    book = build_book(metrics([
        gmv("kuaishou", "2023", 11844, scope="all_incl_partners"), gmv("kuaishou", "2024", 13896, scope="all_incl_partners"),
        {"platform": "kuaishou", "metric": "gmv_yoy", "period": "2024", "value": 20, "unit": "pct", "basis": "estimate",
         "scope": "all_incl_partners", "source_id": "press"},
    ]))
    growth = book.get("kuaishou", Measure("metrics", "gmv_yoy", "all_incl_partners", "unspecified"), "2024")
    # 13896 / 11844 - 1 = 17.325...%
    assert (growth.low, growth.basis) == (pytest.approx(17.3252, abs=1e-3), "derived")
    assert [(a.low, a.basis) for a in growth.alternatives] == [(20, "estimate")]


def test_a_level_is_derived_from_a_reported_base_and_reported_growth():
    book = build_book(metrics([
        gmv("channels", "2023", 1000, scope="shop"),
        {"platform": "channels", "metric": "gmv_yoy", "period": "2024", "value": "1.92", "unit": "times", "scope": "shop"},
    ]))
    level = book.get("channels", Measure("metrics", "gmv", "shop", "unspecified"), "2024")
    assert (level.low, level.basis, level.derivation) == (pytest.approx(1920e8), "derived", "level_from_growth")


# --- series and comparisons --------------------------------------------------------------------

def test_the_headline_series_is_the_platform_itself_and_the_newest():
    book = build_book(metrics([
        gmv("douyin", "2023", 2.7, unit="CNY_1T", basis="estimate", source_id="a"),
        gmv("douyin", "2023", 2.2, unit="CNY_1T", basis="estimate", scope="content", source_id="b"),
        gmv("douyin", "2024", 3.5, unit="CNY_1T", basis="estimate", source_id="press"),
        gmv("douyin", "2025Q1", 1, unit="CNY_1T", basis="estimate", scope="group", source_id="press"),
    ]))
    series = scale.headline_series(book, "douyin", "gmv")
    assert series.measure.scope == "all" and [f.period for f in series.figures] == ["2023", "2024"]


def test_a_wider_headline_keeps_the_platforms_own_series_beside_it():
    book = build_book(metrics([
        gmv("channels", "2023", 1000, basis="estimate", source_id="a"),  # Channels itself
        gmv("channels", "2025", 4200, basis="estimate", scope="shop", definition="actual_transactions", source_id="press"),
        {"platform": "channels", "metric": "gmv_yoy", "period": "2023", "value": "3", "unit": "times", "scope": "live",
         "source_id": "b"},
        {"platform": "channels", "metric": "gmv_yoy", "period": "2024", "value": "92", "unit": "pct", "scope": "shop",
         "source_id": "press"},
    ]))
    assert scale.headline_series(book, "channels", "gmv").measure.scope == "shop"  # WeChat Shop: newest
    (own,) = scale.own_series(book, "channels", "gmv")
    assert own.measure.scope == "all" and [f.period for f in own.figures] == ["2023"]
    assert [s.measure.scope for s in scale.own_series(book, "channels", "gmv_yoy")] == ["live"]
    assert scale.own_series(book, "douyin", "gmv") == []  # a headline of its own scope needs nothing beside it


def test_comparisons_only_within_one_measure_and_period():
    book = build_book(metrics([
        gmv("taobao_tmall", "2024", 8, unit="CNY_1T", qualifier="approx", basis="estimate", source_id="press"),
        gmv("douyin", "2024", 3.5, unit="CNY_1T", qualifier="approx", basis="estimate", source_id="press"),
        gmv("kuaishou", "2024", 13896, scope="all_incl_partners"),
        gmv("channels", "2025", 4200, basis="estimate", scope="shop", source_id="press"),
    ]))
    series = scale.annual_gmv(book, ["channels", "douyin", "kuaishou", "taobao_tmall"])
    assert scale.shares_of_total(series, ["channels", "douyin", "kuaishou", "taobao_tmall"]) == []
    assert scale.multiples(series, "channels") == []  # nobody else measures WeChat Shop GMV
    ((measure, period, figs),) = scale.ranking(series)
    assert (measure.scope, period, [f.platform for f in figs]) == ("all", "2024", ["taobao_tmall", "douyin"])
    (m,) = scale.multiples(series, "douyin")
    assert (m.platform, m.low, m.qualifier, m.basis) == ("taobao_tmall", pytest.approx(8 / 3.5), "approx", "estimate")


def test_shares_when_every_platform_shares_the_measure():
    book = build_book(metrics([gmv("a", "2024", 300, source_id="press", basis="estimate"),
                               gmv("b", "2024", 100, source_id="press", basis="estimate")]))
    shares = scale.shares_of_total(scale.annual_gmv(book, ["a", "b"]), ["a", "b"])
    assert sorted((c.platform, c.low) for c in shares) == [("a", 75.0), ("b", 25.0)]


def test_scenarios_compound_only_rates_of_the_levels_own_measure_down_base_and_up():
    from reportgen.analysis.evidence import Window
    from reportgen.analysis.figures import FigureBook
    from reportgen.sections import Needs

    level = Measure("metrics", "gmv", "shop", "actual_transactions")
    start = Figure("channels", level, "2025", date(2025, 1, 1), date(2025, 12, 31), "year", 4200e8, 4400e8, "money",
                   "estimate", "approx", ("press",), 2, published=date(2026, 1, 31), tier="press")

    def g(year, v, q="", definition="actual_transactions", scope="shop"):
        return Figure("channels", Measure("metrics", "gmv_yoy", scope, definition), year, date(int(year), 1, 1),
                      date(int(year), 12, 31), "year", v, v, "pct", "reported", q, ("ir",), 3, published=date(2026, 1, 31),
                      tier="primary")

    book = FigureBook()
    for fig in (start, g("2021", 300), g("2024", 92), g("2025", 100, "over"), g("2024", 150, scope="live")):
        book.add(fig)
    series = scale.Series("channels", level, (start,))
    window, needs = Window(date(2026, 1, 31)), Needs(inputs=2)
    s, gap = scenario_set(book, series, window, needs)
    assert gap is None and [f.period for f in s.pool] == ["2024", "2025"]  # 2021 is old; live commerce is another scope
    down, base, up = s.scenarios
    assert [x.name for x in s.scenarios] == ["downside", "base", "upside"] and s.horizon == 2027
    # Downside: the slowest rate (92%), halving each year; 4200 × 1.92 = 8064, × 1.46 = 11773.44 (亿元).
    assert down.rates == (92, 46) and down.path[1] == (2027, pytest.approx(11773.44e8), pytest.approx(12334.08e8))
    # Base: the latest rate (2025: more than 100%, used at 100%), halving every two years: 100%, 70.7%.
    assert base.rates[0] == 100 and base.rates[1] == pytest.approx(70.710678) and base.path[0][1:] == (8400e8, 8800e8)
    assert base.path[1][1] == pytest.approx(4200e8 * 2 * 1.70710678)
    # Upside: the fastest stated rate held; a floor, as its rate is "more than 100%".
    assert up.rates == (100, 100) and up.path[1][1:] == (pytest.approx(16800e8), pytest.approx(17600e8)) and up.qualifier == "approx"
    assert down.path[1][1] < base.path[1][1] < up.path[1][1]
    # Rates stated on another definition never compound onto this level: no scenarios, and why.
    other = FigureBook()
    for fig in (start, g("2024", 92, definition="unspecified"), g("2025", 100, "over", definition="unspecified")):
        other.add(fig)
    s, gap = scenario_set(other, series, window, needs)
    assert s is None and gap.reason == "too_few_rates" and gap.values["other_definitions"] == ("unspecified",)
    # Without a current level there is nothing to start from.
    s, gap = scenario_set(book, series, Window(date(2029, 6, 30)), needs)
    assert s is None and gap.reason == "no_level"


def demographics(rows):
    defaults = {"qualifier": "", "basis": "estimate", "population": "users", "scope": "all", "flag": "", "quote": "",
                "note": "", "source_id": "press"}
    df = pd.DataFrame([{**defaults, **r} for r in rows], dtype=object)
    df["share_text"] = [str(v) for v in df["share"]]
    df["share"] = df["share"].astype(float)
    return fact_frame("demographics", df, {}, SOURCES)


SCHEMES = pd.DataFrame([{"scheme": "gender_2", "buckets": "female|male"}, {"scheme": "gender_3", "buckets": "female|male|unstated"}])


def test_distributions_on_different_schemes_are_never_compared():
    rows = demographics([
        {"platform": "channels", "dimension": "gender", "scheme": "gender_3", "bucket": "male", "share": 41, "period": "2022"},
        {"platform": "channels", "dimension": "gender", "scheme": "gender_3", "bucket": "female", "share": 46, "period": "2022"},
        {"platform": "douyin", "dimension": "gender", "scheme": "gender_2", "bucket": "male", "share": 48, "period": "2022"},
        {"platform": "kuaishou", "dimension": "gender", "scheme": "gender_2", "bucket": "male", "share": 44, "period": "2022"},
    ])
    groups = audience.comparable_groups(audience.distributions(rows, SCHEMES, "gender"))
    assert sorted(sorted(d.platform for d in g) for g in groups) == [["channels"], ["douyin", "kuaishou"]]
    assert audience.skews(groups, "channels") == []  # 41% of registered users is not 41% of users
    channels = next(g for g in groups if g[0].platform == "channels")[0]
    assert [f.subject for f in channels.shares] == ["female", "male"]  # the scheme's order


def test_a_distribution_comes_from_the_source_stating_most_buckets_others_shown_beside():
    rows = demographics([
        {"platform": "channels", "dimension": "gender", "scheme": "gender_2", "bucket": "female", "share": 60,
         "qualifier": "over", "period": "2025", "source_id": "copy"},
        {"platform": "channels", "dimension": "gender", "scheme": "gender_2", "bucket": "female", "share": 60,
         "period": "2025", "source_id": "summary"},
        {"platform": "channels", "dimension": "gender", "scheme": "gender_2", "bucket": "male", "share": 40,
         "period": "2025", "source_id": "summary"},
    ])
    (dist,) = audience.distributions(rows, SCHEMES, "gender")
    assert [f.sources for f in dist.shares] == [("summary",), ("summary",)]  # both buckets from one source
    female = dist.shares[0]
    assert female.qualifier == "" and [(a.qualifier, a.sources) for a in female.alternatives] == [("over", ("copy",))]


def test_skew_against_peers_on_the_same_scheme_and_period():
    rows = demographics([
        {"platform": "channels", "dimension": "gender", "scheme": "gender_2", "bucket": "female", "share": 60, "period": "2025"},
        {"platform": "douyin", "dimension": "gender", "scheme": "gender_2", "bucket": "female", "share": 50, "period": "2025"},
        {"platform": "kuaishou", "dimension": "gender", "scheme": "gender_2", "bucket": "female", "share": 46, "period": "2025"},
    ])
    (skew,) = audience.skews(audience.comparable_groups(audience.distributions(rows, SCHEMES, "gender")), "channels")
    assert skew.skew_pp == pytest.approx(12)  # 60 − (50 + 46) / 2


def test_concentration_only_for_a_whole_mix():
    def mix(shares):
        return categories.CategoryMix("x", Measure("category_share", "gmv_share", "all"), "2024", tuple(
            Figure("x", Measure("category_share", "gmv_share", "all"), "2024", None, None, "year", s, s, "pct", "estimate", "",
                   ("a",), 2, subject=c) for c, s in shares))
    assert mix([("apparel", 60)]).hhi() is None
    assert mix([("apparel", 60), ("food", 40)]).hhi() == 60 ** 2 + 40 ** 2


# --- periods and formatting ----------------------------------------------------------------------

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


@pytest.mark.parametrize(
    "low, high, dimension, digits, zh, en",
    [
        (3026e8, 3026e8, "money", 4, "3,026亿元", "CNY 302.6 billion"),
        (1.5e12, 1.5e12, "money", 2, "1.5万亿元", "CNY 1.5 trillion"),
        (3000e8, 4000e8, "money", 2, "3,000–4,000亿元", "CNY 300–400 billion"),
        (5e8, 5e8, "money", 1, "5亿元", "CNY 500 million"),
        (1.3896e12, 1.3896e12, "money", 4, "1.390万亿元", "CNY 1.390 trillion"),  # a significant zero is kept
        (200, 200, "money", 3, "200元", "CNY 200"),
        (8e8, 8e8, "persons", 1, "8亿", "800 million"),
        (14e8, 14e8, "persons", 2, "14亿", "1.4 billion"),
        (60, 60, "pct", 2, "60%", "60%"),
        (2.3, 2.3, "ratio", 2, "2.3倍", "2.3×"),
    ],
)
def test_number_formatting_per_language(low, high, dimension, digits, zh, en):
    assert Formatter("zh").amount(low, high, dimension, digits) == zh
    assert Formatter("en").amount(low, high, dimension, digits) == en


def test_qualifiers_are_kept_in_the_text_ranges_included():
    def fig(low, high, qualifier):
        return Figure("x", Measure("metrics", "gmv", "all"), "2024", None, None, "year", low, high, "money", "estimate",
                      qualifier, ("x",), 2)
    assert Formatter("zh").figure(fig(3.5e12, 3.5e12, "approx")) == "约3.5万亿元"
    assert Formatter("en").figure(fig(3.5e12, 3.5e12, "approx")) == "~CNY 3.5 trillion"
    assert Formatter("zh").figure(fig(80e8, 80e8, "over")) == "超80亿元"
    assert Formatter("zh").figure(fig(4200e8, 4400e8, "approx")) == "约4,200–4,400亿元"


def test_growth_stated_as_a_multiple_shows_both_readings():
    rows = metrics([{"platform": "channels", "metric": "merchants_yoy", "period": "2025", "value": "1.7", "unit": "times",
                     "scope": "shop", "population": "merchants"},
                    {"platform": "channels", "metric": "orders_yoy", "period": "2024", "value": "2.25", "unit": "times",
                     "scope": "shop"}])
    merchants, orders = (choose(rows.iloc[[i]]) for i in (0, 1))
    assert Formatter("en").figure(merchants) == "70% (1.7× the year-earlier level)"
    assert Formatter("zh").figure(merchants) == "70%（为上年同期的1.7倍）"  # not "增速1.7倍", which reads as +170%
    assert Formatter("en").figure(orders) == "125% (2.25× the year-earlier level)"  # no invented fourth digit


def test_figures_never_show_more_than_four_digits():
    fig = Figure("x", Measure("metrics", "revenue", "group", "accounting"), "2025Q3", None, None, "quarter",
                 108276.5e6, 108276.5e6, "money", "reported", "", ("x",), 7)
    assert Formatter("en").figure(fig) == "CNY 108.3 billion"


def test_every_chart_spec_is_valid_vega_lite_in_both_languages(charts, analysis):
    # Builds skip Altair's schema validation for speed; this is where every chart is checked.
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    schema = load_schema()
    for lang in ("zh", "en"):
        assert [c.key for c in charts[lang]] == analysis.charts()
        for chart in charts[lang]:
            validate_jsonschema(chart.spec, schema)  # raises on the first spec Vega-Lite would refuse
