"""The painter: draws a Layout with Pillow and encodes it as a small PNG, fast.

Where the time goes (profiled on this project's cards): PNG encoding of a 1200×675 RGB image
spent most of its time choosing row filters, whatever the compression level; text drawing
came second. So the painter
- draws the layer shared by all cards of a kind (tile frames, footer rule, hashtag) once and
  pastes a copy of it;
- keeps rendered icons (drawn 4× larger and scaled down, for smooth edges) in a cache;
- maps the finished image onto a palette built from the layout's own colour pairs (each
  text or icon colour with the colour behind it, and the blends in between that
  antialiasing produces), and writes an 8-bit palette PNG: a quarter of the bytes to
  compress and no filter search, with text edges kept smooth.
The same Layout always gives the same bytes.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from functools import lru_cache

from PIL import Image, ImageDraw

from cards.colour import RGB, blend
from cards.glyphs import line_mask
from cards.layout import Align, Icon, Item, Layout, Rect, Shape, Text

SUPERSAMPLE = 4
BLEND_STEPS = 14
PNG_COMPRESS_LEVEL = 1


class Painter:
    """Turns Layouts into PNG bytes; reuse one Painter so its caches pay off."""

    def __init__(self, base_cache_size: int = 8) -> None:
        self._bases: OrderedDict[tuple[int, int, RGB, tuple[Item, ...]], Image.Image] = (
            OrderedDict()
        )
        self._base_cache_size = base_cache_size

    def paint(self, layout: Layout) -> Image.Image:
        """The layout as an RGB image."""
        image = self._base(layout).copy()
        draw = ImageDraw.Draw(image)
        for item in layout.items:
            _draw(image, draw, item)
        return image

    def png(self, layout: Layout) -> bytes:
        """The layout as palette PNG bytes (deterministic)."""
        image = self.paint(layout)
        palette = _palette_image(palette_for(layout))
        indexed = image.quantize(palette=palette, dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        indexed.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
        return buffer.getvalue()

    def _base(self, layout: Layout) -> Image.Image:
        key = (layout.width, layout.height, layout.background, layout.base)
        cached = self._bases.get(key)
        if cached is None:
            cached = Image.new("RGB", (layout.width, layout.height), layout.background)
            draw = ImageDraw.Draw(cached)
            for item in layout.base:
                _draw(cached, draw, item)
            self._bases[key] = cached
            while len(self._bases) > self._base_cache_size:
                self._bases.popitem(last=False)
        else:
            self._bases.move_to_end(key)
        return cached


def _text_x(item: Text, advance: int) -> int:
    return {Align.LEFT: item.x, Align.RIGHT: item.x - advance}.get(
        item.align, item.x - advance // 2
    )


def _draw(image: Image.Image, draw: ImageDraw.ImageDraw, item: Item) -> None:
    if isinstance(item, Text):
        mask, left, top, advance = line_mask(item.text, item.font)
        if mask is None:
            return
        x = _text_x(item, advance)
        image.paste(
            item.colour,
            (x + left, item.y + top, x + left + mask.width, item.y + top + mask.height),
            mask,
        )
    elif isinstance(item, Rect):
        box = item.box
        if item.radius:
            sprite, mask = _rounded(
                box.w, box.h, item.radius, item.fill, item.outline, item.outline_width
            )
            image.paste(sprite, (box.x, box.y), mask)
        else:
            draw.rectangle(
                (box.x, box.y, box.right - 1, box.bottom - 1),
                fill=item.fill,
                outline=item.outline,
                width=item.outline_width,
            )
    else:
        image.paste(
            _icon(item.shape, item.box.w, item.fill, item.mark, item.background),
            (item.box.x, item.box.y),
        )


@lru_cache(maxsize=256)
def _rounded(
    w: int, h: int, radius: int, fill: RGB | None, outline: RGB | None, width: int
) -> tuple[Image.Image, Image.Image]:
    """A rounded rectangle as a sprite and its mask (Pillow draws corners slowly)."""
    sprite = Image.new("RGB", (w, h), fill or outline or (0, 0, 0))
    ImageDraw.Draw(sprite).rounded_rectangle(
        (0, 0, w - 1, h - 1), radius=radius, fill=fill, outline=outline, width=width
    )
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, w - 1, h - 1),
        radius=radius,
        fill=255 if fill is not None else None,
        outline=255 if outline is not None else None,
        width=width,
    )
    return sprite, mask


@lru_cache(maxsize=64)
def _icon(shape: Shape, size: int, fill: RGB, mark: RGB, background: RGB) -> Image.Image:
    """One vote icon, drawn large and scaled down so its edges are smooth."""
    big = size * SUPERSAMPLE
    image = Image.new("RGB", (big, big), background)
    draw = ImageDraw.Draw(image)
    s = big
    stroke = max(2, round(s * 0.13))
    if shape is Shape.CHECK:
        draw.ellipse((0, 0, s - 1, s - 1), fill=fill)
        draw.line(
            [(s * 0.26, s * 0.53), (s * 0.43, s * 0.70), (s * 0.75, s * 0.33)],
            fill=mark,
            width=stroke,
            joint="curve",
        )
    elif shape is Shape.CROSS:
        draw.rounded_rectangle((0, 0, s - 1, s - 1), radius=round(s * 0.16), fill=fill)
        inset = s * 0.29
        draw.line([(inset, inset), (s - inset, s - inset)], fill=mark, width=stroke)
        draw.line([(inset, s - inset), (s - inset, inset)], fill=mark, width=stroke)
    elif shape is Shape.BAR:
        half = s / 2
        draw.polygon([(half, 0), (s - 1, half), (half, s - 1), (0, half)], fill=fill)
        draw.line([(s * 0.28, half), (s * 0.72, half)], fill=mark, width=stroke)
    else:
        draw.ellipse((0, 0, s - 1, s - 1), fill=fill)
        inner = stroke * 1.2
        draw.ellipse((inner, inner, s - 1 - inner, s - 1 - inner), fill=mark)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def colour_pairs(layout: Layout) -> list[tuple[RGB, RGB]]:
    """Each foreground colour with the colour it is drawn on, in first-seen order."""
    pairs: dict[tuple[RGB, RGB], None] = {}
    for item in layout.all_items():
        if isinstance(item, Text):
            pairs[(item.colour, item.background)] = None
        elif isinstance(item, Icon):
            pairs[(item.fill, item.background)] = None
            pairs[(item.mark, item.fill)] = None
        elif item.fill is not None and item.outline is not None:
            pairs[(item.outline, item.fill)] = None
        elif item.outline is not None:
            pairs[(item.outline, layout.background)] = None
    return list(pairs)


def palette_for(layout: Layout) -> tuple[RGB, ...]:
    """Every solid colour of the layout plus the blends antialiasing makes (≤ 256 entries)."""
    colours: dict[RGB, None] = {layout.background: None}
    for item in layout.all_items():
        for colour in _solid_colours(item):
            colours[colour] = None
    return _ramps(tuple(colours), tuple(colour_pairs(layout)))


@lru_cache(maxsize=32)
def _ramps(solid: tuple[RGB, ...], pairs: tuple[tuple[RGB, RGB], ...]) -> tuple[RGB, ...]:
    colours = dict.fromkeys(solid)
    steps = BLEND_STEPS
    while True:
        ramp = dict(colours)
        for fg, bg in pairs:
            for step in range(1, steps):
                ramp[blend(bg, fg, step / steps)] = None
        if len(ramp) <= 256 or steps <= 4:
            return tuple(list(ramp)[:256])
        steps -= 2


def _solid_colours(item: Item) -> list[RGB]:
    if isinstance(item, Text):
        return [item.colour, item.background]
    if isinstance(item, Icon):
        return [item.fill, item.mark, item.background]
    return [colour for colour in (item.fill, item.outline) if colour is not None]


@lru_cache(maxsize=32)
def _palette_image(colours: tuple[RGB, ...]) -> Image.Image:
    flat = [channel for colour in colours for channel in colour]
    flat += flat[:3] * (256 - len(colours))
    image = Image.new("P", (1, 1))
    image.putpalette(flat)
    return image
