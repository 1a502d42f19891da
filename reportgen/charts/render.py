"""Turning charts into what the outputs embed: static SVG (PDF, HTML fallback, slide export),
the Vega-Lite spec (interactive HTML), and the inlined Vega runtime."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.metadata import version

from reportgen.cache import cached_text, digest_of, environment_digest, is_cached, store_text, write_text_if_possible
from reportgen.charts.engine import render_svgs, vl
from reportgen.paths import vega_bundle_path

def svg_key(spec: dict) -> str:
    """The chart cache's key of a spec's SVG: the spec, the renderer's version and the font file."""
    return digest_of(json.dumps(spec, sort_keys=True, ensure_ascii=False), environment_digest())


def to_svg(spec: dict, id_prefix: str) -> str:
    """Static SVG, cached by spec; external data URLs are refused (specs carry their data inline)."""
    svg = cached_text("charts", svg_key(spec), lambda: render_svgs([spec])[0])
    # The XML declaration is not allowed inside HTML; keep just the <svg> element.
    return stable_ids(svg[svg.index("<svg"):], id_prefix)


def prerender(specs: list[dict], processes: int = 1) -> int:
    """Render every spec the chart cache lacks in short-lived child processes (`processes` at
    once, sharing the specs out) and store the SVGs, so the chart engine's memory leaves with
    them (a build's peak is then the parent plus its PDF layouts). If the cache cannot be
    written, to_svg renders in-process. Returns how many were drawn."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from reportgen.workers import init_worker

    missing = {svg_key(spec): spec for spec in specs}
    missing = {key: spec for key, spec in missing.items() if not is_cached("charts", key)}
    if not missing:
        return 0
    keys = list(missing)
    # Round-robin shares: each child gets a like mix of large and small charts.
    shares = [keys[i::processes] for i in range(min(processes, len(keys)))]
    with ProcessPoolExecutor(len(shares), mp_context=get_context("spawn"), initializer=init_worker) as children:
        rendered = children.map(render_svgs, [[missing[key] for key in share] for share in shares])
        for share, svgs in zip(shares, rendered):
            for key, svg in zip(share, svgs):
                store_text("charts", key, svg)
    return len(keys)


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
    """The chart as PNG: its SVG (from the chart cache, drawn if missing) rasterised. The same
    pixels as drawing the spec straight to PNG, without running Vega again for each size."""
    svg = cached_text("charts", svg_key(spec), lambda: render_svgs([spec])[0])
    return vl().svg_to_png(svg, scale=scale)


def spec_json_for_script(spec: dict) -> str:
    """JSON safe to place inside <script type="application/json">: every '<' is written as the
    JSON escape \\u003c, so neither '</script' nor '<!--' can end or change the element."""
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c")


def _build_bundle() -> str:
    return vl().javascript_bundle()


@lru_cache(maxsize=1)
def vega_runtime_js() -> str:
    """Vega, Vega-Lite and vega-embed as one script. Building it takes about 2 s and 80 MB and
    depends only on the vl-convert version, so it is built once per installation (setup.sh does
    it) and read from there; if that folder cannot be written, the user cache keeps it."""
    path, key = vega_bundle_path(), f"bundle-{version('vl-convert-python')}"
    try:
        bundle = path.read_text(encoding="utf-8")
    except OSError:
        # A copy in the user cache (kept when the installation was read-only) saves the 2 s,
        # but the installation's file is written whenever it can be, so builds with another
        # cache (a test's, a CI runner's) find it there; the user cache keeps it only otherwise.
        bundle = cached_text("vega", key, _build_bundle) if is_cached("vega", key) else _build_bundle()
        if not write_text_if_possible(path, bundle):
            store_text("vega", key, bundle)
    # Inlined in <script>: a literal "</script" inside the bundle would end the element early.
    return bundle.replace("</script", "<\\/script")
