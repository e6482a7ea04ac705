"""Every user-facing word of cards, alt texts and post texts: one table per language.

`words_for("fr")` gives the French table. A language of the Code is offered only once its
table is here (cards.languages); the layout, the painter and the text builders never hold
words of their own.
"""

from __future__ import annotations

from cards.strings.en import ENGLISH
from cards.strings.es import SPANISH
from cards.strings.fr import FRENCH
from cards.strings.words import Forms, Words, capitalised

TABLES: dict[str, Words] = {table.LANGUAGE: table for table in (ENGLISH, FRENCH, SPANISH)}


def words_for(language: str) -> Words:
    """The table of `language`; cards.languages.require has refused any other first."""
    return TABLES[language]


__all__ = ["ENGLISH", "FRENCH", "SPANISH", "TABLES", "Forms", "Words", "capitalised", "words_for"]
