"""The brief's typeface: where fontconfig finds it, and which characters it can show.

Text a face cannot show would print as a blank box, so validation checks every text cell
against the face's character map before anything is rendered."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from reportgen.errors import RenderError

FONT_FAMILY = "Noto Sans CJK SC"
MISSING_FONT = (
    f"The brief's Simplified-Chinese face '{FONT_FAMILY}' is not installed (fontconfig cannot find "
    "it). Run `bash scripts/setup.sh`, which installs Debian's fonts-noto-cjk."
)


@lru_cache(maxsize=1)
def font_face() -> tuple[Path, int]:
    """(file, index in the collection) of the face, as fontconfig resolves it."""
    if not shutil.which("fc-match"):
        raise RenderError(MISSING_FONT)
    result = subprocess.run(["fc-match", FONT_FAMILY, "--format=%{family}\n%{file}\n%{index}"],
                            capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 3 or FONT_FAMILY not in lines[0].split(","):
        raise RenderError(MISSING_FONT)
    return Path(lines[1]), int(lines[2] or 0)


LATIN_FAMILY = "Noto Sans"  # Latin text's face (templates/brief.css); the CJK face is its fallback


@lru_cache(maxsize=2)
def latin_face(style: str = "regular") -> Path | None:
    """The Latin face's file (`style` regular or bold), or None when fontconfig does not have it
    (the brief then sets Latin text in the CJK face: legible, wider, with full-width quotes)."""
    if not shutil.which("fc-match"):
        return None
    pattern = LATIN_FAMILY + (":bold" if style == "bold" else "")
    result = subprocess.run(["fc-match", pattern, "--format=%{family}\n%{file}"], capture_output=True, text=True,
                            check=False)
    lines = result.stdout.splitlines()
    return Path(lines[1]) if result.returncode == 0 and len(lines) >= 2 and LATIN_FAMILY in lines[0].split(",") else None


def font_files() -> frozenset[Path]:
    """The font files the brief's stylesheet may load (its local() faces, resolved by fontconfig):
    the only files outside the templates the PDF renderer reads."""
    return frozenset(p.resolve() for p in (latin_face("regular"), latin_face("bold")) if p is not None)


@lru_cache(maxsize=1)
def supported_codepoints() -> frozenset[int]:
    """The face's character map; read from the font once (a fifth of a second for the CJK face)
    and kept in the user cache, keyed by the font file, as ranges of code points."""
    from reportgen.cache import cached_text, digest_of

    path, index = font_face()
    stat = path.stat()
    key = digest_of("cmap", str(path), str(index), str(stat.st_size), str(stat.st_mtime_ns))
    ranges = cached_text("fonts", key, lambda: _ranges_text(_read_cmap(path, index)))
    points: set[int] = set()
    for line in ranges.split():
        first, _, last = line.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(points)


def _read_cmap(path: Path, index: int) -> list[int]:
    from fontTools.ttLib import TTFont

    return sorted(TTFont(path, fontNumber=index, lazy=True).getBestCmap())


def _ranges_text(points: list[int]) -> str:
    """Sorted code points as lines of hex ranges ("4e00-9fff")."""
    lines, start = [], None
    for i, point in enumerate(points):
        if start is None:
            start = point
        if i + 1 == len(points) or points[i + 1] != point + 1:
            lines.append(f"{start:x}" if start == point else f"{start:x}-{point:x}")
            start = None
    return "\n".join(lines)


def unsupported_characters(text: str) -> list[str]:
    """Characters of `text` the face has no glyph for (white space aside), in order, once each."""
    if text.isascii() and text.isprintable():  # the face has every printable ASCII character
        return []
    supported = supported_codepoints()
    return list(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in supported))
