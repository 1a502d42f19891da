"""Series selection: for each platform, measure and period, the one figure the brief uses.

The rules, in order (the methodology section says the same in words):
1. A flagged row (a likely unit error, an unsourced claim) is never chosen.
2. Basis: a company's own figure before one derived from company figures, before a third party's
   estimate; forecasts and targets are kept apart and never stand in for an actual figure.
3. Among figures of that basis, the source closest to the figure's origin: the company's own
   release on its own host; then, for a company's figure, a verbatim copy of that release; then
   the press; then other copies and machine summaries.
4. Among those, the newest publication: a later figure supersedes an earlier one. A source that
   only repeats another's number without its hedge ("about", "more than") never leads over the
   hedged statement, unless it is the company's own release.
5. The chosen source's value is the figure (a range only when that one source states a range).
   Other sources stating the same value are cited with it (also when they drop its hedge: a
   copy's "8 trillion" restates 36Kr's "around 8 trillion"); other values become alternatives,
   shown as "other sources" beside it (a different hedge — "about" against "more than" — is a
   different statement). Nothing is averaged.
"""

from __future__ import annotations



import pandas as pd

from reportgen.analysis.derive import derive_all
from reportgen.analysis.figures import (ACTUAL, BASIS_RANK, COMPANY_TEXT_RANK, PLANS, Alternative, Figure, FigureBook,
                                       agree_when_rounded, provenance_rank)

Rows = list[dict]


def records(rows) -> Rows:
    """Fact rows as plain dicts: selection runs per platform, measure and period, thousands of
    times a build, and plain records make that cheap."""
    if not isinstance(rows, pd.DataFrame):
        return list(rows)
    # Column by column (.tolist() gives Python scalars), several times faster than
    # to_dict("records") on the small groups selection works on.
    columns = [rows[name].tolist() for name in rows.columns]
    return [dict(zip(rows.columns, values)) for values in zip(*columns)]


def choose(rows, bases: tuple[str, ...] = ACTUAL, lead_source: str | None = None) -> Figure | None:
    """The figure the brief uses from rows that all state the same platform, measure and period.
    `lead_source` makes one source lead (a distribution's shares all come from the source
    chosen for the whole distribution); the other sources still agree or differ with it."""
    rows = [r for r in records(rows) if not (r.get("flag") or "") and r["basis"] in bases
            and r["value_base"] is not None and not pd.isna(r["value_base"])]
    if not rows:
        return None
    led = [r for r in rows if r["source_id"] == lead_source]
    best_basis = min(BASIS_RANK[r["basis"]] for r in led or rows)
    best = [r for r in led or rows if BASIS_RANK[r["basis"]] == best_basis]
    ranked = sorted(best, key=lambda r: (_tier(r), -r["published_date"].toordinal(), r["source_id"]))
    lead = ranked[0]
    # A copy that prints the number without its hedge does not displace the hedged statement
    # ("8 trillion" restating "around 8 trillion"; "320亿元" restating the headline's "超320亿元"):
    # the hedge is what copies lose. Only the company's own text (its release, or a verbatim copy
    # of it) stands on its bare number.
    hedged = [r for r in ranked if r.get("qualifier") and r["value_base"] == lead["value_base"]]
    if not lead.get("qualifier") and hedged and _tier(lead) > COMPANY_TEXT_RANK:
        lead = hedged[0]
    best = [r for r in rows if BASIS_RANK[r["basis"]] == best_basis]
    # A range is one statement ("4200亿-4400亿元"): rows of the lead source share its quote. Two
    # statements of one source (an internal 4-trillion target and a public 3-trillion one) stay two.
    chosen = [r for r in best if _statement(r) == _statement(lead)]
    values = [float(r["value_base"]) for r in chosen]
    low, high = min(values), max(values)
    digits = max(int(r["digits"]) for r in chosen)
    by_statement: dict[tuple, list[dict]] = {}
    for r in rows:
        if _statement(r) != _statement(lead):
            by_statement.setdefault(_statement(r), []).append(r)
    agreeing, alternatives = [], []
    for (source_id, _), group in by_statement.items():
        group_values = [float(r["value_base"]) for r in group]
        if (group[0]["basis"] == lead["basis"] and low == high and len(set(group_values)) == 1
                and _one_qualifier(group) in (_one_qualifier(chosen), "")  # a copy may drop the hedge, never add one
                and agree_when_rounded([low, group_values[0]], min(digits, min(int(r["digits"]) for r in group)))):
            agreeing.append(group[0])  # the same statement from another source
        else:
            alternatives.append(Alternative(min(group_values), max(group_values), _one_qualifier(group),
                                            group[0]["basis"], (source_id,), max(int(r["digits"]) for r in group),
                                            group[0]["value_dimension"]))
    agreeing.sort(key=lambda r: (_tier(r), r["published_date"], r["source_id"]))
    # Of sources as close to the origin that state the same value, the most precise leads
    # (Syntun's "14.2%", not a copy's "14%").
    precise = max((r for r in agreeing if _tier(r) <= _tier(lead) and int(r["digits"]) > digits
                   and _one_qualifier([r]) == _one_qualifier(chosen)),
                  key=lambda r: int(r["digits"]), default=None)
    if precise is not None:
        agreeing = [lead] + [r for r in agreeing if r is not precise]
        lead, chosen = precise, [precise]
        low = high = float(precise["value_base"])
        digits = int(precise["digits"])
    return Figure(
        platform=lead["platform"], measure=lead["measure"], period=lead["period"],
        period_start=lead["period_start"], period_end=lead["period_end"], period_kind=lead["period_kind"],
        low=low, high=high, dimension=lead["value_dimension"], basis=lead["basis"], qualifier=_one_qualifier(chosen),
        sources=tuple(dict.fromkeys([lead["source_id"], *(r["source_id"] for r in agreeing)])),
        digits=max(digits, 1),
        published=lead["published_date"], tier=lead["tier"], subject=lead.get("subject", "") or "",
        alternatives=tuple(sorted(alternatives, key=lambda a: (BASIS_RANK[a.basis], a.low, a.sources))),
        stated_ratio=bool(lead.get("stated_ratio")),
        derived_from=tuple(k.strip() for k in (lead.get("derived_from") or "").split(";") if k.strip()),
    )


def _statement(row: dict) -> tuple[str, str]:
    return row["source_id"], row.get("quote") or ""


def _tier(row: dict) -> int:
    return provenance_rank(row.get("tier") or "")


def _one_qualifier(rows) -> str:
    found = {r["qualifier"] for r in rows if r.get("qualifier")}
    return found.pop() if len(found) == 1 else ""


def lead_distribution(rows: Rows, part: str = "bucket") -> Rows:
    """The rows of one distribution (shares of one platform and measure): the latest period's,
    from the one source the selection rules prefer (basis, then the most buckets stated — a
    distribution is read across its buckets —, then closeness to the origin, then the newest).
    Shares are never mixed across sources: their buckets and methods differ."""
    dated = [r for r in rows if r["period_end"] is not None and not pd.isna(r["period_end"])]
    latest = max((r["period_end"] for r in dated), default=None)
    pool = [r for r in dated if r["period_end"] == latest] if dated else list(rows)
    parts: dict[str, set] = {}  # buckets, or categories, each source states
    for r in pool:
        parts.setdefault(r["source_id"], set()).add(r[part])
    lead = min(pool, key=lambda r: (BASIS_RANK[r["basis"]], -len(parts[r["source_id"]]), _tier(r),
                                    -r["published_date"].toordinal(), r["source_id"]))
    return [r for r in pool if r["source_id"] == lead["source_id"] and r["period"] == lead["period"]]


def build_book(metrics: pd.DataFrame) -> FigureBook:
    """Choose a figure for every platform, measure and period the metrics table holds; then
    add what may be derived from reported figures (see derive.py)."""
    book = FigureBook()
    groups: dict[tuple, list[dict]] = {}
    for r in records(metrics):
        if r["period_end"] is not None and not pd.isna(r["period_end"]):
            groups.setdefault((r["platform"], r["measure"].key, r["period"]), []).append(r)
    for key in sorted(groups):
        group = groups[key]
        actual = choose(group, ACTUAL)
        plan = choose(group, PLANS)
        if actual is not None:
            book.add(actual)  # a target or forecast for the same period is kept apart, in book.plans
        if plan is not None:
            book.add(plan)
    derive_all(book)
    return book
