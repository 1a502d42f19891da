"""Validation of a data directory: schema first (columns, types, constraints, keys), then
meaning (periods, quotes that contain their figure, seed quotes, distributions).

Every check adds a Problem with file, row and column; nothing stops at the first one."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

from reportgen.data.files import UnsafeFile
from reportgen.data.folder import DataFolder, read_folder
from reportgen.data.read import RawTable, read_table
from reportgen.data.registry import FACT_TABLES
from reportgen.data.schema import DESCRIPTOR, Field, Resource, read_package
from reportgen.errors import Problem
from reportgen.fonts import FONT_FAMILY, unsupported_characters
from reportgen.measures import METRICS, UNIT_DIMENSIONS
from reportgen.periods import parse_period
from reportgen.outputs import LANGUAGES
from reportgen.units import UNITS
from reportgen.vocabulary import Vocabulary, vocabulary_of

SEEDS_DIR = "seeds"
MAX_SEED_BYTES = 5_000_000
PUBLISHED = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")  # the descriptor checks the pattern; here, the calendar
# Above this a figure is not a typo we can guess at but an absurd value (10^14 yuan is ~7x
# China's GDP).
MAX_VALUE = 1e14
# The same bounds after conversion to the base unit: 10^14 yuan, or more persons than live on earth.
MAX_IN_BASE_UNIT = {"money": 1e14, "persons": 1e10}
DISTRIBUTION_TOLERANCE = 1.5
# An HTML tag, comment or entity-encoded tag: datasets hold plain text.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>|&lt;\s*/?\s*script", re.IGNORECASE)
# What Excel or LibreOffice would evaluate: =..., @..., or +/- followed by a formula rather than a number.
FORMULA = re.compile(r"^[=@+-]")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode's control characters (category Cc), exactly
SIGNED_NUMBER = re.compile(r"^[+-]\s*\d[\d,]*(\.\d+)?\s*%?$")  # "-5%", "+3.2": a value, not a formula  # percentage points of rounding a source's shares may carry


def validate(data: DataFolder | Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read and check every table of a data folder (read here when given as a path); return the
    raw tables and all problems found."""
    folder = data if isinstance(data, DataFolder) else read_folder(data)
    resources = read_package(folder)
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = _check_vocabularies(resources)
    for resource in resources:
        table, found = read_table(folder, resource.path)
        problems += found
        if table is None:
            continue
        found = _check_columns(resource, table)
        problems += found
        if found:
            continue
        problems += _check_cells(resource, table)
        problems += _check_primary_key(resource, table)
        tables[resource.name] = table
    for name in ("platforms", "sources"):
        if name in tables and not tables[name].rows:
            problems.append(Problem(tables[name].file, None, None, "no-rows",
                                    f"{tables[name].file} has no rows; a brief needs at least one"))
    by_name = {r.name: r for r in resources}
    for resource in resources:
        if resource.name in tables:
            problems += _check_foreign_keys(resource, tables, by_name)
    problems += _check_meaning(folder, tables, by_name)
    return tables, problems


def _check_vocabularies(resources: list[Resource]) -> list[Problem]:
    """A value the descriptor allows in a coded column but the code does not know would validate
    and then fail the analysis: it is a problem of the descriptor, named with what to do."""
    problems = []
    for resource in resources:
        for f in resource.fields:
            vocabulary = vocabulary_of(resource.name, f.name)
            unknown = [v for v in f.enum or () if vocabulary is not None and v not in vocabulary.values]
            if unknown:
                problems.append(Problem(DESCRIPTOR, None, f"{resource.name}.{f.name}", "descriptor-unknown-value",
                                        f"the descriptor allows {', '.join(repr(v) for v in unknown)}, which reportgen does "
                                        f"not know (it knows {', '.join(vocabulary.values)}); remove it from the enum, or "
                                        f"teach reportgen the value in reportgen/vocabulary.py"))
    return problems


def records(table: RawTable) -> list[tuple[int, dict[str, str]]]:
    return [(line, dict(zip(table.header, row))) for line, row in zip(table.lines, table.rows)]


def _check_columns(resource: Resource, table: RawTable) -> list[Problem]:
    expected = resource.field_names
    problems = []
    seen = set()
    for name in table.header:
        if name in seen:
            problems.append(Problem(table.file, 1, name, "duplicate-column", f"the column '{name}' appears twice in the header"))
        seen.add(name)
    missing = [n for n in expected if n not in table.header]
    extra = [n for n in table.header if n not in expected]
    for name in missing:
        hint = _closest(name, extra)
        problems.append(Problem(table.file, 1, name, "missing-column",
                                f"the header lacks the column '{name}'" + (f" (is '{hint}' a misspelling of it?)" if hint else "")))
    for name in extra:
        if not _closest(name, missing):
            problems.append(Problem(table.file, 1, name, "extra-column",
                                    f"the header has a column '{name}' the schema does not define (expected: {', '.join(expected)})"))
    return problems


def _closest(name: str, candidates: list[str]) -> str | None:
    match = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return match[0] if match else None


def _check_cells(resource: Resource, table: RawTable) -> list[Problem]:
    problems = []
    width = len(table.header)
    for line, row in zip(table.lines, table.rows):
        if len(row) != width:
            if not any(cell.strip() for cell in row):
                problems.append(Problem(table.file, line, None, "blank-row", "the row is blank; delete it"))
            else:
                problems.append(Problem(table.file, line, None, "wrong-cell-count",
                                        f"the row has {len(row)} cells but the header has {width} (a stray comma or an unquoted comma in a text?)"))
            continue
        record = dict(zip(table.header, row))
        for f in resource.fields:
            message = _cell_problem(f, record[f.name], vocabulary_of(resource.name, f.name))
            if message:
                problems.append(Problem(table.file, line, f.name, message[0], message[1]))
    return problems


def _cell_problem(f: Field, raw: str, vocabulary: Vocabulary | None = None) -> tuple[str, str] | None:
    value = raw.strip()
    if value != raw and raw.strip():
        return "whitespace", f"'{raw}' has leading or trailing spaces"
    if not value:
        return ("required", "the value is required but empty") if f.required else None
    if CONTROL.search(value):
        return "control-character", "the text holds a control character (pasted from another program?)"
    if f.type == "string" and (tag := MARKUP.search(value)):
        return "markup", (f"the text holds markup ('{_clip(tag.group(0), 30)}'); datasets hold plain text only "
                          "(the brief escapes it anyway)")
    if f.type == "string" and FORMULA.match(value) and not SIGNED_NUMBER.match(value):
        return "formula-like", (f"the text starts like a spreadsheet formula ('{_clip(value, 30)}'); "
                                "a spreadsheet would run it, so start the cell differently")
    if missing := unsupported_characters(value):
        shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:5])
        return "unsupported-character", (f"the text holds {shown}, which the brief's font ({FONT_FAMILY}) cannot "
                                         "show and would print as a blank box; remove or replace it")
    if f.type in ("number", "integer"):
        number = parse_number(value)
        if number is None or (f.type == "integer" and not float(number).is_integer()):
            kind = "a whole number" if f.type == "integer" else "a number"
            return "not-a-number", f"'{value}' is not {kind} (write digits with a '.' decimal point, no units or thousands separators)"
        if f.minimum is not None and number < f.minimum:
            return "below-minimum", f"{value} is below the minimum {f.minimum:g}"
        if f.maximum is not None and number > f.maximum:
            return "above-maximum", f"{value} is above the maximum {f.maximum:g}"
        return None
    if f.enum and value not in f.enum:
        return "not-allowed", f"'{value}' is not one of the allowed values: {', '.join(f.enum)}"
    if vocabulary is not None and value not in vocabulary.values:
        return "not-allowed", f"'{value}' is not one of the values reportgen knows: {', '.join(vocabulary.values)}"
    if f.pattern and not re.fullmatch(f.pattern, value):
        return "bad-format", f"'{_clip(value)}' does not have the expected form ({f.pattern})"
    if f.max_length and len(value) > f.max_length:
        return "too-long", f"the text is {len(value)} characters; the limit is {f.max_length}"
    return None


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"


def parse_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _check_primary_key(resource: Resource, table: RawTable) -> list[Problem]:
    if not resource.primary_key:
        return []
    first_seen: dict[tuple, int] = {}
    problems = []
    for line, record in records(table):
        if len(record) != len(table.header):
            continue
        key = tuple(record.get(k, "") for k in resource.primary_key)
        if key in first_seen:
            problems.append(Problem(table.file, line, ", ".join(resource.primary_key), "duplicate-key",
                                    f"duplicates row {first_seen[key]}: the same {' + '.join(resource.primary_key)} ({' / '.join(key)})"))
        else:
            first_seen[key] = line
    return problems


def _check_foreign_keys(resource: Resource, tables: dict[str, RawTable], by_name: dict[str, Resource]) -> list[Problem]:
    problems = []
    table = tables[resource.name]
    for fk in resource.foreign_keys:
        target = tables.get(fk.resource)
        if target is None:
            continue
        known = {record.get(fk.ref_field, "") for _, record in records(target)}
        for line, record in records(table):
            value = record.get(fk.field, "")
            if value and value not in known:
                hint = _closest(value, sorted(known))
                problems.append(Problem(table.file, line, fk.field, "unknown-reference",
                                        f"'{_clip(value)}' is not a {fk.ref_field} in {by_name[fk.resource].path}"
                                        + (f" (did you mean '{hint}'?)" if hint else "")))
    return problems


# --- meaning -------------------------------------------------------------------------------

def _check_meaning(folder: DataFolder, tables: dict[str, RawTable], by_name: dict[str, Resource]) -> list[Problem]:
    problems: list[Problem] = []
    fiscal_end = {}
    if "platforms" in tables:
        names: dict[tuple[str, str], int] = {}
        colours: dict[str, int] = {}
        focus_lines: list[int] = []
        for line, r in records(tables["platforms"]):
            month = parse_number(r.get("fiscal_year_end_month", ""))
            fiscal_end[r.get("platform")] = int(month) if month and 1 <= month <= 12 else 12
            for column in (f"name_{lang}" for lang in LANGUAGES):
                name = " ".join(r.get(column, "").split()).casefold()
                if name and (column, name) in names:
                    problems.append(Problem(tables["platforms"].file, line, column, "duplicate-name",
                                            f"row {names[(column, name)]} has the same name; a reader could not tell "
                                            "the two platforms apart in a table or chart"))
                names.setdefault((column, name), line)
            colour = r.get("colour", "").upper()
            if colour in colours:
                problems.append(Problem(tables["platforms"].file, line, "colour", "duplicate-colour",
                                        f"row {colours[colour]} has the same colour; a reader could not tell the "
                                        "two platforms apart in a chart"))
            elif colour:
                colours[colour] = line
            if r.get("role") == "focus":
                focus_lines.append(line)
        if len(focus_lines) != 1:
            problems.append(Problem(tables["platforms"].file, focus_lines[1] if focus_lines[1:] else 1, "role",
                                    "one-focus", f"{len(focus_lines)} rows have the role 'focus'; exactly one "
                                    "platform is the one the brief is about, the others are 'rival'"))
    sources = {}
    seed_texts: dict[str, str] = {}
    if "sources" in tables:
        table = tables["sources"]
        seen_urls: dict[tuple, int] = {}
        today = date.today()
        for line, r in records(table):
            sources[r.get("source_id", "")] = r
            published = r.get("published", "").strip()
            if PUBLISHED.match(published):
                try:
                    start = parse_period(published).start
                except ValueError:
                    problems.append(Problem(table.file, line, "published", "bad-date",
                                            f"'{published}' is not a date on the calendar"))
                else:
                    # Publication dates choose the default quarter: one in the future would move it.
                    if start > today:
                        problems.append(Problem(table.file, line, "published", "future-date",
                                                f"'{published}' is after today ({today.isoformat()}); a source cannot "
                                                "be published in the future (a typo in the year?)"))
            page = (r.get("url", "").strip().rstrip("/"), r.get("publisher", "").strip())
            if page[0] and page in seen_urls:
                problems.append(Problem(table.file, line, "url", "duplicate-source",
                                        f"row {seen_urls[page]} is the same page from the same publisher; cite one source "
                                        "(a second id would count the page twice)"))
            seen_urls.setdefault(page, line)
            if not r.get("url", "").strip() and not r.get("seed_file", "").strip():
                problems.append(Problem(table.file, line, "url", "no-location",
                                        "a source needs a url or a seed_file so a reader can find it"))
            seed = r.get("seed_file", "").strip()
            if seed and seed not in seed_texts:
                seed_texts[seed] = ""
                if Path(seed).is_absolute() or ".." in Path(seed).parts:
                    problems.append(Problem(table.file, line, "seed_file", "seed-outside",
                                            f"'{seed}' is not a file name inside datasets/{SEEDS_DIR}/"))
                    continue
                try:
                    seed_texts[seed] = folder.read(f"{SEEDS_DIR}/{seed}", MAX_SEED_BYTES).decode("utf-8-sig")
                except UnsafeFile as exc:
                    code = "seed-missing" if exc.code == "file-missing" else exc.code
                    problems.append(Problem(table.file, line, "seed_file", code, f"datasets/{SEEDS_DIR}/{seed}: {exc}"))
                except UnicodeDecodeError as exc:
                    problems.append(Problem(table.file, line, "seed_file", "bad-encoding",
                                            f"datasets/{SEEDS_DIR}/{seed} is not UTF-8 text (byte {exc.start}); "
                                            "save the archived seed as UTF-8"))
    schemes = {}
    if "schemes" in tables:
        for _, r in records(tables["schemes"]):
            schemes[r.get("scheme", "")] = (r.get("dimension", ""), r.get("buckets", "").split("|"))
    for name, spec in {**FACT_TABLES, "claims": None}.items():
        table = tables.get(name)
        if table is None:
            continue
        for line, r in records(table):
            if len(r) != len(table.header):
                continue
            figure_field = spec.figure if spec else None
            problems += _check_fact(table, line, r, figure_field, fiscal_end, sources, seed_texts)
            if spec:
                problems += measure_problems(name, table.file, line, r, schemes)
    for name, spec in FACT_TABLES.items():
        if spec.distribution and name in tables:
            problems += _check_distributions(tables[name], spec.distribution)
    if "subsidies" in tables:
        problems += _check_programmes(tables["subsidies"])
    return problems


def _check_programmes(table: RawTable) -> list[Problem]:
    """One programme id is one programme: the same platform and name on every row (a source's
    own wording of the name goes in the note), so a programme is never counted twice."""
    first: dict[str, tuple[int, tuple]] = {}
    problems = []
    for line, r in records(table):
        if len(r) != len(table.header):
            continue
        identity = (r.get("platform"), *(r.get(f"programme_{lang}") for lang in LANGUAGES))
        pid = r.get("programme_id", "")
        if pid in first and first[pid][1] != identity:
            problems.append(Problem(table.file, line, "programme_id", "programme-inconsistent",
                                    f"programme '{pid}' has another platform or name on row {first[pid][0]}; give every "
                                    "row of one programme the same platform and names (put a source's own wording in note)"))
        first.setdefault(pid, (line, identity))
    return problems


def measure_problems(table: str, file: str, line: int, r: dict, schemes: dict) -> list[Problem]:
    """Does the row name a measure that makes sense? The metric registry says which units,
    definitions and populations a metric takes; a distribution's buckets come from its scheme."""
    problems = []

    def add(column, code, message):
        problems.append(Problem(file, line, column, code, message))

    if r.get("flag", "").strip() and not r.get("note", "").strip():
        add("note", "flag-without-note", "a flagged figure needs a note saying why it is kept out of the analysis")
    if table == "metrics":
        spec = METRICS.get(r.get("metric", ""))
        if spec is None:
            return problems  # the schema check already reported the unknown metric
        unit = UNITS.get(r.get("unit", ""))
        if unit and unit.dimension not in UNIT_DIMENSIONS[spec.dimension]:
            add("unit", "unit-kind", f"the unit {r['unit']} measures {unit.dimension}, but {spec.name} is measured in "
                f"{' or '.join(UNIT_DIMENSIONS[spec.dimension])} (e.g. persons for GMV is a mistake)")
        definition = r.get("definition", "")
        if definition and definition not in spec.definitions:
            add("definition", "definition-not-for-metric",
                f"'{definition}' is not a definition of {spec.name}; use one of: {', '.join(spec.definitions)}")
        population = r.get("population", "")
        if population not in spec.populations:
            if spec.populations == ("",):
                message = f"{spec.name} is not a count of people: leave population empty (it says '{population}')"
            else:
                message = f"{spec.name} counts {' or '.join(spec.populations)}: population must say so (it says '{population or 'nothing'}')"
            add("population", "population-not-for-metric", message)
    elif table == "subsidies":
        amount, unit, kind = r.get("amount", "").strip(), UNITS.get(r.get("unit", "")), r.get("amount_type", "")
        if bool(amount) != bool(kind):
            add("amount_type", "amount-type-pair", "amount and amount_type go together: say what the amount is "
                "(pledged, disbursed, rate, reduction, cap, per_recipient) or leave both empty")
        elif unit and kind in AMOUNT_DIMENSIONS and unit.dimension not in AMOUNT_DIMENSIONS[kind]:
            add("unit", "unit-kind", f"a {kind} amount is measured in {' or '.join(AMOUNT_DIMENSIONS[kind])}, "
                f"not in {r['unit']} (a visitor cap is not money; a rate is a percentage)")
        counted = unit is not None and unit.dimension in ("persons", "count")
        if counted != bool(r.get("counts", "").strip()):
            add("counts", "counts-pair", "an amount in persons or a count must say what it counts (visitors, orders, "
                "points, exposures); a money amount or a rate leaves counts empty")
        if len({bool(r.get(f"component_{lang}", "").strip()) for lang in LANGUAGES}) > 1:
            add("component_en", "component-pair", "component_zh and component_en go together: name the part of the "
                "programme in both languages, or leave both empty")
    elif table == "demographics":
        scheme = schemes.get(r.get("scheme", ""))
        if scheme is not None:
            dimension, buckets = scheme
            if dimension != r.get("dimension"):
                add("scheme", "scheme-dimension", f"the scheme '{r['scheme']}' splits {dimension}, not {r.get('dimension')}")
            elif r.get("bucket") not in buckets:
                add("bucket", "bucket-not-in-scheme",
                    f"'{r.get('bucket')}' is not a bucket of the scheme '{r['scheme']}' ({' | '.join(buckets)})")
    elif table == "events":
        metric, unit = r.get("metric", ""), UNITS.get(r.get("unit", ""))
        wanted = {"gmv": "money", "gmv_yoy": "pct", "online_retail": "money", "online_retail_yoy": "pct",
                  "brands_over_100m": "count", "brands_over_100m_yoy": "pct"}.get(metric)
        if unit and wanted and unit.dimension != wanted:
            add("unit", "unit-kind", f"{metric} is measured in {wanted}, not in {r['unit']}")
    return problems


# What each kind of programme amount is measured in.
AMOUNT_DIMENSIONS = {"pledged": ("money",), "disbursed": ("money",), "per_recipient": ("money",),
                     "rate": ("pct",), "reduction": ("pct",), "cap": ("persons", "count", "money")}


def _check_fact(table, line, r, figure_field, fiscal_end, sources, seed_texts) -> list[Problem]:
    problems = []
    period = r.get("period", "").strip()
    if "period" in r and not period and not r.get("note", "").strip():
        problems.append(Problem(table.file, line, "note", "undated-without-note",
                                "a figure without a period needs a note saying why the source gives none"))
    parsed = None
    if period:
        try:
            parsed = parse_period(period, fiscal_end.get(r.get("platform"), 12))
        except ValueError as exc:
            problems.append(Problem(table.file, line, "period", "bad-period", str(exc)))
    source = sources.get(r.get("source_id", ""))
    published = _published_end((source or {}).get("published", ""))
    # (A festival tally whose period is only its edition's year does not state its window.)
    if (parsed is not None and published is not None and parsed.end > published and table.file != "subsidies.csv"
            and r.get("basis") in ACTUAL_BASES and period != r.get("edition")):
        # A figure for a period still under way when it was published is a projection, unless the
        # source counts what had happened so far: then its period is that part.
        problems.append(Problem(table.file, line, "basis", "before-period-end",
                                f"the source was published ({source['published']}) before the period {period} ended, so a "
                                f"'{r['basis']}' figure for it is a forecast: write basis forecast, or, if the source counts "
                                f"what had happened so far, give the period as that part (e.g. {_so_far(parsed.start, source['published'])})"))
    basis, derived_from = r.get("basis", ""), r.get("derived_from", "").strip()
    if basis == "derived" and table.file != "metrics.csv":
        problems.append(Problem(table.file, line, "basis", "derived-where",
                                "only metrics.csv holds figures a source derived from others (with derived_from)"))
    elif (basis == "derived") != bool(derived_from) and "derived_from" in r:
        problems.append(Problem(table.file, line, "derived_from", "derived-pair",
                                "a figure the source computed from others (basis derived) names them in derived_from "
                                "(their keys, ';'-separated, as `reportgen facts` shows them), and only such a figure does"))
    if r.get("fee_type") == "" and r.get("kind") in FEE_KINDS:
        problems.append(Problem(table.file, line, "fee_type", "fee-type-missing",
                                f"a {r['kind']} row says which charge it is about (fee_type: a basic software fee, a category "
                                "commission, a deposit …): fees are compared only within one type"))
    figure = r.get(figure_field, "").strip() if figure_field else ""
    unit = r.get("unit", "").strip() if "unit" in r else "pct"
    number = parse_number(figure) if figure else None
    if figure_field == "amount" and bool(figure) != bool(r.get("unit", "").strip()):
        problems.append(Problem(table.file, line, "unit", "amount-unit-pair",
                                "amount and unit go together: give both or leave both empty"))
    if number is not None:
        converted = number * UNITS[unit].factor if unit in UNITS else number
        limit = MAX_IN_BASE_UNIT.get(UNITS[unit].dimension if unit in UNITS else "", MAX_VALUE)
        if number > MAX_VALUE or converted > limit:
            problems.append(Problem(table.file, line, figure_field, "absurd-value",
                                    f"{figure} is implausibly large; figures are written in the source's unit (e.g. 3026 with unit CNY_100M for 3026亿)"))
        growth = r.get("metric", "").endswith("_yoy") or r.get("amount_type") == "reduction"
        if number < 0 and not r.get("metric", "").endswith("_yoy"):
            problems.append(Problem(table.file, line, figure_field, "negative",
                                    f"{figure} is below zero; only growth may be negative (a decline of 1.7% is -1.7)"))
        if unit == "pct" and number > 100 and not growth:
            problems.append(Problem(table.file, line, figure_field, "share-over-100", f"{figure}% is over 100%"))
    quote = r.get("quote", "")
    # A decline is stated in words ("下降1.7%", "down 1.7%"): the quote holds the number without its sign.
    if number is not None and quote and not figure_in_quote(figure.lstrip("-"), quote, unit):
        problems.append(Problem(table.file, line, "quote", "figure-not-in-quote",
                                f"the quote does not contain the figure {figure} as written; quote the words that state it"))
    seed = (source or {}).get("seed_file", "").strip()
    if seed and quote:
        if seed_texts.get(seed) and quote not in seed_texts[seed]:
            problems.append(Problem(table.file, line, "quote", "quote-not-in-seed",
                                    f"the quote is not found verbatim in seed {seed}: '{_clip(quote)}'"))
    return problems


# Bases of a figure that says what happened (the others are projections and goals).
ACTUAL_BASES = ("reported", "derived", "estimate")
# Kinds of programme rows about a charge: a fee, or support that cuts, waives or refunds one.
FEE_KINDS = ("fee", "fee_cut", "commission_waiver", "deposit_cut")


def _so_far(start: date, published: str) -> str:
    """The span from a period's start to a publication date, at the date's precision."""
    first = start.isoformat() if len(published.strip()) == 10 else start.strftime("%Y-%m")
    return f"{first}/{published.strip()}"


def _published_end(text: str) -> date | None:
    """The last day a source's publication date allows (a month-only date: its last day)."""
    try:
        return parse_period(text.strip()).end if PUBLISHED.match(text.strip()) else None
    except ValueError:
        return None


# Chinese words that state a number without digits: (word, unit, value). "翻倍" is a 100% rise
# (or 2 times the base); "百亿"/"千亿"/"万亿" are 10^10, 10^11 and 10^12 yuan.
NUMBER_WORDS = (
    ("翻倍", "pct", 100), ("翻番", "pct", 100), ("翻倍", "times", 2), ("翻番", "times", 2),
    ("百亿", "CNY_100M", 100), ("百亿", "CNY_bn", 10), ("千亿", "CNY_100M", 1000), ("千亿", "CNY_bn", 100),
    ("万亿", "CNY_1T", 1),
)


def figure_in_quote(figure: str, quote: str, unit: str = "") -> bool:
    """True when the quote states the figure: 3026 matches '3026亿' and '3,026', not '13026';
    100 (pct) matches '翻倍' (see NUMBER_WORDS)."""
    text = unicodedata.normalize("NFKC", quote)
    if any(word in text and unit == word_unit and float(figure) == value for word, word_unit, value in NUMBER_WORDS):
        return True
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"(?<=\d) +\.(?=\d)", ".", text)  # "RMB224 .8" as some scraped pages render it
    number = float(figure)
    variants = {figure.strip()}
    if number.is_integer():
        variants.add(str(int(number)))
    else:
        variants.add(repr(number))
    for variant in variants:
        if re.search(rf"(?<![\d.]){re.escape(variant)}(?!\d|\.\d)", text):
            return True
    return False


def _check_distributions(table: RawTable, group_by: tuple[str, ...]) -> list[Problem]:
    totals: dict[tuple, float] = defaultdict(float)
    first_line: dict[tuple, int] = {}
    buckets: dict[tuple, set] = defaultdict(set)
    for line, r in records(table):
        share = parse_number(r.get("share", ""))
        if share is None:
            continue
        key = tuple(r.get(k, "") for k in group_by)
        totals[key] += share
        first_line.setdefault(key, line)
        buckets[key].add(r.get("bucket"))
    problems = []
    for key, total in totals.items():
        label = " / ".join(key)
        if total > 100 + DISTRIBUTION_TOLERANCE:
            problems.append(Problem(table.file, first_line[key], "share", "distribution-over-100",
                                    f"the shares of {label} add up to {total:g}%, more than 100%"))
        elif buckets[key] == {"male", "female"} and total < 100 - DISTRIBUTION_TOLERANCE:
            problems.append(Problem(table.file, first_line[key], "share", "distribution-incomplete",
                                    f"male and female shares of {label} add up to {total:g}%, not about 100%"))
    return problems
