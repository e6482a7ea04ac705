"""Alt text and post texts: complete, within each network's limit, ending in the hashtag."""

from __future__ import annotations

from dataclasses import replace

import pytest
from twitter_text import parse_tweet  # type: ignore[import-untyped]

from bot import networks
from bot.domain.period import Period, PeriodScorecard, build_period_scorecard
from bot.domain.scorecard import Scorecard
from bot.domain.text_limits import ALT_TEXT_LIMIT as ALT_LIMIT
from bot.domain.text_limits import grapheme_count
from cards import alt_text, post_text
from cards.period_texts import period_alt_text, period_post_text
from cards.strings import ENGLISH as strings
from tests.cards.test_data import (
    ADOPTED,
    NOT_ATROCITY,
    PREDATES,
    SIGNATORY_AGAINST,
    VETOED,
    bundled_card,
    bundled_votes,
    pinned_votes,
    reference,
    scorecard,
)

X = networks.get("x").text_limit
BLUESKY = networks.get("bluesky").text_limit
SYMBOLS = [VETOED, SIGNATORY_AGAINST, ADOPTED, PREDATES, NOT_ATROCITY]


def _every_card() -> list[Scorecard]:
    return [scorecard(vote) for vote in bundled_votes().values()]


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_alt_text_has_outcome_every_member_vote_and_status(symbol: str) -> None:
    card = bundled_card(symbol)
    text = alt_text(card)
    assert len(text) <= ALT_LIMIT
    assert str(card.vote.symbol) in text
    assert strings.long_date(card.vote.date) in text
    assert card.vote.outcome.value[:4].lower() in text.lower() or "Vetoed" in text
    for row in card.rows:
        assert row.name in text, row.name
    for choice in {row.choice for row in card.rows}:
        assert f"{strings.CHOICE_WORD[choice]}, " in text
    if any(row.signed for row in card.rows):
        assert "Code signator" in text
    assert "·" not in text and "–" not in text, "read aloud: words, no symbols"


def test_alt_text_of_the_signatory_card_reads_naturally() -> None:
    text = alt_text(bundled_card(SIGNATORY_AGAINST))
    assert (
        "Vetoed by China and the Russian Federation: 10 in favour, 3 against, 2 abstained." in text
    )
    assert (
        "Against, 3: Code signatory the United Arab Emirates; not on the 2017 list: China (veto)"
        in text
    )
    assert "Code signatory voted against: United Arab Emirates." in text
    assert "Code signatories as of 15 May 2017." in text


def test_alt_text_stays_within_the_limit_for_every_bundled_vote() -> None:
    for card in _every_card():
        assert len(alt_text(card)) <= ALT_LIMIT


def test_alt_text_drops_details_before_votes_when_too_long() -> None:
    card = bundled_card(VETOED)
    long_title = replace(card.vote, short_title="x" * 600)
    text = alt_text(scorecard(long_title))
    assert len(text) <= ALT_LIMIT
    for row in card.rows:
        assert row.name in text


def test_x_text_fits_ends_with_hashtag_and_has_no_link_by_default() -> None:
    for card in _every_card():
        text = post_text(card, X)
        assert parse_tweet(text).weightedLength <= 280
        assert text.endswith(strings.HASHTAG)
        assert "http" not in text


def test_x_text_carries_a_link_only_when_given_and_counts_it_as_23() -> None:
    card = bundled_card(SIGNATORY_AGAINST)
    link = "https://example.org/votes/" + "a" * 80
    text = post_text(card, X, link=link)
    assert link in text and text.endswith(strings.HASHTAG)
    assert parse_tweet(text).weightedLength <= 280


def test_x_text_states_outcome_symbol_and_the_code_fact() -> None:
    text = post_text(bundled_card(SIGNATORY_AGAINST), X)
    assert text.startswith("Vetoed by China and the Russian Federation: S/2023/792, 25 Oct 2023")
    assert "Code signatory voted against: United Arab Emirates" in text


def test_posts_shorten_by_dropping_lines_not_the_hashtag() -> None:
    card = bundled_card(SIGNATORY_AGAINST)
    crowded = replace(card.vote, short_title="Ж" * 200)
    for limit in (X, BLUESKY):
        text = post_text(scorecard(crowded), limit, link="https://example.org/" + "é" * 100)
        assert text.endswith(strings.HASHTAG)
        assert text.startswith("Vetoed by")


def test_bluesky_text_counts_graphemes_not_code_points() -> None:
    assert grapheme_count("Côte d'Ivoire") == 13
    assert grapheme_count("e\u0301") == 1  # e + combining acute: one grapheme
    assert grapheme_count("👩‍👩‍👧") == 1  # a ZWJ family: one grapheme, five code points
    for card in _every_card():
        assert grapheme_count(post_text(card, BLUESKY)) <= 300


def test_an_unknown_network_is_refused_by_the_registry() -> None:
    with pytest.raises(networks.UnknownNetwork, match="unknown network 'myspace'"):
        networks.get("myspace")


def test_dates_do_not_depend_on_the_locale() -> None:
    from datetime import date

    assert strings.long_date(date(2016, 10, 8)) == "8 October 2016"
    assert strings.short_date(date(2024, 3, 25)) == "25 Mar 2024"


# --- period texts -------------------------------------------------------------------------


def _period_cards() -> list[PeriodScorecard]:
    ref = reference()
    votes = list(bundled_votes().values())
    return [
        build_period_scorecard(
            votes, Period.calendar_year(year), ref.registry, ref.membership, ref.names
        )
        for year in sorted(ref.membership.years)
    ]


def test_period_texts_fit_every_year_and_end_with_the_hashtag() -> None:
    for card in _period_cards():
        alt = period_alt_text(card)
        assert len(alt) <= ALT_LIMIT
        for member in card.members:
            assert member.name in alt, (card.period, member.name)
        x = period_post_text(card, X)
        assert parse_tweet(x).weightedLength <= 280 and x.endswith(strings.HASHTAG)
        bluesky = period_post_text(card, BLUESKY, link="https://example.org/2024")
        assert grapheme_count(bluesky) <= 300 and bluesky.endswith(strings.HASHTAG)


def test_period_alt_text_reads_member_by_member() -> None:
    ref = reference()
    card = build_period_scorecard(  # the pinned 2024 records: every 2024 vote shipped
        pinned_votes().values(), Period.calendar_year(2024), ref.registry, ref.membership, ref.names
    )
    alt = period_alt_text(card)
    assert "2024: 11 drafts put to a vote, 4 vetoed." in alt
    assert (
        "The United States, not on the 2017 list: 8 in favour, 2 against, 1 abstained, 2 vetoes."
        in alt
    )
    assert "Code signatory abstained: United Kingdom (1 draft)." in alt


def test_a_period_tally_counts_a_signatory_once_whatever_it_did() -> None:
    """One signatory that voted against one draft and abstained on another is one
    signatory in the numbers form of the Code line, not two."""
    from bot.domain.registry import SignatoryStatus
    from cards.period_texts import period_code_line_candidates

    ref = reference()
    card = build_period_scorecard(
        pinned_votes().values(), Period.calendar_year(2024), ref.registry, ref.membership, ref.names
    )
    members = tuple(
        replace(m, signatory_against=1, signatory_abstained=1) if m.iso3 == "GBR" else m
        for m in card.members
    )
    assert {m.iso3: m.signatory for m in members}["GBR"] is SignatoryStatus.SIGNATORY
    tally = period_code_line_candidates(replace(card, members=members))[-1]
    assert tally == "Code signatory: 1 voted against, 1 abstained"
