"""The period card's layout: every member of the period in a tile with its vote counts.

Same frame as the vote card (bar, kicker, headline, Code line, 3×5 tiles, footer) so the two
read alike; a legend row explains the count icons. A card holds one Council (15 members),
which any period inside one calendar year has.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import cache

from bot.domain.errors import ActbotError
from bot.domain.model import Choice
from bot.domain.period import MemberRecord, PeriodScorecard
from cards.fit import fit, fit_in_order, width_of
from cards.fonts import bold, regular
from cards.footer import Footer, footer_base, footer_items
from cards.layout import Box, Icon, Item, Layout, Rect, Text, grid
from cards.period_texts import (
    period_code_line_candidates,
    period_headline_candidates,
    period_kicker_candidates,
    period_words,
)
from cards.strings import Words
from cards.theme import (
    BLUE,
    CALLOUT_ALERT,
    CALLOUT_CLEAR,
    CALLOUT_NEUTRAL,
    HEIGHT,
    INK,
    MARGIN,
    MUTED,
    PAPER,
    TILE_BORDER,
    VETO_STYLE,
    VOTE_STYLES,
    WIDTH,
    ZERO_ICON,
    VoteStyle,
)
from cards.vote_layout import (
    BADGE_W,
    CALLOUT,
    CALLOUT_FONTS,
    CONTENT_WIDTH,
    GAP_X,
    GAP_Y,
    GRID_BOTTOM,
    HEADLINE_FONTS,
    HEADLINE_Y,
    KICKER_Y,
    NAME_FONTS,
    SMALL,
    TITLE_FONTS,
    TITLE_Y,
    centred_y,
    permanent_badge,
)

MAX_MEMBERS = 15
COLUMNS, ROWS = 3, 5
LEGEND_Y = TITLE_Y + 2
GRID_TOP = CALLOUT.bottom + 14
TILE_W = (CONTENT_WIDTH - (COLUMNS - 1) * GAP_X) // COLUMNS
TILE_H = (GRID_BOTTOM - GRID_TOP - (ROWS - 1) * GAP_Y) // ROWS
COUNT_ICON = 22
COUNT_FONT_SIZE = 22
NAME_LEFT, COUNTS_RIGHT = 12, 10  # a tile's padding left of the name, right of the counts


def count_cells(members: Sequence[MemberRecord]) -> tuple[int, ...]:
    """The width of each count column: its icon and the widest number any member has in it
    (one digit or two: up to 99 of a kind in a period), so a number never runs under the
    next icon and names keep their room when every count is a single digit."""
    font = bold(COUNT_FONT_SIZE)
    return tuple(
        _cell(max((width_of(str(int(getattr(m, attribute))), font) for m in members), default=0))
        for attribute, _ in COUNTS
    )


def _cell(number_width: int) -> int:
    return COUNT_ICON + 4 + max(number_width, width_of("0", bold(COUNT_FONT_SIZE))) + 6


def _name_room(cells: tuple[int, ...]) -> int:
    """A tile's room for the name: left of the count columns."""
    return TILE_W - NAME_LEFT - COUNTS_RIGHT - sum(cells) - 8


COUNTS = (("in_favour", 0), ("against", 1), ("abstained", 2))
_CHOICES = (Choice.YES, Choice.NO, Choice.ABSTAIN)


@cache
def narrowest_name_room() -> int:
    """The least room a name has on a period card (every count in two digits): the width
    every member's label must fit at 22 px, so no name is ever cut. (A function, so that
    importing the layout measures no text.)"""
    widest = max(width_of(str(n), bold(COUNT_FONT_SIZE)) for n in range(100))
    return _name_room((_cell(widest),) * len(COUNTS))


class PeriodTooLarge(ActbotError, ValueError):
    """More members than one card can show (a period across several Councils)."""


def period_layout(card: PeriodScorecard, footer: Footer) -> Layout:
    if len(card.members) > MAX_MEMBERS:
        raise PeriodTooLarge(
            f"the period has {len(card.members)} Council members and a card shows "
            f"{MAX_MEMBERS}: choose dates within one calendar year"
        )
    w = period_words(card)
    slots = _slots(len(card.members))
    cells = count_cells(card.members)
    base: tuple[Item, ...] = (
        *(
            Rect(box, PAPER, role="tile", outline=TILE_BORDER, outline_width=2, radius=6)
            for box in slots
        ),
        *_legend(w),
        *footer_base(footer, w),
    )
    items: list[Item] = [Rect(Box(0, 0, WIDTH, 8), BLUE, role="accent"), *_header(card)]
    for member, box in zip(card.members, slots, strict=False):
        items.extend(_tile(member, box, card.signatories_as_of, cells, w))
    sources = _sources(card, w)
    items.extend(footer_items(card.signatories_as_of, sources, w, w.PERIOD_SOURCE))
    return Layout(WIDTH, HEIGHT, PAPER, base, tuple(items))


def _slots(count: int) -> list[Box]:
    return grid(
        count,
        rows=ROWS,
        left=MARGIN,
        top=GRID_TOP,
        width=TILE_W,
        height=TILE_H,
        gap_x=GAP_X,
        gap_y=GAP_Y,
    )


def _header(card: PeriodScorecard) -> list[Item]:
    small = regular(SMALL)
    kicker = fit(period_kicker_candidates(card), [small], CONTENT_WIDTH).text
    head = fit_in_order(period_headline_candidates(card), HEADLINE_FONTS, CONTENT_WIDTH)
    if card.predates_code or not card.drafts:
        style = CALLOUT_NEUTRAL
    elif card.flagged and any(m.signatory_against or m.signatory_abstained for m in card.members):
        style = CALLOUT_ALERT
    else:
        style = CALLOUT_CLEAR
    line = fit_in_order(period_code_line_candidates(card), CALLOUT_FONTS, CALLOUT.w - 36)
    return [
        Text(
            MARGIN, KICKER_Y, kicker, small, MUTED, PAPER, "kicker", width=width_of(kicker, small)
        ),
        Text(MARGIN, HEADLINE_Y, head.text, head.font, INK, PAPER, "headline", width=head.width),
        Rect(CALLOUT, style.fill, role="callout", radius=4),
        Rect(Box(CALLOUT.x, CALLOUT.y, 8, CALLOUT.h), style.bar, role="callout-bar"),
        Text(
            CALLOUT.x + 24,
            centred_y(CALLOUT, line.font),
            line.text,
            line.font,
            INK,
            style.fill,
            "code-line",
            width=line.width,
        ),
    ]


def _legend(w: Words) -> list[Item]:
    """ "Votes per member: ✓ in favour ✗ against ◆ abstained" with the real icons."""
    font = TITLE_FONTS[0]
    items: list[Item] = []
    x = MARGIN
    lead = w.PERIOD_LEGEND_LEAD
    items.append(Text(x, LEGEND_Y, lead, font, INK, PAPER, "legend", width=width_of(lead, font)))
    x += width_of(lead, font) + 16
    for (_, index), word in zip(COUNTS, w.PERIOD_LEGEND, strict=True):
        style = VOTE_STYLES[_CHOICES[index]]
        items.append(
            Icon(
                Box(x, LEGEND_Y + 2, COUNT_ICON + 2, COUNT_ICON + 2),
                style.shape,
                style.icon_fill,
                style.icon_mark,
                PAPER,
                role="legend-icon",
            )
        )
        x += COUNT_ICON + 10
        items.append(
            Text(x, LEGEND_Y, word, font, INK, PAPER, "legend", width=width_of(word, font))
        )
        x += width_of(word, font) + 22
    return items


def _tile(
    member: MemberRecord, box: Box, as_of: date, cells: tuple[int, ...], w: Words
) -> list[Item]:
    counts_left = box.right - COUNTS_RIGHT - sum(cells)
    left = box.x + NAME_LEFT
    room = _name_room(cells)
    veto = _veto_chip(member, box, w)
    name = fit_in_order([member.name, member.label], NAME_FONTS, room)
    items: list[Item] = [
        Text(
            left,
            box.y + 5,
            name.text,
            name.font,
            INK,
            PAPER,
            "member-name",
            key=member.iso3,
            width=name.width,
        ),
    ]
    second_y = box.y + box.h - 31
    x = left
    if member.permanent:
        items.extend(permanent_badge(x, second_y + 1, member.iso3, w))
        x += BADGE_W + 6
    candidates = w.status_candidates(member.signatory, member.standing.on_a_later_list, as_of)
    broke = bool(member.signatory_against or member.signatory_abstained)
    if candidates:
        font = bold(SMALL) if broke else regular(SMALL)
        right = veto[0].box.x - 8 if veto else box.right - 10  # it may run under the counts
        status = fit(candidates, [font], right - x)
        items.append(
            Text(
                x,
                second_y,
                status.text,
                status.font,
                INK if broke else MUTED,
                PAPER,
                "signatory",
                key=member.iso3,
                width=status.width,
            )
        )
    items.extend(_counts(member, Box(counts_left, box.y, box.right - counts_left, box.h), cells))
    items.extend(veto)
    if member.flagged:
        items.append(
            Rect(
                box,
                None,
                role="flag-outline",
                outline=INK,
                outline_width=3,
                radius=6,
                key=member.iso3,
            )
        )
    return items


def _counts(member: MemberRecord, area: Box, cells: tuple[int, ...]) -> list[Item]:
    items: list[Item] = []
    number_font = bold(COUNT_FONT_SIZE)
    y = area.y + 8
    for position, (attribute, index) in enumerate(COUNTS):
        x = area.x + sum(cells[:position])
        count = int(getattr(member, attribute))
        style = VOTE_STYLES[_CHOICES[index]]
        if not count:
            style = VoteStyle(style.shape, ZERO_ICON, PAPER, PAPER, MUTED)
        items.append(
            Icon(
                Box(x, y + 2, COUNT_ICON, COUNT_ICON),
                style.shape,
                style.icon_fill,
                style.icon_mark,
                PAPER,
                role="count-icon",
                key=f"{member.iso3}:{attribute}",
            )
        )
        text = str(count)
        items.append(
            Text(
                x + COUNT_ICON + 4,
                y,
                text,
                number_font,
                INK if count else MUTED,
                PAPER,
                "count",
                key=f"{member.iso3}:{attribute}",
                width=width_of(text, number_font),
            )
        )
    return items


def _veto_chip(member: MemberRecord, box: Box, w: Words) -> list[Item]:
    """The "2 vetoes" chip at the tile's bottom right (nothing without vetoes)."""
    if not member.vetoes:
        return []
    words = w.plural(member.vetoes, w.PERIOD_VETOES).format(count=member.vetoes)
    font = bold(SMALL)
    width = width_of(words, font)
    chip = Box(box.right - width - 16, box.bottom - 32, width + 16, 26)
    return [
        Rect(chip, VETO_STYLE.chip, role="veto-chip", radius=4, key=member.iso3),
        Text(
            chip.x + 8,
            centred_y(chip, font),
            words,
            font,
            VETO_STYLE.chip_text,
            VETO_STYLE.chip,
            "vetoes",
            key=member.iso3,
            width=width,
        ),
    ]


def _sources(card: PeriodScorecard, w: Words) -> list[str]:
    """The publishers behind the counted votes, most used first (ties: first seen)."""
    counts = Counter(vote.sources[0].publisher for vote in card.drafts if vote.sources)
    if not counts:
        return []
    ranked = counts.most_common()
    listed = ", ".join(f"{name} ({count})" for name, count in ranked)
    top, count = ranked[0]
    return [listed, w.PERIOD_SOURCES_TOP.format(publisher=top, count=count, total=len(card.drafts))]
