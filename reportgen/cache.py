"""Content-addressed caching, so an unchanged brief rebuilds in a blink and a changed one
rebuilds only what depends on the change.

Three levels, each keyed by a hash of everything its result depends on:
- the build: code, templates, data directory, fonts, library versions and options. When the key
  and every output file match the manifest in the output directory, nothing is imported or
  rendered (this module imports nothing heavy);
- each output (language x format): the quarter's view of the data, that language's catalogue,
  the shared templates, code, fonts and libraries; an output whose key is unchanged is kept;
- each chart: its builder's inputs (the figures it draws, the language's words and names) and the
  code, in the user cache directory; so a build whose data change touches one chart rebuilds
  that chart's spec alone;
- each chart's SVG: the Vega-Lite spec and the renderer's version, in the user cache directory.
A key never leaves anything out that the result depends on, so a cache hit cannot be stale."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from reportgen.paths import PACKAGE_DIR, TEMPLATES_DIR

MANIFEST = ".reportgen-manifest.json"
LIBRARIES = ("weasyprint", "pydyf", "vl-convert-python", "altair", "pandas", "jinja2", "markdown-it-py", "xlsxwriter")


def _hash_files(h, root: Path, pattern: str = "*", skip=lambda path: False) -> None:
    for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts and not skip(p)):
        h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")


def code_and_templates_digest(lang: str | None = None) -> str:
    """The package's code and the templates; with `lang`, only that language's catalogue."""
    h = hashlib.sha256()
    _hash_files(h, PACKAGE_DIR, "*.py")
    _hash_files(h, TEMPLATES_DIR, skip=lambda p: bool(lang) and p.parent.name == "i18n" and p.stem != lang)
    return h.hexdigest()


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """Library versions and the font file the brief is set in (a font update changes glyphs)."""
    from importlib.metadata import PackageNotFoundError, version

    from reportgen.fonts import font_face, latin_face

    h = hashlib.sha256()
    for name in LIBRARIES:
        try:
            h.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{name}=?\0".encode())
    latin = latin_face()
    h.update(f"{latin}:{latin.stat().st_size}".encode() if latin else b"no latin face")
    path, index = font_face()
    stat = path.stat()
    h.update(f"{path}:{index}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()


def build_key(data_digest: str, options: dict) -> str:
    """The whole build's key: the data folder's digest (DataFolder.digest), the options, the code,
    templates, libraries and fonts."""
    h = hashlib.sha256()
    h.update(json.dumps(options, sort_keys=True).encode())
    h.update(code_and_templates_digest().encode())
    h.update(environment_digest().encode())
    h.update(data_digest.encode())
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def up_to_date(out_dir: Path, key: str) -> list[Path] | None:
    """The outputs of the last build when its key is `key` and they are intact, else None."""
    manifest = read_manifest(out_dir)
    if manifest.get("build_key") != key:
        return None
    outputs = manifest.get("outputs", {})
    paths = [out_dir / name for name in manifest.get("order", [])]
    for path in paths:
        if not path.is_file() or _file_digest(path) != outputs.get(path.name, {}).get("digest"):
            return None
    return paths or None


def kept_outputs(out_dir: Path, keys: dict[str, str]) -> set[str]:
    """Names of outputs whose per-output key is unchanged and whose file is intact."""
    outputs = read_manifest(out_dir).get("outputs", {})
    kept = set()
    for name, key in keys.items():
        entry = outputs.get(name, {})
        path = out_dir / name
        if entry.get("key") == key and path.is_file() and _file_digest(path) == entry.get("digest"):
            kept.add(name)
    return kept


def manifest_bytes(build: str, keys: dict[str, str], digests: dict[str, str], order: list[str],
                   kept: dict | None = None) -> bytes:
    """The manifest of a build: its key and its outputs' keys and digests, and (`kept`) the
    entries of other outputs in the folder an earlier build wrote (another edition, another
    language), so building one does not make the next build of the other start from nothing."""
    outputs = {**(kept or {}), **{name: {"key": keys[name], "digest": digests[name]} for name in order}}
    return json.dumps({"build_key": build, "order": order, "outputs": outputs}, indent=2, sort_keys=True).encode()


def previous_digests(out_dir: Path) -> dict[str, str]:
    return {name: entry.get("digest", "") for name, entry in read_manifest(out_dir).get("outputs", {}).items()}


def value_digest(value) -> str:
    """A digest of a value built from dataclasses, plain objects, mappings, sequences, sets,
    dates and scalars that is the same in every process (pickle is not: a set's order follows
    the process's string hashing). TypeError for anything it cannot see into (a function)."""
    return digest_of(json.dumps(_canonical(value), ensure_ascii=False, separators=(",", ":")))


def _canonical(value):
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return repr(value)  # every bit of it, and NaN without complaint
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False))
    if isinstance(value, dict):
        return sorted(([_canonical(k), _canonical(v)] for k, v in value.items()),
                      key=lambda kv: json.dumps(kv[0], ensure_ascii=False))
    if hasattr(value, "isoformat"):  # date, datetime
        return value.isoformat()
    if hasattr(value, "to_json") and hasattr(value, "columns"):  # a pandas DataFrame
        return value.to_json(orient="split", date_format="iso")
    if hasattr(value, "__dict__") and not callable(value):
        return [type(value).__qualname__, _canonical(vars(value))]
    if hasattr(value, "__dataclass_fields__"):  # a slotted dataclass
        return [type(value).__qualname__, _canonical({f: getattr(value, f) for f in value.__dataclass_fields__})]
    raise TypeError(f"cannot digest a {type(value).__name__}")


def digest_of(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def user_cache_dir() -> Path:
    """Where chart SVGs and the Vega runtime are cached: $REPORTGEN_CACHE_DIR, else
    $XDG_CACHE_HOME/reportgen, else ~/.cache/reportgen."""
    if explicit := os.environ.get("REPORTGEN_CACHE_DIR"):
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportgen"


def _cached_path(kind: str, key: str) -> Path:
    return user_cache_dir() / kind / f"{key}.txt"


def is_cached(kind: str, key: str) -> bool:
    return _cached_path(kind, key).is_file()


def write_text_if_possible(path: Path, text: str) -> bool:
    """Write `text` to `path` atomically (a temporary name, then rename); False when the folder
    cannot be written: for a cache that only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return False
    return True


def store_text(kind: str, key: str, text: str) -> None:
    """Store `text` under `key` in the user cache."""
    write_text_if_possible(_cached_path(kind, key), text)


def cached_text(kind: str, key: str, make) -> str:
    """The cached text for `key`, else `make()` stored under it."""
    try:
        return _cached_path(kind, key).read_text(encoding="utf-8")
    except OSError:
        pass
    text = make()
    store_text(kind, key, text)
    return text
