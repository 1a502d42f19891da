"""What a build can produce: languages, formats and the output file names. Kept free of heavy
imports so the CLI can check options before loading pandas, Altair or WeasyPrint."""

from __future__ import annotations

import tomllib

from reportgen.paths import TEMPLATES_DIR
from reportgen.periods import Quarter


def _languages() -> tuple[str, ...]:
    """The languages a brief is written in: one per message catalogue (templates/i18n/<lang>.toml),
    in the order each catalogue's [language] table gives. A new language is a new catalogue."""
    order = {}
    for path in (TEMPLATES_DIR / "i18n").glob("*.toml"):
        try:
            with path.open("rb") as fh:
                order[path.stem] = int(tomllib.load(fh).get("language", {}).get("order", 99))
        except (OSError, tomllib.TOMLDecodeError, TypeError, ValueError):
            order[path.stem] = 99  # reading it for the build reports what is wrong
    return tuple(sorted(order, key=lambda lang: (order[lang], lang)))


LANGUAGES = _languages()
FORMATS = ("html", "pdf")
# The full brief, or the two-page summary (executive summary, scoreboard, the charts the summary
# cites, what it means for brands) for readers who will not read forty pages.
EDITIONS = ("full", "summary")
CHART_FORMATS = ("svg", "png")
EXPORT_FORMATS = ("csv", "xlsx")


def output_name(quarter: Quarter, lang: str, fmt: str, edition: str = "full") -> str:
    return f"brief-{quarter}-{lang}{'' if edition == 'full' else '-' + edition}.{fmt}"


def editions(quarter: Quarter, lang: str, available, edition: str = "full") -> list[tuple[str, str]]:
    """The HTML brief's links to its sibling files that exist (names in `available`): the other
    languages' HTML of the same edition, this language's PDF, then this language's other
    edition; as (catalogue key of the label, file name)."""
    wanted = [(f"edition.{other}", output_name(quarter, other, "html", edition)) for other in LANGUAGES if other != lang]
    wanted.append(("edition.pdf", output_name(quarter, lang, "pdf", edition)))
    wanted += [(f"edition.{other}_edition", output_name(quarter, lang, "html", other)) for other in EDITIONS if other != edition]
    return [(label, name) for label, name in wanted if name in set(available)]
