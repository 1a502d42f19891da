"""Each vocabulary once: the descriptor's allowed values, the code's vocabularies and every message
catalogue name the same values; a value the descriptor allows but the code does not know is a
validation error with a message, never a crash later."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import DATASETS
from reportgen.cli import cli
from reportgen.i18n import load_messages
from reportgen.outputs import LANGUAGES
from reportgen.vocabulary import COLUMNS, VOCABULARIES, vocabulary_of

# Catalogue groups that hold other keys besides a vocabulary's labels.
SHARED_GROUPS = {"deep_dive"}


def descriptor_fields() -> dict[tuple[str, str], dict]:
    package = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    return {(r["name"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]}


def test_the_descriptor_allows_exactly_the_values_the_code_knows():
    fields = descriptor_fields()
    allowed: dict[str, set[str]] = {}  # vocabulary -> every value some column allows
    for (table, column), field in fields.items():
        enum = field.get("constraints", {}).get("enum")
        vocabulary = vocabulary_of(table, column)
        if enum is None:
            assert vocabulary is None, f"{table}.{column} is coded in the code but free text in the descriptor"
            continue
        assert vocabulary is not None, f"{table}.{column} has allowed values but no vocabulary in reportgen/vocabulary.py"
        assert set(enum) <= set(vocabulary.values), f"{table}.{column}: unknown to the code: {set(enum) - set(vocabulary.values)}"
        allowed.setdefault(vocabulary.name, set()).update(enum)
    assert set(COLUMNS) <= set(fields), set(COLUMNS) - set(fields)
    # A value the code knows that no column allows is dead vocabulary (or a column the descriptor forgot).
    for name, values in allowed.items():
        assert values == set(VOCABULARIES[name].values), f"{name}: no column allows {set(VOCABULARIES[name].values) - values}"


def test_every_catalogue_names_every_value_and_nothing_else():
    groups: dict[str, set[str]] = {}
    for vocabulary in VOCABULARIES.values():
        if vocabulary.labels:
            groups.setdefault(vocabulary.labels, set()).update(vocabulary.values + vocabulary.shown)
    for lang in LANGUAGES:
        messages = load_messages(lang)
        for group, values in groups.items():
            named = {key.split(".", 1)[1] for key in messages if key.startswith(group + ".")}
            assert values <= named, f"{lang}: no {group}.<value> for {sorted(values - named)}"
            if group not in SHARED_GROUPS:
                assert named <= values, f"{lang}: {group}.<value> for values the code does not know: {sorted(named - values)}"


def test_a_value_allowed_by_the_descriptor_but_unknown_to_the_code_fails_validate(data_copy):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    metrics = next(r for r in package["resources"] if r["name"] == "metrics")
    scope = next(f for f in metrics["schema"]["fields"] if f["name"] == "scope")
    scope["constraints"]["enum"].append("metaverse")
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 3, result.output
    assert "datapackage.json, column 'metrics.scope': the descriptor allows 'metaverse', which reportgen does not know" in result.output
    # A row using it is refused by name too, and the command never crashes on it.
    rows = (data_copy / "metrics.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    first = next(csv_row for csv_row in rows[1:] if csv_row.count(",") >= len(header) - 1)
    assert ",all," in first
    (data_copy / "metrics.csv").write_text("\n".join([rows[0], first.replace(",all,", ",metaverse,", 1), *rows[2:]]) + "\n",
                                            encoding="utf-8")
    for command in (["validate"], ["facts"], ["build", "--format", "html"], ["export"], ["coverage"]):
        result = CliRunner().invoke(cli, [*command, "--data", str(data_copy)])
        assert result.exit_code == 3, (command, result.output)
        assert "'metaverse' is not one of the values reportgen knows" in result.output
