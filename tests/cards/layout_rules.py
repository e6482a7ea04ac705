"""The rules every card's layout keeps, whatever the data: the checks the property tests run.

A card is reshared as it is drawn, so these hold for any vote or period the domain allows,
in every language: everything on the canvas; every member's words and icons inside that
member's tile; no two things overlapping unless one sits inside the other (a word on its
chip); no text under the minimum size or below WCAG AA contrast with what is really behind
it; and no fact cut short with an ellipsis (a member's name, a vote word, a count, the
headline, the Code line). A text is checked by its ink, the box the painter really fills
(accents above, descenders below), not by its nominal line height.
"""

from __future__ import annotations

import itertools

from cards.colour import contrast_ratio
from cards.fit import ELLIPSIS
from cards.glyphs import line_mask
from cards.layout import Box, Icon, Item, Layout, Rect, Text
from cards.theme import HEIGHT, MIN_TEXT_PX, WIDTH

WHOLE = frozenset(
    {
        "kicker",
        "tally",
        "headline",
        "code-line",
        "member-name",
        "vote-word",
        "signatory",
        "permanent-mark",
        "count",
        "vetoes",
        "legend",
        "footer-as-of",
        "footer-tag",
    }
)
"""Roles whose text is a fact: never shortened with an ellipsis. A title or a source line
may be, since the alt text and the post say them in full."""

FRAMES = frozenset({"tile", "flag-outline", "accent"})
"""Boxes that frame others rather than sit beside them."""


def problems(layout: Layout) -> list[str]:
    """Every broken rule, in words (empty when the layout is sound)."""
    found: list[str] = []
    found += _on_canvas(layout)
    found += _legible(layout)
    found += _true_background(layout)
    found += _whole(layout)
    found += _inside_own_tile(layout)
    found += _clear_of_siblings(layout)
    return found


def box_of(item: Item) -> Box:
    """Where an item paints: a text's ink, any other item's box."""
    if not isinstance(item, Text):
        return item.box
    mask, left, top, advance = line_mask(item.text, item.font)
    x = item.box.x
    if mask is None:
        return Box(x, item.y, advance, 0)
    return Box(x + left, item.y + top, mask.width, mask.height)


def overlap(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def _describe(item: Item) -> str:
    if isinstance(item, Text):
        return f"{item.role} {item.text!r}"
    return f"{item.role} {item.key}".strip()


def _on_canvas(layout: Layout) -> list[str]:
    canvas = Box(0, 0, WIDTH, HEIGHT)
    return [
        f"off the canvas: {_describe(i)}"
        for i in layout.all_items()
        if not canvas.contains(box_of(i))
    ]


def _legible(layout: Layout) -> list[str]:
    found = []
    for text in layout.texts():
        if text.font.size < MIN_TEXT_PX:
            found.append(f"{text.font.size} px, under {MIN_TEXT_PX}: {_describe(text)}")
        if contrast_ratio(text.colour, text.background) < 4.5:
            found.append(f"contrast under 4.5: {_describe(text)}")
    return found


def _true_background(layout: Layout) -> list[str]:
    """The colour a text's contrast was checked against is the fill really under its ink."""
    fills = [r for r in layout.all_items() if isinstance(r, Rect) and r.fill is not None]
    found = []
    for text in layout.texts():
        under = [r.fill for r in fills if r.box.contains(box_of(text))]
        if (under[-1] if under else layout.background) != text.background:
            found.append(f"drawn on another colour than its background: {_describe(text)}")
    return found


def _whole(layout: Layout) -> list[str]:
    return [
        f"cut short: {_describe(t)}"
        for t in layout.texts()
        if t.role in WHOLE and t.text.endswith(ELLIPSIS)
    ]


def _member(key: str) -> str:
    return key.split(":", 1)[0]


def _inside_own_tile(layout: Layout) -> list[str]:
    """A member's items all sit in the one tile that holds its name."""
    tiles = [rect.box for rect in layout.rects("tile")]
    home: dict[str, Box] = {}
    for name in layout.texts("member-name"):
        holding = [tile for tile in tiles if tile.contains(box_of(name))]
        if len(holding) != 1:
            return [f"member name in {len(holding)} tiles: {_describe(name)}"]
        home[name.key] = holding[0]
    found = []
    for item in layout.all_items():
        key = _member(item.key)
        if not key:
            continue
        if key not in home:
            found.append(f"no tile with a name for {_describe(item)}")
        elif not home[key].contains(box_of(item)):
            found.append(f"outside its tile: {_describe(item)} {box_of(item)}")
    return found


def _clear_of_siblings(layout: Layout) -> list[str]:
    """Two boxes either nest (a word on its chip, a chip in its tile) or do not touch."""
    leaves: list[Item] = [
        item
        for item in layout.all_items()
        if isinstance(item, Text | Icon) or (isinstance(item, Rect) and item.role not in FRAMES)
    ]
    found = []
    for a, b in itertools.combinations(leaves, 2):
        if not overlap(box_of(a), box_of(b)):
            continue
        if isinstance(a, Text) and isinstance(b, Text):
            found.append(f"texts overlap: {_describe(a)} and {_describe(b)}")
        elif not (_holds(a, b) or _holds(b, a)):
            found.append(f"overlap: {_describe(a)} {box_of(a)} and {_describe(b)} {box_of(b)}")
    return found


def _holds(outer: Item, inner: Item) -> bool:
    """A chip, badge or band holding a word or an icon (texts and icons hold nothing)."""
    return isinstance(outer, Rect) and outer.box.contains(box_of(inner))
