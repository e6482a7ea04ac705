"""How each network measures a post's text, in one place.

A network's limit is a number and a way of counting: X weighs characters (links 23, CJK and
emoji 2), Bluesky counts graphemes, Mastodon counts graphemes with every link as 23 (and each
instance sets its own number). The cards fit their words to a TextLimit and the publishers
check against the same one, so a text that was fitted is never refused for its length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex


def grapheme_count(text: str) -> int:
    """User-perceived characters (extended grapheme clusters), as Bluesky counts them."""
    return len(regex.findall(r"\X", text))


def x_weighted_length(text: str) -> int:
    """X's weighted length (URLs count 23, CJK and emoji 2), by twitter-text's own rules
    (imported when first needed: it takes a fifth of a second to load)."""
    from twitter_text import parse_tweet  # type: ignore[import-untyped]

    return int(parse_tweet(text).weightedLength)


MASTODON_URL_LENGTH = 23
"""What Mastodon counts a link as (`characters_reserved_per_url` in /api/v2/instance)."""

_MASTODON_URL = regex.compile(r"https?://\S+")


def mastodon_length(text: str, url_length: int = MASTODON_URL_LENGTH) -> int:
    """Mastodon's count: graphemes, each http(s) link counted as `url_length` however long."""
    links = _MASTODON_URL.findall(text)
    rest = _MASTODON_URL.sub("", text)
    return grapheme_count(rest) + url_length * len(links)


@dataclass(frozen=True)
class TextLimit:
    """A network's text limit: at most `max_length`, as `measure` counts."""

    max_length: int
    measure: Callable[[str], int]
    unit: str = "characters"

    def fits(self, text: str) -> bool:
        return self.measure(text) <= self.max_length

    def problem(self, text: str, network_label: str) -> str | None:
        """A one-line reason when the text is too long, in the network's own unit."""
        length = self.measure(text)
        if length <= self.max_length:
            return None
        return (
            f"the {network_label} text counts {length} {self.unit}; the limit is {self.max_length}"
        )


ALT_TEXT_LIMIT = 1000
"""The card's alt text: X allows 1,000 characters, the smallest limit of the networks."""


X_TEXT = TextLimit(280, x_weighted_length, "weighted characters")
BLUESKY_TEXT = TextLimit(300, grapheme_count)


def mastodon_text_limit(
    max_characters: int = 500, url_length: int = MASTODON_URL_LENGTH
) -> TextLimit:
    """An instance's own limit: each server sets `max_characters` (500 unless changed)."""
    return TextLimit(max_characters, lambda text: mastodon_length(text, url_length))


MASTODON_TEXT = mastodon_text_limit()
"""Mastodon's default until the instance says otherwise."""
