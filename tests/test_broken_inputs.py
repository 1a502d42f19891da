"""A corpus of broken inputs, each with the exact message the user sees. Row 2 of metrics.csv is
Channels' 2023 GMV forecast of 3000 亿元 from seed article 311692 (see datasets/metrics.csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from reportgen.data.validate import validate


def edit_csv(name: str, change):
    def apply(data_dir: Path) -> None:
        path = data_dir / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        change(rows)
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return apply


def cell(name: str, column: str, value: str, row: int = 2):
    def change(rows):
        rows[row - 1][rows[0].index(column)] = value
    return edit_csv(name, change)


def raw(name: str, data: bytes):
    def apply(data_dir: Path) -> None:
        (data_dir / name).write_bytes(data)
    return apply


def header(name: str, change):
    def apply(rows):
        change(rows[0])
    return edit_csv(name, apply)


def drop_column(name: str, column: str):
    def change(rows):
        i = rows[0].index(column)
        for r in rows:
            del r[i]
    return edit_csv(name, change)


def add_column(name: str, column: str):
    def change(rows):
        rows[0].append(column)
        for r in rows[1:]:
            r.append("x")
    return edit_csv(name, change)


def line_edit(name: str, change):
    def apply(data_dir: Path) -> None:
        path = data_dir / name
        lines = path.read_text(encoding="utf-8").split("\n")
        change(lines)
        path.write_text("\n".join(lines), encoding="utf-8")
    return apply


def many_rows(n: int):
    def apply(data_dir: Path) -> None:
        path = data_dir / "category_share.csv"
        head = path.read_text(encoding="utf-8").splitlines()[0]
        row = "channels,food,1,,2022,estimate,gmv_share,seed_003_305578,1,n"
        path.write_text("\n".join([head] + [row] * n) + "\n", encoding="utf-8")
    return apply


def both(*edits):
    def apply(data_dir: Path) -> None:
        for edit in edits:
            edit(data_dir)
    return apply


def huge_file(data_dir: Path) -> None:
    with (data_dir / "metrics.csv").open("ab") as fh:
        fh.truncate(25 * 1024 * 1024)


def _rows(name: str) -> int:
    """How many rows the shipped table has: a row appended to it is row this + 2 (the header is row 1)."""
    with (Path(__file__).resolve().parent.parent / "datasets" / name).open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


CORPUS = [
    ("invalid-bytes", raw("platforms.csv", b"platform,name_zh\n\xff\xfe\xff,x\n"),
     "platforms.csv: the file is neither UTF-8 nor GB18030 text (byte 17); save it as 'CSV UTF-8' [bad-encoding]"),
    ("utf16", raw("categories.csv", "category,name_zh,name_en\n".encode("utf-16")),
     "categories.csv: the file holds NUL bytes: it is not a CSV text file (an .xlsx saved under a .csv name?); save it as 'CSV UTF-8' [binary-file]"),
    ("xlsx-renamed", raw("categories.csv", b"PK\x03\x04\x14\x00\x06\x00"),
     "categories.csv: the file holds NUL bytes: it is not a CSV text file (an .xlsx saved under a .csv name?); save it as 'CSV UTF-8' [binary-file]"),
    ("empty-file", raw("category_share.csv", b""),
     "category_share.csv: the file is empty; it needs at least its header row [empty-file]"),
    ("missing-column", drop_column("metrics.csv", "basis"),
     "metrics.csv, row 1, column 'basis': the header lacks the column 'basis' [missing-column]"),
    ("renamed-column", header("subsidies.csv", lambda h: h.__setitem__(h.index("quote"), "qoute")),
     "subsidies.csv, row 1, column 'quote': the header lacks the column 'quote' (is 'qoute' a misspelling of it?) [missing-column]"),
    ("extra-column", add_column("platforms.csv", "logo"),
     "platforms.csv, row 1, column 'logo': the header has a column 'logo' the schema does not define (expected: platform, name_zh, name_en, company_zh, company_en, fiscal_year_end_month, role, colour) [extra-column]"),
    ("duplicate-column", header("categories.csv", lambda h: h.__setitem__(2, "name_zh")),
     "categories.csv, row 1, column 'name_zh': the column 'name_zh' appears twice in the header [duplicate-column]"),
    ("duplicate-key", edit_csv("platforms.csv", lambda rows: rows.append(list(rows[1]))),
     f"platforms.csv, row {_rows('platforms.csv') + 2}, column 'platform': duplicates row 2: the same platform (channels) [duplicate-key]"),
    ("not-a-number", cell("metrics.csv", "value", "3,000"),
     "metrics.csv, row 2, column 'value': '3,000' is not a number (write digits with a '.' decimal point, no units or thousands separators) [not-a-number]"),
    ("unit-in-value", cell("metrics.csv", "value", "3000亿"),
     "metrics.csv, row 2, column 'value': '3000亿' is not a number (write digits with a '.' decimal point, no units or thousands separators) [not-a-number]"),
    ("negative", cell("metrics.csv", "value", "-3000"),
     "metrics.csv, row 2, column 'value': -3000 is below zero; only growth may be negative (a decline of 1.7% is -1.7) [negative]"),
    ("absurd", cell("metrics.csv", "value", "1000000000000000"),
     "metrics.csv, row 2, column 'value': 1000000000000000 is implausibly large; figures are written in the source's unit (e.g. 3026 with unit CNY_100M for 3026亿) [absurd-value]"),
    ("share-over-100", cell("category_share.csv", "share", "160"),
     "category_share.csv, row 2, column 'share': 160 is above the maximum 100 [above-maximum]"),
    ("unknown-platform", cell("metrics.csv", "platform", "wechat"),
     "metrics.csv, row 2, column 'platform': 'wechat' is not a platform in platforms.csv [unknown-reference]"),
    ("unknown-source", cell("metrics.csv", "source_id", "seed_003_31169"),
     "metrics.csv, row 2, column 'source_id': 'seed_003_31169' is not a source_id in sources.csv (did you mean 'seed_003_311692'?) [unknown-reference]"),
    ("unknown-unit", cell("metrics.csv", "unit", "亿元"),
     "metrics.csv, row 2, column 'unit': '亿元' is not one of the allowed values: CNY, CNY_10k, CNY_m, CNY_100M, CNY_bn, CNY_1T, pct, times, persons_10k, persons_m, persons_100M, count, count_10k [not-allowed]"),
    ("bad-period", cell("metrics.csv", "period", "2023Q5"),
     "metrics.csv, row 2, column 'period': '2023Q5' is not a period (YYYY, YYYYH1-2, YYYYQ1-4, YYYY-MM, YYYY-MM-DD, FYYYYY, or START/END of months or days) [bad-period]"),
    ("reversed-span", cell("metrics.csv", "period", "2023-12/2023-01"),
     "metrics.csv, row 2, column 'period': '2023-12/2023-01' is not a period (YYYY, YYYYH1-2, YYYYQ1-4, YYYY-MM, YYYY-MM-DD, FYYYYY, or START/END of months or days) [bad-period]"),
    ("figure-not-in-quote", cell("metrics.csv", "value", "3500"),
     "metrics.csv, row 2, column 'quote': the quote does not contain the figure 3500 as written; quote the words that state it [figure-not-in-quote]"),
    ("quote-not-in-seed", cell("metrics.csv", "quote", "视频号产业服务平台百准預測它2023年电商GMV达到3000亿"),
     "metrics.csv, row 2, column 'quote': the quote is not found verbatim in seed 003_5e073ef06f005e05.txt: '视频号产业服务平台百准預測它2023年电商GMV达到3000亿' [quote-not-in-seed]"),
    ("script-in-note", cell("metrics.csv", "note", "<script>alert(1)</script>"),
     "metrics.csv, row 2, column 'note': the text holds markup ('<script>'); datasets hold plain text only (the brief escapes it anyway) [markup]"),
    ("html-in-title", cell("sources.csv", "title", 'Report <img src="https://evil.example/x.png">'),
     "sources.csv, row 2, column 'title': the text holds markup ('<img src=\"https://evil.example…'); datasets hold plain text only (the brief escapes it anyway) [markup]"),
    ("formula-cell", cell("metrics.csv", "note", '=HYPERLINK("http://x","y")'),
     "metrics.csv, row 2, column 'note': the text starts like a spreadsheet formula ('=HYPERLINK(\"http://x\",\"y\")'); a spreadsheet would run it, so start the cell differently [formula-like]"),
    ("javascript-url", cell("sources.csv", "url", "javascript:alert(1)"),
     "sources.csv, row 2, column 'url': 'javascript:alert(1)' does not have the expected form (^https?://\\S+$) [bad-format]"),
    ("emoji", cell("metrics.csv", "note", "Big number 🚀"),
     "metrics.csv, row 2, column 'note': the text holds '🚀' (U+1F680), which the brief's font (Noto Sans CJK SC) cannot show and would print as a blank box; remove or replace it [unsupported-character]"),
    ("control-character", cell("metrics.csv", "note", "pasted\x07text"),
     "metrics.csv, row 2, column 'note': the text holds a control character (pasted from another program?) [control-character]"),
    ("long-quote", cell("metrics.csv", "quote", "3000" + "亿" * 10_000),
     "metrics.csv, row 2, column 'quote': the text is 10004 characters; the limit is 400 [too-long]"),
    ("stray-comma", line_edit("categories.csv", lambda lines: lines.__setitem__(1, lines[1] + ",extra")),
     "categories.csv, row 2: the row has 4 cells but the header has 3 (a stray comma or an unquoted comma in a text?) [wrong-cell-count]"),
    ("blank-row", line_edit("categories.csv", lambda lines: lines.insert(2, ",,,,")),
     "categories.csv, row 3: the row is blank; delete it [blank-row]"),
    ("required-empty", cell("metrics.csv", "basis", ""),
     "metrics.csv, row 2, column 'basis': the value is required but empty [required]"),
    ("leading-space", cell("metrics.csv", "basis", " forecast"),
     "metrics.csv, row 2, column 'basis': ' forecast' has leading or trailing spaces [whitespace]"),
    ("bad-date", cell("sources.csv", "published", "27/11/2022"),
     "sources.csv, row 2, column 'published': '27/11/2022' does not have the expected form (^\\d{4}-\\d{2}(-\\d{2})?$) [bad-format]"),
    ("no-location", both(cell("sources.csv", "url", ""), cell("sources.csv", "seed_file", "")),
     "sources.csv, row 2, column 'url': a source needs a url or a seed_file so a reader can find it [no-location]"),
    ("amount-without-unit", cell("subsidies.csv", "amount", "100"),
     "subsidies.csv, row 2, column 'unit': amount and unit go together: give both or leave both empty [amount-unit-pair]"),
    ("too-many-rows", many_rows(50_001),
     "category_share.csv: the file has more than 50,000 rows; the limit guards against a wrong or runaway file [too-many-rows]"),
    ("huge-file", huge_file,
     "metrics.csv: the file is 26 MB; the limit is 20 MB (is it the right file?) [file-too-large]"),
    # The measure model: a row's measure fields must make sense for its metric.
    ("unit-of-wrong-kind", cell("metrics.csv", "unit", "persons_100M"),
     "metrics.csv, row 2, column 'unit': the unit persons_100M measures persons, but gmv is measured in money (e.g. persons for GMV is a mistake) [unit-kind]"),
    ("definition-not-for-metric", cell("metrics.csv", "definition", "commission"),
     "metrics.csv, row 2, column 'definition': 'commission' is not a definition of gmv; use one of: order_incl_refunds, payment, actual_transactions, unspecified [definition-not-for-metric]"),
    ("population-for-money", cell("metrics.csv", "population", "users"),
     "metrics.csv, row 2, column 'population': gmv is not a count of people: leave population empty (it says 'users') [population-not-for-metric]"),
    ("bucket-not-in-scheme", cell("demographics.csv", "bucket", "46+"),
     "demographics.csv, row 2, column 'bucket': '46+' is not a bucket of the scheme 'age_18_24_25_30_31_35' (18-24 | 25-30 | 31-35) [bucket-not-in-scheme]"),
    ("scheme-of-another-dimension", cell("demographics.csv", "scheme", "gender_2"),
     "demographics.csv, row 2, column 'scheme': the scheme 'gender_2' splits gender, not age [scheme-dimension]"),
    ("unknown-scheme", cell("demographics.csv", "scheme", "gender_9"),
     "demographics.csv, row 2, column 'scheme': 'gender_9' is not a scheme in schemes.csv (did you mean 'gender_3'?) [unknown-reference]"),
    ("programme-counted-twice", cell("subsidies.csv", "programme_id", "kuaishou_commission_waiver_practice_2022", row=3),
     "subsidies.csv, row 3, column 'programme_id': programme 'kuaishou_commission_waiver_practice_2022' has another platform or name on row 2; give every row of one programme the same platform and names (put a source's own wording in note) [programme-inconsistent]"),
    ("amount-without-type", both(cell("subsidies.csv", "amount", "100"), cell("subsidies.csv", "unit", "CNY_100M")),
     "subsidies.csv, row 2, column 'amount_type': amount and amount_type go together: say what the amount is (pledged, disbursed, rate, reduction, cap, per_recipient) or leave both empty [amount-type-pair]"),
    ("flag-without-note", both(cell("metrics.csv", "flag", "conflict"), cell("metrics.csv", "note", "")),
     "metrics.csv, row 2, column 'note': a flagged figure needs a note saying why it is kept out of the analysis [flag-without-note]"),
    ("duplicate-source", edit_csv("sources.csv", lambda rows: rows.append([rows[3][0] + "_again"] + rows[3][1:])),
     f"sources.csv, row {_rows('sources.csv') + 2}, column 'url': row 4 is the same page from the same publisher; cite one source (a second id would count the page twice) [duplicate-source]"),
    ("count-without-noun", cell("subsidies.csv", "counts", "", row=17),
     "subsidies.csv, row 17, column 'counts': an amount in persons or a count must say what it counts (visitors, orders, points, exposures); a money amount or a rate leaves counts empty [counts-pair]"),
    ("component-in-one-language", cell("subsidies.csv", "component_zh", "首销直返现金"),
     "subsidies.csv, row 2, column 'component_en': component_zh and component_en go together: name the part of the programme in both languages, or leave both empty [component-pair]"),
    ("source-without-tier", cell("sources.csv", "tier", ""),
     "sources.csv, row 2, column 'tier': the value is required but empty [required]"),
    ("missing-file", lambda d: (d / "subsidies.csv").unlink(),
     "subsidies.csv: the file is missing (datapackage.json lists it) [file-missing]"),
]


@pytest.mark.parametrize("name, breaks, message", CORPUS, ids=[c[0] for c in CORPUS])
def test_broken_input_is_reported_exactly(data_copy, name, breaks, message):
    breaks(data_copy)
    _, problems = validate(data_copy)
    messages = [p.describe() for p in problems]
    assert message in messages


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 25


def test_a_descriptor_pointing_outside_the_data_directory_is_refused(data_copy):
    import json

    from reportgen.errors import InputError

    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../../etc/passwd"
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(InputError, match="paths must be relative and stay inside the data directory"):
        validate(data_copy)


def test_a_broken_descriptor_is_a_clear_error(data_copy):
    from reportgen.errors import InputError

    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="is not a valid data package descriptor"):
        validate(data_copy)
