"""The brief's prose, derived from the analysis: key findings, the Channels deep-dive,
implications by merchant profile, scenarios and data caveats.

Every sentence is a catalogue template filled with figures from the data; each carries the
sources of those figures and the weakest basis among them (so an estimate reads as one).
A finding whose data is missing is left out, never guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

import pandas as pd

from reportgen.analysis.figures import BASIS_RANK
from reportgen.i18n import Formatter

FOCUS = "channels"


@dataclass(frozen=True)
class Sentence:
    text: str
    sources: tuple[str, ...]
    basis: str = "reported"


@dataclass(frozen=True)
class Implication:
    profile: str
    assessment: str  # favourable | mixed | unfavourable | unknown
    reasons: list[Sentence]
    quotes: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Scenario:
    name: str  # low | base | high
    growth_pct: float
    growth_source: Sentence
    path: list[tuple[int, float]]  # (year, GMV in yuan)


def weakest(*bases: str) -> str:
    return max(bases, key=BASIS_RANK.__getitem__)


def _join(*groups) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for g in groups for s in g))


class Writer:
    """Fills catalogue templates with formatted figures for one language."""

    def __init__(self, messages: dict[str, str], names: dict[str, str], categories: dict[str, str]):
        self.m = messages
        self.names = names
        self.categories = categories
        self.fmt = Formatter(messages["html_lang"][:2])

    def money(self, value: float, digits: int = 3) -> str:
        return self.fmt.amount(value, value, "money", digits)

    def pct(self, value: float, decimals: int = 1) -> str:
        return f"{self.fmt.number(value, decimals)}%"

    def say(self, key: str, sources, basis: str = "reported", **params) -> Sentence:
        return Sentence(self.m[key].format(**params), tuple(dict.fromkeys(sources)), basis)


# --- key findings ----------------------------------------------------------------------------

def key_findings(analysis, w: Writer) -> list[Sentence]:
    finders = (_scale_leader, _channels_gap, _fastest_growth, _quarterly_momentum, _largest_programme,
               _audience_skew, _channels_top_category, _aov_comparison)
    found = [f(analysis, w) for f in finders]
    return [s for s in found if s is not None][:8]


def _scale_leader(a, w):
    if a.shares.empty:
        return None
    year = int(a.shares["year"].max())
    rows = a.shares[a.shares["year"] == year].set_index("platform")
    leader = rows["share_pct"].idxmax()
    if FOCUS not in rows.index:
        return None
    return w.say("finding.scale_leader", _join(rows.loc[leader, "sources"], rows.loc[FOCUS, "sources"]),
                 weakest(*rows["basis"]), year=year, leader=w.names[leader], share=w.pct(rows.loc[leader, "share_pct"]),
                 channels_share=w.pct(rows.loc[FOCUS, "share_pct"]))


def _channels_gap(a, w):
    if a.gaps.empty:
        return None
    rows = a.gaps.sort_values("multiple")
    near, far = rows.iloc[0], rows.iloc[-1]
    return w.say("finding.channels_gap", _join(near["sources"], far["sources"]), weakest(near["basis"], far["basis"]),
                 year=int(near["year"]), near=w.names[near["platform"]], near_x=w.fmt.number(near["multiple"], 1),
                 far=w.names[far["platform"]], far_x=w.fmt.number(far["multiple"], 1))


def _fastest_growth(a, w):
    if a.growth.empty:
        return None
    year = int(a.growth["year"].max())
    rows = a.growth[a.growth["year"] == year].sort_values("growth_mid", ascending=False)
    top = rows.iloc[0]
    others = "; ".join(f"{w.names[r.platform]} {w.pct(r.growth_mid)}" for r in rows.iloc[1:].itertuples())
    key = "finding.fastest_growth" if len(rows) > 1 else "finding.only_growth"
    return w.say(key, _join(*rows["sources"]), weakest(*rows["basis"]), year=year,
                 platform=w.names[top["platform"]], growth=w.pct(top["growth_mid"]), others=others)


def _quarterly_momentum(a, w):
    if a.quarterly.empty:
        return None
    q = a.quarterly[a.quarterly["basis"] == "reported"].copy()
    if q.empty:
        return None
    latest = q.iloc[q["period"].map(lambda p: (int(p[:4]), int(p[-1]))).argmax()]
    year_ago = q[(q["platform"] == latest["platform"]) & (q["period"] == f"{int(latest['period'][:4]) - 1}{latest['period'][4:]}")]
    value = (latest["low"] + latest["high"]) / 2
    if year_ago.empty:
        return w.say("finding.quarter_level", latest["sources"], "reported", platform=w.names[latest["platform"]],
                     quarter=latest["period"], value=w.money(value, 4))
    before = (year_ago.iloc[0]["low"] + year_ago.iloc[0]["high"]) / 2
    return w.say("finding.quarter_growth", _join(latest["sources"], year_ago.iloc[0]["sources"]), "reported",
                 platform=w.names[latest["platform"]], quarter=latest["period"], value=w.money(value, 4),
                 growth=w.pct((value / before - 1) * 100))


def _largest_programme(a, w):
    from reportgen.units import UNITS

    rows = a.programmes[a.programmes["unit"].map(lambda u: u in UNITS and UNITS[u].dimension == "money")]
    if rows.empty:
        return None
    rows = rows.assign(yuan=[amt * UNITS[u].factor for amt, u in zip(rows["amount"], rows["unit"])])
    top = rows.sort_values(["yuan", "platform"], ascending=[False, True]).iloc[0]
    name = top["programme_zh"] if w.m["html_lang"].startswith("zh") else top["programme_en"]
    return w.say("finding.largest_programme", top["sources"], top["basis"], platform=w.names[top["platform"]],
                 programme=name, amount=w.money(top["yuan"]), period=top["period"] or w.m["text.undated"],
                 count=len(a.programmes))


def _audience_skew(a, w):
    frames = [f.assign(dimension=d) for d, f in a.skews.items() if len(f)]
    if not frames:
        return None
    rows = pd.concat(frames, ignore_index=True)
    top = rows.iloc[rows["skew_pp"].abs().argmax()]
    bucket = w.m.get(f"bucket.{top['bucket']}", top["bucket"])
    direction = w.m["finding.skew_higher" if top["skew_pp"] > 0 else "finding.skew_lower"]
    return w.say("finding.audience_skew", top["sources"], "estimate", bucket=bucket, direction=direction,
                 dimension=w.m[f"dimension.{top['dimension']}"], share=w.pct(top["focus_share"]),
                 others=w.pct(top["others_mean"]), n=len(top["peers"]))


def _channels_top_category(a, w):
    rows = a.category_shares[a.category_shares["platform"] == FOCUS]
    if rows.empty:
        return None
    top = rows.sort_values("share", ascending=False).iloc[0]
    return w.say("finding.channels_category", (top["source_id"],), top["basis"],
                 category=w.categories.get(top["category"], top["category"]), share=w.pct(top["share"], 0),
                 period=top["period"] or w.m["text.undated"])


def _aov_comparison(a, w):
    rows = a.economics[a.economics["metric"] == "aov"]
    if FOCUS not in set(rows["platform"]) or len(rows) < 2:
        return None
    mine = rows[rows["platform"] == FOCUS].iloc[0]
    others = rows[rows["platform"] != FOCUS].sort_values("value", ascending=False)
    listing = w.m["list_sep"].join(f"{w.names[r.platform]} {w.money(r.value)}" for r in others.itertuples())
    return w.say("finding.aov", _join(mine["sources"], *others["sources"]), weakest(*rows["basis"]),
                 aov=w.money(mine["value"]), others=listing)


# --- WeChat Channels deep-dive ------------------------------------------------------------------

DEEP_DIVE_TOPICS = ("traffic", "store_type", "advantage", "constraint", "strategy")


def deep_dive(claims: pd.DataFrame, lang: str) -> dict[str, list[dict]]:
    """Channels claims grouped by topic, each with paraphrase, verbatim quote and source."""
    rows = claims[claims["platform"] == FOCUS]
    out = {}
    for topic in DEEP_DIVE_TOPICS:
        group = rows[rows["topic"] == topic]
        out[topic] = [
            {"claim": r[f"claim_{lang}"], "quote": r["quote"], "stance": r["stance"], "source_id": r["source_id"], "note": r["note"]}
            for r in group.to_dict("records")
        ]
    return out


def channels_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """Channels' own metrics other than GMV (private-domain share, repurchase, AOV …): the
    latest figure per metric and scope."""
    rows = metrics[(metrics["platform"] == FOCUS) & ~metrics["metric"].isin(["gmv"]) & metrics["period_end"].notna()]
    rows = rows.sort_values(["metric", "scope", "period_end", "source_id"])
    return rows.groupby(["metric", "scope"], sort=True).tail(1)


# --- implications by merchant profile -----------------------------------------------------------

def implications(a, claims: pd.DataFrame, w: Writer, lang: str) -> list[Implication]:
    econ = a.economics.set_index(["platform", "metric"]) if len(a.economics) else pd.DataFrame()

    def fig(platform, metric):
        return econ.loc[(platform, metric)] if len(econ) and (platform, metric) in econ.index else None

    fit_quotes = [
        {"claim": r[f"claim_{lang}"], "quote": r["quote"], "source_id": r["source_id"]}
        for r in claims[(claims["platform"] == FOCUS) & (claims["topic"] == "merchant_fit")].to_dict("records")
    ]
    out = []

    # High vs low AOV: compare Channels' AOV with the others'.
    mine = fig(FOCUS, "aov")
    others = a.economics[(a.economics["metric"] == "aov") & (a.economics["platform"] != FOCUS)]
    if mine is not None and len(others):
        higher = mine["value"] > median(others["value"])
        reason = w.say("implication.aov_reason", _join(mine["sources"], *others["sources"]), weakest(mine["basis"], *others["basis"]),
                       aov=w.money(mine["value"]), median=w.money(median(others["value"])), n=len(others))
        out.append(Implication("high_aov", "favourable" if higher else "mixed", [reason]))
        out.append(Implication("low_aov", "unfavourable" if higher else "mixed", [reason]))
    else:
        out.append(Implication("high_aov", "unknown", [w.say("implication.no_data", (), metric=w.m["metric.aov"])]))

    # With or without a private-domain base: how much of Channels' GMV comes from private traffic.
    private = channels_private_share(a)
    if private is not None:
        share, sources, basis, scope = private
        reason = w.say("implication.private_reason", sources, basis, share=w.pct(share, 0), scope=w.m[f"scope.{scope}"])
        out.append(Implication("with_private", "favourable" if share >= 50 else "mixed", [reason]))
        out.append(Implication("without_private", "unfavourable" if share >= 50 else "mixed", [reason]))

    # Brands live on repeat custom: Channels' repurchase rate.
    f = fig(FOCUS, "repurchase_rate")
    if f is not None:
        reason = w.say("implication.repurchase_reason", f["sources"], f["basis"], value=w.pct(f["value"], 0), period=f["period"])
        out.append(Implication("brand", "favourable" if f["value"] >= 50 else "mixed", [reason]))
    else:
        out.append(Implication("brand", "unknown", [w.say("implication.no_data", (), metric=w.m["metric.repurchase_rate"])]))

    # White-label sellers compete on price and absorb returns: Channels' return rate.
    f = fig(FOCUS, "return_rate")
    if f is not None:
        reason = w.say("implication.return_reason", f["sources"], f["basis"], value=w.pct(f["value"], 0), period=f["period"])
        out.append(Implication("white_label", "mixed", [reason], fit_quotes))
    else:
        out.append(Implication("white_label", "unknown", [w.say("implication.no_data", (), metric=w.m["metric.return_rate"])], fit_quotes))

    # Industrial-belt sellers are mostly apparel, food and small goods: does Channels' mix match?
    rows = a.category_shares[a.category_shares["platform"] == FOCUS]
    if len(rows):
        top = rows.sort_values("share", ascending=False).iloc[0]
        reason = w.say("implication.category_reason", (top["source_id"],), top["basis"],
                       category=w.categories.get(top["category"], top["category"]), share=w.pct(top["share"], 0))
        out.append(Implication("industrial_belt", "favourable" if top["share"] >= 30 else "mixed", [reason]))
    return out


def channels_private_share(a) -> tuple[float, tuple, str, str] | None:
    rows = a.channels_metrics[a.channels_metrics["metric"] == "private_domain_share"]
    if rows.empty:
        return None
    r = rows.sort_values("period_end").iloc[-1]
    return r["value"], (r["source_id"],), r["basis"], r["scope"]


# --- outlook scenarios --------------------------------------------------------------------------

def scenarios(a, w: Writer, horizon_year: int) -> tuple[Sentence | None, list[Scenario]]:
    """Channels GMV paths to `horizon_year` under three growth assumptions taken from the data:
    low = the slowest latest YoY growth among the five platforms, base = their median,
    high = the fastest. A scenario, not a forecast: the assumptions are stated with sources."""
    base_rows = a.gmv[(a.gmv["platform"] == FOCUS) & (a.gmv["scope"] == "all") & a.gmv["basis"].isin(["reported", "estimate"])]
    if base_rows.empty or a.growth.empty:
        return None, []
    start = base_rows.sort_values("year").iloc[-1]
    latest = a.growth.sort_values("year").groupby("platform").tail(1).sort_values("growth_mid")
    if len(latest) < 2:
        return None, []
    picks = {"low": latest.iloc[0], "base": None, "high": latest.iloc[-1]}
    base_growth = median(latest["growth_mid"])
    start_value = start["mid_bn"] * 1e9
    out = []
    for name in ("low", "base", "high"):
        row = picks[name]
        growth = base_growth if row is None else row["growth_mid"]
        if row is None:
            source = w.say("scenario.base_source", _join(*latest["sources"]), weakest(*latest["basis"]), n=len(latest))
        else:
            source = w.say("scenario.platform_source", row["sources"], row["basis"], platform=w.names[row["platform"]],
                           year=int(row["year"]))
        path, value = [], start_value
        for year in range(int(start["year"]) + 1, horizon_year + 1):
            value *= 1 + growth / 100
            path.append((year, value))
        out.append(Scenario(name, growth, source, path))
    intro = w.say("scenario.intro", start["sources"], start["basis"], year=int(start["year"]),
                  value=w.money(start_value), horizon=horizon_year)
    return intro, out


# --- data caveats -------------------------------------------------------------------------------

def caveats(data, a, w: Writer) -> list[Sentence]:
    facts = pd.concat([df.assign(table=name) for name, df in data.facts().items()], ignore_index=True)
    out = []
    counts = facts["basis"].value_counts()
    out.append(w.say("caveat.basis_mix", (), total=len(facts), reported=int(counts.get("reported", 0)),
                     estimate=int(counts.get("estimate", 0)), forecast=int(counts.get("forecast", 0) + counts.get("target", 0))))
    inferred = data.sources[data.sources["date_basis"] == "inferred"]
    if len(inferred):
        out.append(w.say("caveat.inferred_dates", (), n=len(inferred), total=len(data.sources)))
    undated = facts[facts["period_kind"] == "undated"]
    if len(undated):
        out.append(w.say("caveat.undated", tuple(undated["source_id"]), n=len(undated)))
    gmv = data.metrics[data.metrics["metric"] == "gmv"]
    if (gmv["definition"].isin(["", "unspecified"])).any():
        out.append(w.say("caveat.definitions", (), n=int(gmv["definition"].isin(["", "unspecified"]).sum()), total=len(gmv)))
    if (gmv["period_kind"] == "fiscal_year").any():
        out.append(w.say("caveat.fiscal", ()))
    missing = []
    for platform in a.platforms:
        for family, frame in (("demographics", data.demographics), ("category_share", data.category_share),
                              ("subsidies", data.subsidies)):
            if platform not in set(frame["platform"]):
                missing.append(f"{w.names[platform]} · {w.m['family.' + family]}")
        for metric in ("return_rate", "take_rate"):
            if not ((data.metrics["platform"] == platform) & (data.metrics["metric"] == metric)).any():
                missing.append(f"{w.names[platform]} · {w.m['metric.' + metric]}")
    if missing:
        out.append(w.say("caveat.gaps", (), gaps=w.m["list_sep"].join(missing)))
    return out
