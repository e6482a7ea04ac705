"""The layout model: what a card shows and where, as plain frozen dataclasses.

Builders turn a Scorecard into a Layout; the painter turns a Layout into pixels. Tests read
the Layout to check content (every member, every vote word, every colour pair's contrast)
without looking at a single pixel. Items carry a `role` (what the item is for) and a `key`
(which member or fact it belongs to) so tests can find them by meaning, not by position.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from cards.colour import RGB
from cards.fonts import FontSpec


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def contains(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


class Align(StrEnum):
    LEFT = "left"
    RIGHT = "right"  # x is the right edge
    CENTRE = "centre"  # x is the centre


@dataclass(frozen=True)
class Text:
    """One line of text. `y` is the top of the line (the font's ascender); `background` is
    the colour behind it, so contrast can be checked from the model alone."""

    x: int
    y: int
    text: str
    font: FontSpec
    colour: RGB
    background: RGB
    role: str
    key: str = ""
    align: Align = Align.LEFT
    width: int = 0  # measured advance width, for overlap and fit checks

    @property
    def box(self) -> Box:
        left = {Align.LEFT: self.x, Align.RIGHT: self.x - self.width}.get(
            self.align, self.x - self.width // 2
        )
        return Box(left, self.y, self.width, self.font.size)


@dataclass(frozen=True)
class Rect:
    box: Box
    fill: RGB | None
    role: str
    outline: RGB | None = None
    outline_width: int = 0
    radius: int = 0
    key: str = ""


class Shape(StrEnum):
    """Vote icons differ in outline as well as colour, so no reader depends on colour."""

    CHECK = "check"  # a circle with a tick: in favour
    CROSS = "cross"  # a square with a cross: against
    BAR = "bar"  # a diamond with a bar: abstained
    RING = "ring"  # an empty ring: did not vote


@dataclass(frozen=True)
class Icon:
    box: Box
    shape: Shape
    fill: RGB
    mark: RGB
    background: RGB
    role: str
    key: str = ""


Item = Rect | Text | Icon


@dataclass(frozen=True)
class Layout:
    """A whole card. `base` is the layer shared by every card of this kind and footer (the
    painter draws it once and pastes it); `items` are drawn on top, in order."""

    width: int
    height: int
    background: RGB
    base: tuple[Item, ...]
    items: tuple[Item, ...]

    def all_items(self) -> Iterator[Item]:
        yield from self.base
        yield from self.items

    def texts(self, role: str | None = None, key: str | None = None) -> list[Text]:
        return [
            item
            for item in self.all_items()
            if isinstance(item, Text)
            and (role is None or item.role == role)
            and (key is None or item.key == key)
        ]

    def text(self, role: str, key: str | None = None) -> str:
        """The words of every line with this role (and key), joined by spaces."""
        return " ".join(item.text for item in self.texts(role, key))

    def icons(self, key: str | None = None) -> list[Icon]:
        return [
            item
            for item in self.all_items()
            if isinstance(item, Icon) and (key is None or item.key == key)
        ]

    def rects(self, role: str | None = None, key: str | None = None) -> list[Rect]:
        return [
            item
            for item in self.all_items()
            if isinstance(item, Rect)
            and (role is None or item.role == role)
            and (key is None or item.key == key)
        ]


def grid(
    count: int, *, rows: int, left: int, top: int, width: int, height: int, gap_x: int, gap_y: int
) -> list[Box]:
    """Tile boxes read down each column, then across (so the story starts top left)."""
    boxes = []
    for index in range(count):
        column, row = divmod(index, rows)
        boxes.append(
            Box(left + column * (width + gap_x), top + row * (height + gap_y), width, height)
        )
    return boxes
