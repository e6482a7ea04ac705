"""The vote card's layout: a Scorecard becomes boxes, words, colours and icons (no pixels).

Top to bottom: a thin bar in the outcome's colour; who voted on what and when, with the
tally; the outcome as a headline; what the draft was for; the Code line (the fact a reader
must not miss); fifteen member tiles, read down the columns in the Scorecard's order
(vetoes and votes against first); the footer.
"""

from __future__ import annotations

from bot.domain.model import Outcome, Vote
from bot.domain.scorecard import CodeContext, Flag, Row, Scorecard
from cards import texts
from cards.fit import fit, fit_in_order, width_of, wrap
from cards.fonts import FontSpec, bold, regular
from cards.footer import FOOTER_RULE_Y, Footer, footer_base, footer_items
from cards.layout import Align, Box, Icon, Item, Layout, Rect, Text, grid
from cards.strings import Words, words_for
from cards.theme import (
    BADGE,
    BADGE_TEXT,
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
    VERMILLION,
    VETO_STYLE,
    VOTE_STYLES,
    WIDTH,
    CalloutStyle,
    VoteStyle,
)

CONTENT_WIDTH = WIDTH - 2 * MARGIN
KICKER_Y = 24
HEADLINE_Y = 54
TITLE_Y = 108
CALLOUT = Box(MARGIN, 148, CONTENT_WIDTH, 48)
GRID_TOP = 210
GRID_BOTTOM = FOOTER_RULE_Y - 14
COLUMNS, ROWS = 3, 5
GAP_X, GAP_Y = 12, 8
TILE_W = (CONTENT_WIDTH - (COLUMNS - 1) * GAP_X) // COLUMNS
TILE_H = (GRID_BOTTOM - GRID_TOP - (ROWS - 1) * GAP_Y) // ROWS
CHIP_W = 166  # room for the longest vote word of any language at 22 px ("Abstención")
NAME_GAP, NAME_PAD = 10, 6  # between the chip and the name; after the name
NAME_ROOM = TILE_W - CHIP_W - NAME_GAP - NAME_PAD
"""The width a member's name has on a vote card: its label must fit it at 22 px."""
ICON = 26
PAD = 10
BADGE_W, BADGE_H = 34, 27

HEADLINE_FONTS = [bold(size) for size in (46, 42, 38, 34)]
TITLE_FONTS = [regular(27), regular(24)]
CALLOUT_FONTS = [bold(25), bold(23)]
NAME_FONTS = [bold(25), bold(23), bold(22)]
SMALL = 22


def vote_layout(card: Scorecard, footer: Footer) -> Layout:
    """The whole vote card for one Scorecard; identical input gives an identical Layout."""
    vote = card.vote
    w = words_for(card.language)
    slots = _slots(len(card.rows))
    base: tuple[Item, ...] = (
        *(
            Rect(box, PAPER, role="tile", outline=TILE_BORDER, outline_width=2, radius=6)
            for box in slots
        ),
        *footer_base(footer, w),
    )
    items: list[Item] = [
        Rect(
            Box(0, 0, WIDTH, 8),
            BLUE if vote.outcome is Outcome.ADOPTED else VERMILLION,
            role="accent",
        ),
        *_header(card),
        *_callout(card),
    ]
    for row, box in zip(card.rows, slots, strict=False):
        items.extend(_tile(card, row, box))
    items.extend(footer_items(card.signatories_as_of, _source_candidates(vote), w))
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


def _header(card: Scorecard) -> list[Item]:
    vote = card.vote
    w = texts.words(card)
    small = regular(SMALL)
    kicker = w.SEPARATOR.join([w.COUNCIL, texts.symbol_label(vote, w), w.long_date(vote.date)])
    tally = texts.tally_words(vote, w)
    items: list[Item] = [
        Text(
            MARGIN, KICKER_Y, kicker, small, MUTED, PAPER, "kicker", width=width_of(kicker, small)
        ),
    ]
    if width_of(kicker, small) + width_of(tally, small) + 40 <= CONTENT_WIDTH:
        items.append(
            Text(
                WIDTH - MARGIN,
                KICKER_Y,
                tally,
                small,
                MUTED,
                PAPER,
                "tally",
                align=Align.RIGHT,
                width=width_of(tally, small),
            )
        )
    head = fit_in_order(texts.headline_candidates(card), HEADLINE_FONTS, CONTENT_WIDTH)
    items.append(
        Text(MARGIN, HEADLINE_Y, head.text, head.font, INK, PAPER, "headline", width=head.width)
    )
    if texts.title(card):
        line = fit([texts.title(card)], TITLE_FONTS, CONTENT_WIDTH)
        items.append(
            Text(MARGIN, TITLE_Y, line.text, line.font, INK, PAPER, "title", width=line.width)
        )
    return items


def _callout_style(card: Scorecard) -> CalloutStyle:
    if card.context is not CodeContext.APPLIES:
        return CALLOUT_NEUTRAL
    if texts.code_facts(card):
        return CALLOUT_ALERT
    return CALLOUT_CLEAR


def _callout(card: Scorecard) -> list[Item]:
    style = _callout_style(card)
    box = CALLOUT
    line = fit_in_order(texts.code_line_candidates(card), CALLOUT_FONTS, box.w - 36)
    return [
        Rect(box, style.fill, role="callout", radius=4),
        Rect(Box(box.x, box.y, 8, box.h), style.bar, role="callout-bar"),
        Text(
            box.x + 24,
            centred_y(box, line.font),
            line.text,
            line.font,
            INK,
            style.fill,
            "code-line",
            width=line.width,
        ),
    ]


def _tile(card: Scorecard, row: Row, box: Box) -> list[Item]:
    vetoed = Flag.VETO in row.flags
    style = VETO_STYLE if vetoed else VOTE_STYLES[row.choice]
    flagged = bool(row.flags)
    chip = Box(box.x, box.y, CHIP_W, box.h)
    items: list[Item] = [
        Rect(chip, style.chip, role="vote-chip", radius=6, key=row.iso3),
        Icon(
            Box(chip.x + PAD, chip.y + (chip.h - ICON) // 2, ICON, ICON),
            style.shape,
            style.icon_fill,
            style.icon_mark,
            style.chip,
            role="vote-icon",
            key=row.iso3,
        ),
        *_vote_words(row, style, chip, texts.words(card)),
        *_member(card, row, box),
    ]
    if flagged:
        items.append(
            Rect(
                box, None, role="flag-outline", outline=INK, outline_width=3, radius=6, key=row.iso3
            )
        )
    return items


def _vote_words(row: Row, style: VoteStyle, chip: Box, w: Words) -> list[Item]:
    left = chip.x + PAD + ICON + 8
    room = chip.right - left - 5
    font = bold(SMALL)
    words = wrap(w.CHOICE_WORD[row.choice], font, room, 2)
    if Flag.VETO in row.flags:
        words = [*words[:1], w.VETO_MARK]
    line_h = 26
    top = chip.y + (chip.h - line_h * len(words)) // 2 + 1
    return [
        Text(
            left,
            top + index * line_h,
            word,
            font,
            style.chip_text,
            style.chip,
            "vote-word",
            key=row.iso3,
            width=width_of(word, font),
        )
        for index, word in enumerate(words)
    ]


def _member(card: Scorecard, row: Row, box: Box) -> list[Item]:
    left = box.x + CHIP_W + NAME_GAP
    name = fit_in_order([row.name, row.label], NAME_FONTS, NAME_ROOM)
    items: list[Item] = [
        Text(
            left,
            box.y + 6,
            name.text,
            name.font,
            INK,
            PAPER,
            "member-name",
            key=row.iso3,
            width=name.width,
        ),
    ]
    second_y = box.y + box.h - 31
    x = left
    if row.permanent:
        items.extend(permanent_badge(x, second_y + 1, row.iso3, texts.words(card)))
        x += BADGE_W + 6
    candidates = texts.words(card).status_candidates(
        row.status, row.standing.on_a_later_list, card.signatories_as_of
    )
    if candidates:
        font = bold(SMALL) if _breaks_with_code(row) else regular(SMALL)
        colour = INK if _breaks_with_code(row) else MUTED
        status = fit(candidates, [font], box.right - x - NAME_PAD)
        items.append(
            Text(
                x,
                second_y,
                status.text,
                status.font,
                colour,
                PAPER,
                "signatory",
                key=row.iso3,
                width=status.width,
            )
        )
    return items


def _breaks_with_code(row: Row) -> bool:
    return bool(row.flags - {Flag.VETO})


def permanent_badge(x: int, y: int, key: str, w: Words) -> list[Item]:
    """The "P5" chip beside a permanent member's name, on vote and period cards alike."""
    badge = Box(x, y, BADGE_W, BADGE_H)
    font = bold(SMALL)
    return [
        Rect(badge, BADGE, role="permanent-badge", radius=4, key=key),
        Text(
            badge.x + badge.w // 2,
            centred_y(badge, font),
            w.PERMANENT_MARK,
            font,
            BADGE_TEXT,
            BADGE,
            "permanent-mark",
            key=key,
            align=Align.CENTRE,
            width=width_of(w.PERMANENT_MARK, font),
        ),
    ]


def centred_y(box: Box, font: FontSpec) -> int:
    """The top y that centres a line of this font's capitals and lower case in the box."""
    return box.y + (box.h - font.size) // 2 - font.size // 10


def _source_candidates(vote: Vote) -> list[str]:
    if not vote.sources:
        return []
    first = vote.sources[0]
    candidates = [texts.source_names(vote)]
    if first.id:
        candidates.append(first.id)
    return candidates
