"""The languages a card is posted in, and how a post record names its language.

The Code was issued in English, French and Spanish (A/70/621–S/2015/978), and those are the
languages a card can be posted in. Each language's post is its own post record, so each goes
out exactly once: the record's subject carries the language after an "@" ("vote:12@fr"),
and English keeps the bare subject every record had before there were languages, so the
records of posts already made still match. The same suffix makes each language's slug (the
Bluesky record key, the Mastodon idempotency key, the outbox folder) its own.
"""

from __future__ import annotations

from typing import Final

ENGLISH: Final = "en"
LANGUAGES: Final = ("en", "fr", "es")
"""ISO 639-1 codes of the Code's three languages."""


def subject_in(subject: str, language: str) -> str:
    """The post record subject of `subject` in `language`."""
    return subject if language == ENGLISH else f"{subject}@{language}"


def split_subject(subject: str) -> tuple[str, str]:
    """A record's subject without its language, and the language ("vote:12@fr" -> fr)."""
    base, _, language = subject.partition("@")
    return base, language or ENGLISH


def slug_in(slug: str, language: str) -> str:
    """A post's slug in `language`: S-2016-846 in English, S-2016-846-fr in French."""
    return slug if language == ENGLISH else f"{slug}-{language}"


def unknown_language(language: str) -> str | None:
    """Why `language` cannot be posted in, or None."""
    if language in LANGUAGES:
        return None
    return f"{language!r} is not a language of the cards; one of {', '.join(LANGUAGES)}"
