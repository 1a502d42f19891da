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


@lru_cache(maxsize=1)
def supported_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    path, index = font_face()
    font = TTFont(path, fontNumber=index, lazy=True)
    return frozenset(font.getBestCmap())


def unsupported_characters(text: str) -> list[str]:
    """Characters of `text` the face has no glyph for (white space aside), in order, once each."""
    supported = supported_codepoints()
    return list(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in supported))
