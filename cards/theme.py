"""The card's colours and sizes: one palette for every card kind.

Vote colours are the Okabe-Ito palette (blue / vermillion / orange), chosen to stay apart
for the common forms of colour blindness; every vote also has its own word and icon shape,
so colour is never the only cue. Text is always dark on a light tint (or white on a dark
fill) with a WCAG contrast of at least 4.5:1, which the tests check from the layout model.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import Choice
from cards.colour import RGB, hex_rgb
from cards.layout import Shape

WIDTH, HEIGHT = 1200, 675
"""16:9, shown uncropped by X and Bluesky."""

MIN_TEXT_PX = 22
"""No text smaller than this: 11 px when the card is shown 600 px wide on a phone."""

MARGIN = 40

PAPER = hex_rgb("#FFFFFF")
INK = hex_rgb("#1A1A1A")
MUTED = hex_rgb("#4D4D4D")
RULE = hex_rgb("#D0D0D0")
TILE_BORDER = hex_rgb("#C9C9C9")
BADGE = hex_rgb("#2B2B2B")
BADGE_TEXT = PAPER

BLUE = hex_rgb("#0072B2")
VERMILLION = hex_rgb("#C24F00")  # Okabe-Ito #D55E00 darkened: apart from orange for deuteranopes
ORANGE = hex_rgb("#E69F00")
GREY = hex_rgb("#6E6E6E")
DARK_VERMILLION = hex_rgb("#A33F00")

BLUE_TINT = hex_rgb("#DDEBF5")
VERMILLION_TINT = hex_rgb("#FBE2D2")
ORANGE_TINT = hex_rgb("#FCEDCC")
GREY_TINT = hex_rgb("#ECECEC")
ZERO_ICON = hex_rgb("#C4C4C4")


@dataclass(frozen=True)
class VoteStyle:
    """How one way of voting looks: icon shape and colours, and the chip behind its word."""

    shape: Shape
    icon_fill: RGB
    icon_mark: RGB
    chip: RGB
    chip_text: RGB


VOTE_STYLES: dict[Choice, VoteStyle] = {
    Choice.YES: VoteStyle(Shape.CHECK, BLUE, PAPER, BLUE_TINT, INK),
    Choice.NO: VoteStyle(Shape.CROSS, VERMILLION, PAPER, VERMILLION_TINT, INK),
    Choice.ABSTAIN: VoteStyle(Shape.BAR, ORANGE, INK, ORANGE_TINT, INK),
    Choice.NOT_VOTING: VoteStyle(Shape.RING, GREY, GREY_TINT, GREY_TINT, INK),
}

VETO_STYLE = VoteStyle(Shape.CROSS, PAPER, DARK_VERMILLION, DARK_VERMILLION, PAPER)
"""A veto is the loudest fact on a card: white on dark vermillion."""


@dataclass(frozen=True)
class CalloutStyle:
    fill: RGB
    bar: RGB


CALLOUT_ALERT = CalloutStyle(VERMILLION_TINT, VERMILLION)
CALLOUT_CLEAR = CalloutStyle(BLUE_TINT, BLUE)
CALLOUT_NEUTRAL = CalloutStyle(GREY_TINT, GREY)
