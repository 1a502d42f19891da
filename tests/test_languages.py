"""Languages as data: the editions are the message catalogues, and number scales, in-text case
and chart units come from them; no module outside the i18n layer branches on a language."""

from __future__ import annotations

import re

from reportgen import outputs
from reportgen.i18n import Formatter, load_catalogue
from reportgen.paths import PACKAGE_DIR

# A branch on a language: `lang == "zh"`, `if self.lang != "en"`, `"_zh" if …`.
BRANCH = re.compile(r"""[!=]=\s*["'](zh|en)["']|["'](zh|en)["']\s*[!=]=|\bif\b[^#]*\blang\b\s+(in|not in)\s*\(["']""")


def test_no_module_branches_on_a_language():
    found = [f"{path.relative_to(PACKAGE_DIR)}:{n}: {line.strip()}"
             for path in PACKAGE_DIR.rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if BRANCH.search(line)]
    assert found == []


def test_the_editions_are_the_catalogues_in_their_stated_order(tmp_path, monkeypatch):
    assert outputs.LANGUAGES == ("zh", "en")
    folder = tmp_path / "i18n"
    folder.mkdir()
    for lang, order in (("en", 2), ("zh", 1), ("fr", 3)):
        (folder / f"{lang}.toml").write_text(f"[language]\norder = {order}\n", encoding="utf-8")
    monkeypatch.setattr(outputs, "TEMPLATES_DIR", tmp_path)
    assert outputs._languages() == ("zh", "en", "fr")


def test_numbers_are_written_as_each_catalogue_says():
    assert Formatter("zh").amount(3.5e12, 3.5e12, "money", 2) == "3.5万亿元"
    assert Formatter("en").amount(3.5e12, 3.5e12, "money", 2) == "CNY 3.5 trillion"
    assert Formatter("zh").amount(4.2e11, 4.4e11, "money", 2) == "4,200–4,400亿元"
    assert Formatter("en").amount(4.2e11, 4.4e11, "money", 2) == "CNY 420–440 billion"
    assert Formatter("zh").amount(7.311e8, 7.311e8, "persons", 4) == "7.311亿"
    assert Formatter("en").amount(7.311e8, 7.311e8, "persons", 4) == "731.1 million"
    assert Formatter("en").amount(1300, 1300, "count", 2) == "1,300"
    assert load_catalogue("zh").settings["chart_money_divisor"] == 1e8
    assert load_catalogue("en").settings["lower_first_in_text"] is True
