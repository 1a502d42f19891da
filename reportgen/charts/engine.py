"""The chart engine (vl-convert: Vega in an embedded JavaScript runtime) and the fonts it draws
with. Kept apart from Altair so a short-lived child process can render SVGs without importing
pandas or Altair; the runtime's ~130 MB leave with that process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

CJK_FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")


def vl():
    """vl-convert with the brief's fonts registered."""
    import vl_convert

    _register_fonts(vl_convert)
    return vl_convert


@lru_cache(maxsize=1)
def _register_fonts(module) -> None:
    for directory in CJK_FONT_DIRS:
        if Path(directory).is_dir():
            module.register_font_directory(directory)


def render_svgs(specs: list[dict]) -> list[str]:
    """Static SVG of each Vega-Lite spec; external data URLs are refused (specs carry their data inline)."""
    engine = vl()
    return [engine.vegalite_to_svg(spec, allowed_base_urls=[]) for spec in specs]
