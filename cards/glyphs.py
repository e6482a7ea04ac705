"""Text as cached alpha masks: each glyph is rasterised once per font, each line once.

Profiling showed FreeType rasterising dominated a card (about 80 µs per glyph, every glyph
of every line, every card). Cards repeat most of their words ("In favour", member names,
the footer), and the rest is made of the same few dozen glyphs; so glyph masks are cached
and composed into line masks, which are cached too. With Pillow's basic layout every
advance is a whole pixel and there is no kerning, so the composed line matches what
`ImageDraw.text` would draw.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw

from cards.fonts import FontSpec, truetype


@lru_cache(maxsize=2048)
def _glyph(char: str, spec: FontSpec) -> tuple[Image.Image | None, int, int, int]:
    """(mask or None for blank, left, top relative to the line's top-left, advance)."""
    font = truetype(spec)
    advance = round(font.getlength(char))
    left, top, right, bottom = (int(v) for v in font.getbbox(char, anchor="la"))
    if right <= left or bottom <= top:
        return None, 0, 0, advance
    mask = Image.new("L", (right - left, bottom - top))
    ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255, anchor="la")
    return mask, left, top, advance


@lru_cache(maxsize=4096)
def line_mask(text: str, spec: FontSpec) -> tuple[Image.Image | None, int, int, int]:
    """(mask or None, left, top, advance width) of one line, top-left at the ascender line."""
    placed = []
    pen = 0
    for char in text:
        mask, left, top, advance = _glyph(char, spec)
        if mask is not None:
            placed.append((mask, pen + left, top))
        pen += advance
    if not placed:
        return None, 0, 0, pen
    x0 = min(x for _, x, _ in placed)
    y0 = min(y for _, _, y in placed)
    x1 = max(x + mask.width for mask, x, _ in placed)
    y1 = max(y + mask.height for mask, _, y in placed)
    canvas = Image.new("L", (x1 - x0, y1 - y0))
    for mask, x, y in placed:
        canvas.paste(255, (x - x0, y - y0, x - x0 + mask.width, y - y0 + mask.height), mask)
    return canvas, x0, y0, pen
