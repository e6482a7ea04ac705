"""The languages the cards are written in: those with a complete table of strings.

A language of the Code (bot.domain.languages) is posted in only once its table is here; until
then asking for it is refused in plain words, never answered with an English card.
"""

from __future__ import annotations

from bot.domain.errors import ActbotError
from cards.strings import TABLES

AVAILABLE: tuple[str, ...] = tuple(TABLES)


class LanguageNotAvailable(ActbotError, ValueError):
    """Cards cannot yet be written in this language."""


def require(language: str) -> str:
    if language not in AVAILABLE:
        raise LanguageNotAvailable(
            f"cards in {language!r} are not available yet; available: {', '.join(AVAILABLE)}"
        )
    return language
