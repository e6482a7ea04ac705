"""The card's typeface, Atkinson Hyperlegible (Braille Institute, SIL OFL 1.1).

It comes from the `fontpkg-atkinson-hyperlegible` package, which ships the unmodified font
files with their licence, so every machine draws with the same outlines (never whatever the
system has). The font was designed for low-vision readers: distinct letter shapes that stay
apart at phone sizes. Text is laid out with Pillow's basic engine, so output does not depend
on whether libraqm happens to be installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from PIL import ImageFont

FONT_PACKAGE = "fontpkg_atkinson_hyperlegible"
FONT_FILES = {
    "regular": "files/AtkinsonHyperlegible-Regular.ttf",
    "bold": "files/AtkinsonHyperlegible-Bold.ttf",
}


class Weight(StrEnum):
    REGULAR = "regular"
    BOLD = "bold"


@dataclass(frozen=True, order=True)
class FontSpec:
    """A font as the layout names it: pixel size (the em) and weight."""

    size: int
    weight: Weight = Weight.REGULAR


def regular(size: int) -> FontSpec:
    return FontSpec(size, Weight.REGULAR)


def bold(size: int) -> FontSpec:
    return FontSpec(size, Weight.BOLD)


@lru_cache(maxsize=8)
def _font_bytes(weight: Weight) -> bytes:
    return (resources.files(FONT_PACKAGE) / FONT_FILES[weight.value]).read_bytes()


@lru_cache(maxsize=64)
def truetype(spec: FontSpec) -> ImageFont.FreeTypeFont:
    """One FreeType face per size and weight, loaded once per process."""
    import io

    return ImageFont.truetype(
        io.BytesIO(_font_bytes(spec.weight)), spec.size, layout_engine=ImageFont.Layout.BASIC
    )


@lru_cache(maxsize=4096)
def _advance(char: str, spec: FontSpec) -> int:
    return round(truetype(spec).getlength(char))


@lru_cache(maxsize=8192)
def text_width(text: str, spec: FontSpec) -> float:
    """The advance width of `text` in pixels: what the layout needs to fit and align.

    The sum of whole-pixel glyph advances, which is what the basic layout engine (no
    kerning) draws; cached per glyph, so measuring a new line costs no rasterising.
    """
    return float(sum(_advance(char, spec) for char in text))
