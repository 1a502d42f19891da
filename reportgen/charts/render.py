"""Turning charts into what the outputs embed: static SVG (PDF, HTML fallback, slide export),
the Vega-Lite spec (interactive HTML), and the inlined Vega runtime."""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import altair as alt

import reportgen.charts.theme  # noqa: F401  (registers the "reportgen" theme)
from reportgen.cache import cached_text, digest_of, environment_digest
from reportgen.paths import vega_bundle_path

CJK_FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")


def vl():
    """vl-convert, imported only when a chart is not in the cache (it brings a JS runtime)."""
    import vl_convert

    _register_fonts(vl_convert)
    return vl_convert


@lru_cache(maxsize=1)
def _register_fonts(module) -> None:
    for directory in CJK_FONT_DIRS:
        if Path(directory).is_dir():
            module.register_font_directory(directory)


def vega_lite_spec(chart: alt.TopLevelMixin, validate: bool = False) -> dict:
    """The chart's Vega-Lite spec. Validating it against the schema costs about 2 s a language,
    so builds skip it; the test suite validates every chart of the brief (test_build)."""
    with alt.theme.enable("reportgen"):
        return chart.to_dict(validate=validate)


def to_svg(spec: dict, id_prefix: str) -> str:
    """Static SVG, cached by spec; external data URLs are refused (specs carry their data inline)."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    key = digest_of(text, environment_digest())  # renderer version and font file included
    svg = cached_text("charts", key, lambda: vl().vegalite_to_svg(spec, allowed_base_urls=[]))
    # The XML declaration is not allowed inside HTML; keep just the <svg> element.
    return stable_ids(svg[svg.index("<svg"):], id_prefix)


def stable_ids(svg: str, prefix: str) -> str:
    """Renumber the SVG's ids (Vega counts clip paths per process: clip1, clip26, ...) as
    prefix-1, prefix-2 in order of appearance, so a chart's SVG depends only on the chart and
    several charts can share one HTML page."""
    names = {}
    for name in re.findall(r'\bid="([^"]+)"', svg):
        names.setdefault(name, f"{prefix}-{len(names) + 1}")
    if not names:
        return svg
    pattern = re.compile(r'(\bid="|url\(#|href="#)(' + "|".join(map(re.escape, names)) + r')(?=[")])')
    return pattern.sub(lambda m: m.group(1) + names[m.group(2)], svg)


def to_png(spec: dict, scale: float = 2.0) -> bytes:
    return vl().vegalite_to_png(spec, scale=scale, allowed_base_urls=[])


def spec_json_for_script(spec: dict) -> str:
    """JSON safe to place inside <script type="application/json">: every '<' is written as the
    JSON escape \\u003c, so neither '</script' nor '<!--' can end or change the element."""
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c")


@lru_cache(maxsize=1)
def vega_runtime_js() -> str:
    """Vega, Vega-Lite and vega-embed as one script. Building it takes about 2 s and 80 MB and
    depends only on the vl-convert version, so it is built once per installation (setup.sh does
    it) and read from there; if that folder cannot be written, the user cache keeps it."""
    path = vega_bundle_path()
    try:
        bundle = path.read_text(encoding="utf-8")
    except OSError:
        bundle = cached_text("vega", f"bundle-{version('vl-convert-python')}", lambda: vl().javascript_bundle())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(bundle, encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass
    # Inlined in <script>: a literal "</script" inside the bundle would end the element early.
    return bundle.replace("</script", "<\\/script")
