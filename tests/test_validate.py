"""The validator on broken copies of the shipped data: each problem named by file, row, column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reportgen.data.validate import figure_in_quote, validate


def rewrite(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def codes(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    _, problems = validate(data_dir)
    return [(p.file, p.row, p.column, p.code) for p in problems]


def set_cell(column: str, row: int, value: str):
    def edit(rows):
        rows[row - 1][rows[0].index(column)] = value
    return edit


def test_shipped_data_is_valid():
    from conftest import DATASETS

    assert codes(DATASETS) == []


@pytest.mark.parametrize(
    "file, column, value, code",
    [
        ("metrics.csv", "value", "abc", "not-a-number"),
        ("metrics.csv", "value", "-5", "negative"),
        ("metrics.csv", "unit", "CNY_lakh", "not-allowed"),
        ("metrics.csv", "period", "2023Q5", "bad-period"),
        ("metrics.csv", "source_id", "nobody_said_this", "unknown-reference"),
        ("metrics.csv", "quote", "a sentence without the number", "figure-not-in-quote"),
        ("metrics.csv", "basis", "", "required"),
        ("demographics.csv", "share", "130", "above-maximum"),
        ("sources.csv", "published", "yesterday", "bad-format"),
    ],
)
def test_a_broken_cell_is_reported_where_it_is(data_copy, file, column, value, code):
    rewrite(data_copy / file, set_cell(column, 2, value))
    found = codes(data_copy)
    assert (file, 2, column, code) in found, found


def test_missing_and_renamed_columns(data_copy):
    def rename(rows):
        rows[0][rows[0].index("quote")] = "qoute"
    rewrite(data_copy / "subsidies.csv", rename)
    found = codes(data_copy)
    assert ("subsidies.csv", 1, "quote", "missing-column") in found


def test_duplicate_rows_are_reported_with_both_lines(data_copy):
    rewrite(data_copy / "category_share.csv", lambda rows: rows.append(list(rows[1])))
    _, problems = validate(data_copy)
    dup = [p for p in problems if p.code == "duplicate-key"]
    assert len(dup) == 1 and "duplicates row 2" in dup[0].message


def test_seed_quotes_must_match_the_seed_character_for_character(data_copy):
    def edit(rows):
        source = rows[0].index("source_id")
        quote = rows[0].index("quote")
        for row in rows[1:]:
            if row[source].startswith("seed_003_311692"):
                row[quote] = row[quote].replace("预测", "預測")  # a traditional-character slip
                return
    rewrite(data_copy / "metrics.csv", edit)
    assert any(code == "quote-not-in-seed" for *_, code in codes(data_copy))


def test_utf8_bom_and_gb18030_files_are_read(data_copy):
    path = data_copy / "platforms.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert codes(data_copy) == []
    path.write_bytes(text.encode("gb18030"))
    assert codes(data_copy) == []


def test_binary_and_empty_files_are_refused(data_copy):
    (data_copy / "categories.csv").write_bytes(b"PK\x03\x04\x00\x00")
    (data_copy / "category_share.csv").write_bytes(b"")
    found = codes(data_copy)
    assert ("categories.csv", None, None, "binary-file") in found
    assert ("category_share.csv", None, None, "empty-file") in found


def test_gender_distribution_that_does_not_add_up(data_copy):
    def edit(rows):
        share, bucket, dimension = (rows[0].index(c) for c in ("share", "bucket", "dimension"))
        for row in rows[1:]:
            if row[dimension] == "gender" and row[bucket] == "female" and row[share] == "48.2":
                row[share] = "28.2"
    rewrite(data_copy / "demographics.csv", edit)
    assert any(code == "distribution-incomplete" for *_, code in codes(data_copy))


@pytest.mark.parametrize(
    "figure, quote, expected",
    [
        ("3026", "看规模,视频号电商GMV规模3026亿", True),
        ("11844", "人民幣11,844億元", True),
        ("224.8", "RMB224 .8 billion", True),
        ("1.5", "约1.5万亿", True),
        ("30", "2030年", False),
        ("3", "2023年", False),
        ("8", "8.5亿", False),
        ("60", "占比达到约 ６０%", True),  # full-width digits
    ],
)
def test_figure_in_quote(figure, quote, expected):
    assert figure_in_quote(figure, quote) is expected


def test_number_words_state_a_figure():
    from reportgen.data.validate import figure_in_quote

    assert figure_in_quote("100", "微信小店全域带货规模实现超过翻倍增长", "pct")
    assert figure_in_quote("1.92", "GMV规模是2023年的1.92倍", "times")
    assert not figure_in_quote("100", "微信小店全域带货规模实现超过翻倍增长", "CNY_100M")
    assert not figure_in_quote("200", "实现超过翻倍增长", "pct")


def test_the_face_shows_every_printable_ascii_character():
    # Validation skips the character-map lookup for printable ASCII text on this promise.
    from reportgen.fonts import supported_codepoints, unsupported_characters

    assert all(point in supported_codepoints() for point in range(0x20, 0x7F))
    assert unsupported_characters("GMV 3.5万亿元 \U0001F600") == ["\U0001F600"]  # an emoji it lacks
