"""The one place the Jinja environment is built: templates/ loader, autoescape, strict undefined."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from reportgen.paths import TEMPLATES_DIR


@lru_cache(maxsize=4)
def jinja_env(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,  # every value from a dataset is text, never markup
        undefined=jinja2.StrictUndefined,  # a missing value fails the build, never prints blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
