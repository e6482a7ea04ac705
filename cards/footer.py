"""The footer every card carries: where the facts come from, how old the signatory list is,
the hashtag, and who runs the bot (so a reader can trust and cite the card).

Two lines: the source (left) and the hashtag (right); the signatory list's date (left) and
the operator (right). The hashtag, the operator and the rule above them are the same on
every card, so they belong to the painter's shared base layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cards.fit import fit, shorten, width_of
from cards.fonts import bold, regular
from cards.layout import Align, Box, Item, Rect, Text
from cards.strings import Words
from cards.theme import HEIGHT, INK, MARGIN, MUTED, PAPER, RULE, WIDTH

FOOTER_SIZE = 22
FOOTER_LINE_2 = HEIGHT - 48
FOOTER_LINE_1 = FOOTER_LINE_2 - 31
FOOTER_RULE_Y = FOOTER_LINE_1 - 12
RIGHT_COLUMN = 300


@dataclass(frozen=True)
class Footer:
    """What the operator configures for every card (today: their name or handle)."""

    operator: str = ""


def footer_base(footer: Footer, w: Words) -> tuple[Item, ...]:
    """The part of the footer that is the same on every card: rule, hashtag, operator."""
    font = bold(FOOTER_SIZE)
    items: list[Item] = [
        Rect(Box(MARGIN, FOOTER_RULE_Y, WIDTH - 2 * MARGIN, 2), RULE, role="footer-rule"),
        _right(w.HASHTAG, FOOTER_LINE_1, "footer-tag"),
    ]
    if footer.operator:
        operator = shorten(footer.operator, font, RIGHT_COLUMN)
        items.append(_right(operator, FOOTER_LINE_2, "footer-operator"))
    return tuple(items)


def footer_items(
    signatories_as_of: date, sources: list[str], w: Words, prefix: str = ""
) -> tuple[Item, ...]:
    """The left column: the source (the first wording that fits), the list's date."""
    font = regular(FOOTER_SIZE)
    room = WIDTH - 2 * MARGIN - RIGHT_COLUMN - 24
    items: list[Item] = []
    if sources:
        source = fit([(prefix or w.SOURCE).format(sources=s) for s in sources], [font], room)
        items.append(
            Text(
                MARGIN,
                FOOTER_LINE_1,
                source.text,
                font,
                MUTED,
                PAPER,
                "footer-source",
                width=source.width,
            )
        )
    when = w.long_date(signatories_as_of)
    as_of = fit(
        [w.LEGEND_AS_OF.format(date=when), w.SIGNATORIES_AS_OF.format(date=when)],
        [font],
        room,
    ).text
    items.append(
        Text(
            MARGIN,
            FOOTER_LINE_2,
            as_of,
            font,
            MUTED,
            PAPER,
            "footer-as-of",
            width=width_of(as_of, font),
        )
    )
    return tuple(items)


def _right(text: str, y: int, role: str) -> Text:
    font = bold(FOOTER_SIZE)
    return Text(
        WIDTH - MARGIN,
        y,
        text,
        font,
        INK,
        PAPER,
        role,
        align=Align.RIGHT,
        width=width_of(text, font),
    )
