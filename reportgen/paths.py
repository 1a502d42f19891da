"""Where the bundled templates and datasets live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # A wheel carries them in reportgen/_bundled/; a checkout keeps them at the top level.
    inside = PACKAGE_DIR / "_bundled" / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


TEMPLATES_DIR = _bundled("templates")
BUNDLED_DATASETS_DIR = _bundled("datasets")


def default_data_dir() -> Path:
    """`datasets/` in the working directory when there is one, else the shipped datasets."""
    local = Path("datasets")
    return local if (local / "datapackage.json").is_file() else BUNDLED_DATASETS_DIR
