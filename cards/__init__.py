"""Turns a Scorecard into pixels and words: the card PNG, its alt text and each network's text.

Knows no database and no network; the same renderer serves the dry-run outbox and the
real publishers.
"""

from cards.footer import Footer
from cards.render import CardRenderer, RenderedCard
from cards.texts import BlueskyPost, ByteRange, alt_text, bluesky_post, post_text

__all__ = [
    "BlueskyPost",
    "ByteRange",
    "CardRenderer",
    "Footer",
    "RenderedCard",
    "alt_text",
    "bluesky_post",
    "post_text",
]
