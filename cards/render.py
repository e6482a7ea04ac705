"""The vote card as a 1200×675 PNG, drawn with Pillow and its bundled font (deterministic)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from bot.domain.model import Choice
from bot.domain.scorecard import Flag, Scorecard
from cards import strings
from cards.texts import alt_text, context_line, headline

WIDTH, HEIGHT = 1200, 675
INK = (20, 20, 20)
PAPER = (255, 255, 255)
MUTED = (80, 80, 80)
# Colour is never the only cue: each vote also has a word and a symbol.
CHOICE_STYLE = {
    Choice.YES: ((0, 90, 181), "✓"),
    Choice.NO: ((176, 0, 32), "✗"),
    Choice.ABSTAIN: ((120, 80, 0), "–"),
    Choice.NOT_VOTING: ((90, 90, 90), "·"),
}


@dataclass(frozen=True)
class Footer:
    operator: str = ""


@dataclass(frozen=True)
class RenderedCard:
    png: bytes
    width: int
    height: int
    alt_text: str


class CardRenderer:
    def __init__(self, footer: Footer) -> None:
        self._footer = footer
        self._fonts = {size: ImageFont.load_default(size) for size in (20, 24, 30, 40)}

    def render(self, card: Scorecard) -> RenderedCard:
        image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
        draw = ImageDraw.Draw(image)
        vote = card.vote
        draw.text((40, 28), headline(card), fill=INK, font=self._fonts[40])
        subtitle = f"{vote.symbol} · {vote.date:%d %B %Y}"
        if vote.short_title or vote.title:
            subtitle += f" · {vote.short_title or vote.title}"
        draw.text((40, 84), subtitle[:95], fill=MUTED, font=self._fonts[24])
        for index, row in enumerate(card.rows):
            column, line = divmod(index, 8)
            x, y = 40 + column * 580, 135 + line * 52
            colour, mark = CHOICE_STYLE[row.choice]
            name = row.label + (f" ({strings.PERMANENT_MARK})" if row.permanent else "")
            draw.text((x, y), name, fill=INK, font=self._fonts[24])
            verdict = f"{mark} {strings.CHOICE_WORD[row.choice]}"
            if Flag.VETO in row.flags:
                verdict += f" ({strings.VETO_WORD})"
            draw.text((x + 270, y), verdict, fill=colour, font=self._fonts[24])
            if row.signatory:
                draw.text((x + 270, y + 26), strings.SIGNATORY, fill=MUTED, font=self._fonts[20])
        context = context_line(card)
        if context:
            draw.text((40, 560), context, fill=INK, font=self._fonts[24])
        footer = [
            strings.SOURCE.format(sources=", ".join(s.publisher for s in vote.sources[:2])),
            strings.SIGNATORIES_AS_OF.format(date=f"{card.signatories_as_of:%d %b %Y}"),
            strings.HASHTAG,
        ]
        if self._footer.operator:
            footer.append(self._footer.operator)
        draw.text((40, 630), "  ·  ".join(footer)[:110], fill=MUTED, font=self._fonts[20])
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=False)
        return RenderedCard(buffer.getvalue(), WIDTH, HEIGHT, alt_text(card))
