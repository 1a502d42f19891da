"""The message catalogues: the same keys in both languages, and every key used by the code or
the templates (a key nothing reads is a sentence no brief can print, or a stale translation)."""

from __future__ import annotations

import re
import tomllib

from reportgen.data.registry import FACT_TABLES
from reportgen.i18n import _flatten, load_messages
from reportgen.paths import PACKAGE_DIR, TEMPLATES_DIR

QUOTED = re.compile(r"""["']([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)["']""")
# A key built in code: f"scope.{...}", f"methodology.p{i}", "family." + key, 'glossary.' ~ key.
BUILT = re.compile(r"""["']([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)\.[a-z0-9_]*(?:\{|["']\s*[+~])""")


def code_text() -> str:
    files = [*PACKAGE_DIR.rglob("*.py"), *TEMPLATES_DIR.rglob("*.html")]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def unused_keys(keys, code: str) -> list[str]:
    quoted = set(QUOTED.findall(code))
    prefixes = set(BUILT.findall(code)) | {t.metric_names for t in FACT_TABLES.values()}

    def used(key: str) -> bool:
        if key in quoted or any(key.startswith(p + ".") for p in prefixes):
            return True
        return key.endswith("_one") and used(key.removesuffix("_one"))  # the singular form (i18n.message_for)

    return [k for k in keys if not used(k)]


def test_both_catalogues_have_the_same_keys():
    zh, en = load_messages("zh"), load_messages("en")
    assert sorted(set(zh) ^ set(en)) == []


def test_every_catalogue_key_is_read_by_the_code_or_the_templates():
    tree = tomllib.loads((TEMPLATES_DIR / "i18n" / "en.toml").read_text(encoding="utf-8"))
    settings = {f"{table}.{key}" for table in ("language", "number") for key in tree.pop(table)}
    assert unused_keys(_flatten(tree), code_text()) == []
    # The settings are read by name too (a number pattern by its kind of figure).
    code = code_text()
    assert [s for s in settings if s.split(".")[1] not in code] == []


def test_the_usage_check_finds_an_unused_key():
    code = 'm["text.summary"]; f"scope.{m.scope}"; t(\'glossary.\' ~ key)'
    keys = ["text.summary", "text.summary_one", "scope.all", "glossary.gmv", "text.page_of", "metric.gmv"]
    assert unused_keys(keys, code) == ["text.page_of"]
