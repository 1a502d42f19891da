"""Charts as slide images (`reportgen charts`): every PNG of a run on one canvas size, marked
with its DPI, with the chart's whole source line (wrapped, never cut) and the brief's quarter and
data date in the footer."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from reportgen.errors import OptionError

# Canvas sizes in CSS pixels (96 per inch) before --scale: a 16:9 or 4:3 slide, A4 landscape.
SIZES = {"16:9": (1280, 720), "4:3": (1024, 768), "a4": (1123, 794)}
BACKGROUNDS = ("white", "transparent")
MARGIN = 24  # px around the chart and the footer
FOOTER_FONT = 13  # px
INK = (85, 85, 85, 255)


@dataclass(frozen=True)
class SlideStyle:
    width: int  # CSS px
    height: int
    scale: float = 2.0  # device pixels per CSS px: 2 gives a 2560×1440 PNG for 16:9
    background: str = "white"

    @property
    def dpi(self) -> float:
        return 96 * self.scale


def parse_size(text: str) -> tuple[int, int]:
    """'16:9', '4:3', 'a4' or 'WxH' in CSS pixels ('1600x900')."""
    if text.lower() in SIZES:
        return SIZES[text.lower()]
    match = re.fullmatch(r"(\d{3,4})[x×](\d{3,4})", text.strip().lower())
    if not match:
        raise OptionError(f"Unknown chart size '{text}'; choose 16:9, 4:3, a4 or WIDTHxHEIGHT in pixels (e.g. 1600x900).")
    width, height = int(match.group(1)), int(match.group(2))
    if not (320 <= width <= 4000 and 240 <= height <= 4000):
        raise OptionError(f"Chart size {width}x{height} is out of range: width 320–4000, height 240–4000 pixels.")
    return width, height


def with_background(spec: dict, background: str) -> dict:
    return {**spec, "config": {**spec.get("config", {}), "background": "transparent" if background == "transparent" else "#FFFFFF"}}


def slide_png(spec: dict, footer: list[str], style: SlideStyle, render_png, font_path: str, font_index: int) -> bytes:
    """The chart drawn as large as fits above its footer on a canvas of `style`'s size. `render_png`
    is (spec, scale) -> PNG bytes; a chart too large for the canvas is drawn again at the scale
    that fits (never shrunk as an image, so its text stays sharp)."""
    from PIL import Image, ImageDraw, ImageFont

    scale = style.scale
    width, height = round(style.width * scale), round(style.height * scale)
    margin = round(MARGIN * scale)
    font = ImageFont.truetype(font_path, size=round(FOOTER_FONT * scale), index=font_index)
    lines = [line for text in footer for line in wrap(text, font, width - 2 * margin)]
    line_height = round(FOOTER_FONT * 1.45 * scale)
    footer_height = len(lines) * line_height
    room = (width - 2 * margin, height - 3 * margin - footer_height)
    if room[1] <= 0:
        raise OptionError(f"The chart's source line does not leave room for the chart at {style.width}x{style.height}; "
                          "choose a larger --size.")
    spec = with_background(spec, style.background)
    chart = Image.open(io.BytesIO(render_png(spec, scale)))
    fit = min(room[0] / chart.width, room[1] / chart.height)
    if fit < 1:
        chart = Image.open(io.BytesIO(render_png(spec, scale * fit)))
    fill = (0, 0, 0, 0) if style.background == "transparent" else (255, 255, 255, 255)
    canvas = Image.new("RGBA", (width, height), fill)
    chart = chart.convert("RGBA")
    canvas.alpha_composite(chart, ((width - chart.width) // 2, margin))
    draw = ImageDraw.Draw(canvas)
    top = height - margin - footer_height
    for i, line in enumerate(lines):
        draw.text((margin, top + i * line_height), line, font=font, fill=INK)
    out = io.BytesIO()
    (canvas if style.background == "transparent" else canvas.convert("RGB")).save(out, "PNG", dpi=(style.dpi, style.dpi))
    return out.getvalue()


def wrap(text: str, font, width: float) -> list[str]:
    """Greedy line breaks within `width` pixels: between words, and between any two Chinese
    characters (which need no space)."""
    tokens = re.findall(r"[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]+\s*|\s+", text)
    lines, line = [], ""
    for token in tokens:
        if line and font.getlength((line + token).rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines
