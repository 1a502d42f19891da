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


def vega_bundle_path() -> Path:
    """Where the installation keeps the HTML brief's Vega runtime: beside the libraries it is
    built from (a new vl-convert gets a new file), not in the user cache a cold build lacks."""
    import sys
    from importlib.metadata import version

    return Path(sys.prefix) / "share" / "reportgen" / f"vega-bundle-{version('vl-convert-python')}.js"
