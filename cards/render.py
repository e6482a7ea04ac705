"""The renderer the pipeline calls: Scorecard in, PNG and alt text out.

It composes the layout builders and one Painter (whose caches make the second card and the
ones after it fast); the same renderer serves the dry-run outbox, the real publishers and
`actbot render`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.period import PeriodScorecard
from bot.domain.scorecard import Scorecard
from cards.footer import Footer
from cards.layout import Layout
from cards.paint import Painter
from cards.period_layout import period_layout
from cards.period_texts import period_alt_text
from cards.texts import alt_text
from cards.vote_layout import vote_layout


@dataclass(frozen=True)
class RenderedCard:
    png: bytes
    width: int
    height: int
    alt_text: str


class CardRenderer:
    def __init__(self, footer: Footer, painter: Painter | None = None) -> None:
        self._footer = footer
        self._painter = painter or Painter()

    @property
    def footer(self) -> Footer:
        return self._footer

    def layout(self, card: Scorecard) -> Layout:
        return vote_layout(card, self._footer)

    def period_layout(self, card: PeriodScorecard) -> Layout:
        return period_layout(card, self._footer)

    def render(self, card: Scorecard) -> RenderedCard:
        """The vote card (1200×675 PNG) and its alt text."""
        layout = self.layout(card)
        return RenderedCard(self._painter.png(layout), layout.width, layout.height, alt_text(card))

    def render_period(self, card: PeriodScorecard) -> RenderedCard:
        """The period scorecard (1200×675 PNG) and its alt text."""
        layout = self.period_layout(card)
        return RenderedCard(
            self._painter.png(layout), layout.width, layout.height, period_alt_text(card)
        )
