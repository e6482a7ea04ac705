"""How each network measures a post's text, in one place.

A network's limit is a number and a way of counting: X weighs characters (links 23, CJK and
emoji 2), Bluesky counts graphemes. The cards fit their words to a TextLimit and the publishers
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
