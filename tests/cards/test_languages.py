"""Cards in the Code's three languages: complete tables, the language's own dates, lists and
plurals, member names from the sourced files, and every text inside every network's limit."""

from __future__ import annotations

import json
import string
from dataclasses import fields
from datetime import date
from functools import cache

import pytest
from twitter_text import parse_tweet  # type: ignore[import-untyped]

from bot import networks
from bot.domain.languages import LANGUAGES
from bot.domain.period import Period, PeriodScorecard, build_period_scorecard
from bot.domain.scorecard import Scorecard, build_scorecard
from bot.domain.text_limits import ALT_TEXT_LIMIT, grapheme_count
from cards.period_texts import period_alt_text, period_post_text
from cards.strings import ENGLISH, FRENCH, SPANISH, TABLES, Words
from cards.texts import alt_text, post_text
from tests.cards.test_data import (
    ADOPTED,
    DATA,
    NOT_ATROCITY,
    PREDATES,
    SIGNATORY_AGAINST,
    VETOED,
    bundled_votes,
    reference,
)

SYMBOLS = [VETOED, SIGNATORY_AGAINST, ADOPTED, PREDATES, NOT_ATROCITY]
MASTODON_DEFAULT = networks.get("mastodon").text_limit
NETWORKS = ("x", "bluesky", "mastodon")


def _templates(table: Words) -> dict[str, str]:
    """Every string of a table by a path name ("CODE_FLAGS.NO.1"), for comparing tables."""
    out: dict[str, str] = {}
    for f in fields(table):
        value = getattr(table, f.name)
        if isinstance(value, str):
            out[f.name] = value
        elif isinstance(value, tuple):
            out.update({f"{f.name}.{i}": v for i, v in enumerate(value)})
        elif isinstance(value, dict):
            for key, item in value.items():
                items = item if isinstance(item, tuple) else (item,)
                out.update({f"{f.name}.{key}.{i}": v for i, v in enumerate(items)})
    return out


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_of_the_code_has_a_table() -> None:
    assert set(TABLES) == set(LANGUAGES)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_table_has_every_string_with_the_same_placeholders(language: str) -> None:
    english, other = _templates(ENGLISH), _templates(TABLES[language])
    assert english.keys() == other.keys()
    for key, template in english.items():
        assert other[key].strip() or not template.strip(), key
        assert _placeholders(other[key]) == _placeholders(template), (language, key)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_word_is_left_in_a_translated_table(language: str) -> None:
    shared = {"#ACTcodeofconduct", "P5", "veto", "(veto)", " · ", "{yes}–{no}–{abstain}"}
    shared |= {"{start} – {end}", "{member} ({count} {draft_word})", "{headline}: {symbol}, {date}"}
    shared |= {"{period}: {counts}", "{choice}, {count}: ", ": ", "; ", "{n} veto", "{count} veto"}
    shared |= {"{drafts} {drafts_phrase}, {vetoed} {vetoed_word}"}
    english, other = _templates(ENGLISH), _templates(TABLES[language])
    same = {key for key, text in other.items() if text == english[key] and text not in shared}
    assert not same, same


def test_dates_lists_and_plurals_follow_each_language() -> None:
    day, first = date(2016, 10, 8), date(2024, 3, 1)
    assert ENGLISH.long_date(day) == "8 October 2016"
    assert FRENCH.long_date(day) == "8 octobre 2016"
    assert FRENCH.long_date(first) == "1er mars 2024"
    assert FRENCH.short_date(date(2024, 7, 4)) == "4 juill. 2024"
    assert FRENCH.short_date(date(2024, 6, 4)) == "4 juin 2024"
    assert SPANISH.long_date(day) == "8 de octubre de 2016"
    assert SPANISH.short_date(day) == "8 oct. 2016"
    assert FRENCH.join_names(["la Chine", "la France", "le Japon"]) == (
        "la Chine, la France et le Japon"
    )
    assert SPANISH.join_names(["Francia", "Irlanda"]) == "Francia e Irlanda"
    assert SPANISH.join_names(["Francia", "Hungría"]) == "Francia y Hungría"
    assert SPANISH.join_names(["China", "el Reino Unido"]) == "China y el Reino Unido"
    assert FRENCH.plural(0, FRENCH.DRAFT_WORD) == "projet"  # French: zero is singular
    assert ENGLISH.plural(0, ENGLISH.DRAFT_WORD) == "drafts"
    assert SPANISH.plural(2, SPANISH.PERIOD_VETOED) == "vetados"


@cache
def _card(symbol: str, language: str) -> Scorecard:
    ref = reference()
    return build_scorecard(bundled_votes()[symbol], ref.registry, ref.names_in(language))


@cache
def _period(year: int, language: str) -> PeriodScorecard:
    ref = reference()
    votes = list(bundled_votes().values())
    return build_period_scorecard(
        votes, Period.calendar_year(year), ref.registry, ref.membership, ref.names_in(language)
    )


def _within_limits(network: str, text: str) -> None:
    """Counted as each network counts: X weights characters, Bluesky counts graphemes,
    Mastodon counts characters with links as 23."""
    counted = {
        "x": lambda: parse_tweet(text).weightedLength <= 280,
        "bluesky": lambda: grapheme_count(text) <= 300,
        "mastodon": lambda: MASTODON_DEFAULT.fits(text),
    }
    assert counted[network](), (network, text)
    assert text.endswith("#ACTcodeofconduct")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("symbol", SYMBOLS)
def test_vote_texts_are_in_the_language_and_within_every_limit(symbol: str, language: str) -> None:
    card = _card(symbol, language)
    table = TABLES[language]
    assert card.language == language
    alt = alt_text(card)
    assert len(alt) <= ALT_TEXT_LIMIT
    for row in card.rows:
        assert row.in_text in alt or row.name in alt, (language, row.iso3)
        assert table.CHOICE_WORD[row.choice] in alt
    assert table.long_date(card.vote.date) in alt
    for link in ("", "https://example.org/S-2016-846"):
        for network in NETWORKS:
            limit = networks.get(network).text_limit
            _within_limits(network, post_text(card, limit, link=link))


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_translated_card_names_members_in_its_language_without_english(language: str) -> None:
    card = _card(VETOED, language)
    alt, x = alt_text(card), post_text(card, networks.get("x").text_limit)
    russia = {"fr": "la Fédération de Russie", "es": "la Federación de Rusia"}[language]
    assert russia in alt and russia in x
    for english in ("Russian Federation", "United Kingdom", "in favour", "Aleppo", "Vetoed"):
        assert english not in alt and english not in x


@pytest.mark.parametrize("language", LANGUAGES)
def test_period_texts_of_every_year_fit_in_every_language(language: str) -> None:
    for year in sorted(reference().membership.years):
        card = _period(year, language)
        alt = period_alt_text(card)
        assert len(alt) <= ALT_TEXT_LIMIT, (language, year)
        for network in NETWORKS:
            limit = networks.get(network).text_limit
            _within_limits(network, period_post_text(card, limit, link="https://example.org/p"))


ARTICLES = {
    "fr": {"la": ("f", "sg"), "le": ("m", "sg"), "les": (None, "pl"), "l'": (None, "sg")},
    "es": {"la": ("f", "sg"), "el": ("m", "sg"), "los": ("m", "pl"), "las": ("f", "pl")},
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_names_files_name_every_council_member_with_a_source(language: str) -> None:
    data = json.loads((DATA / "names" / f"{language}.json").read_text(encoding="utf-8"))
    members = data["members"]
    seated = set().union(*reference().membership.years.values())
    assert seated <= members.keys(), sorted(seated - members.keys())
    for iso3, entry in members.items():
        assert entry["name"] and entry["source"], iso3
        article = entry.get("article", "")
        if article:
            gender, number = ARTICLES[language][article]
            assert entry["number"] == number and gender in (None, entry["gender"]), iso3
            if article == "l'":
                assert entry["name"][0].lower() in "aeiouéèêâîôûh", iso3


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_fits_the_narrowest_name_room_so_no_name_is_cut(language: str) -> None:
    """A tile shows the UN short name where it fits, else the label; the label must fit the
    least room a name ever has (a period card whose counts all have two digits)."""
    from cards.fit import width_of
    from cards.fonts import bold
    from cards.period_layout import narrowest_name_room
    from cards.vote_layout import NAME_FONTS, NAME_ROOM

    smallest = bold(min(font.size for font in NAME_FONTS))
    names = reference().names_in(language)
    too_wide = {
        iso3: names.label(iso3)
        for iso3 in names.names
        if width_of(names.label(iso3), smallest) > min(narrowest_name_room(), NAME_ROOM)
    }
    assert not too_wide, too_wide
