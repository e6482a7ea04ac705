"""Turns a Scorecard into pixels and words: the card PNG, its alt text and each network's text.

Knows no database and no network; the same renderer serves the dry-run outbox and the
real publishers.
"""

from cards.footer import Footer
from cards.render import CardRenderer, RenderedCard
from cards.texts import alt_text, post_text

__all__ = [
    "CardRenderer",
    "Footer",
    "RenderedCard",
    "alt_text",
    "post_text",
]
