"""Property tests: any vote or period the domain allows, in any card language, gives a card
that keeps the layout rules (tests/cards/layout_rules.py) and texts inside every limit.

Hypothesis draws the cards (tests/cards/generated.py); when a rule breaks it shrinks the
case to the smallest vote or period that still breaks it and prints it.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from bot import networks
from bot.domain.period import PeriodScorecard
from bot.domain.scorecard import Scorecard
from bot.domain.text_limits import ALT_TEXT_LIMIT
from cards import Footer
from cards.period_layout import period_layout
from cards.period_texts import period_alt_text, period_post_text
from cards.strings import words_for
from cards.texts import alt_text, post_text
from cards.vote_layout import vote_layout
from tests.cards.generated import period_scorecards, scorecards
from tests.cards.layout_rules import problems

FOOTER = Footer(operator="@a-rather-long-operator-handle.bsky.social")
NETWORKS = ("x", "bluesky", "mastodon")
LINK = "https://example.org/cards/S-2016-846"
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(scorecards())
def test_any_vote_card_keeps_the_layout_rules(card: Scorecard) -> None:
    layout = vote_layout(card, FOOTER)
    assert not problems(layout), (card.language, str(card.vote.symbol), problems(layout))
    w = words_for(card.language)
    for row in card.rows:
        tile = " ".join(t.text for t in layout.texts() if t.key == row.iso3)
        assert row.name in tile or row.label in tile, (row.iso3, tile)
        assert w.CHOICE_WORD[row.choice] in tile.replace("\n", " "), (row.iso3, tile)


@PROPERTY
@given(period_scorecards())
def test_any_period_card_keeps_the_layout_rules(card: PeriodScorecard) -> None:
    layout = period_layout(card, FOOTER)
    assert not problems(layout), (card.language, card.period.year, problems(layout))
    for member in card.members:
        counts = [t.text for t in layout.texts("count") if t.key.startswith(member.iso3 + ":")]
        assert counts == [str(member.in_favour), str(member.against), str(member.abstained)]
        names = layout.texts("member-name", member.iso3)
        assert [n.text for n in names] in ([member.name], [member.label])


@PROPERTY
@given(scorecards())
def test_any_vote_card_texts_fit_every_network(card: Scorecard) -> None:
    assert len(alt_text(card)) <= ALT_TEXT_LIMIT
    for network in NETWORKS:
        limit = networks.get(network).text_limit
        for link in ("", LINK):
            text = post_text(card, limit, link=link)
            assert limit.fits(text), (network, text)
            assert text.endswith(words_for(card.language).HASHTAG)
            if card.vetoed_by:  # the headline, with who vetoed, is never the part cut
                assert not text.splitlines()[0].endswith("…"), (network, text)


@PROPERTY
@given(period_scorecards())
def test_any_period_card_texts_fit_every_network(card: PeriodScorecard) -> None:
    assert len(period_alt_text(card)) <= ALT_TEXT_LIMIT
    for network in NETWORKS:
        limit = networks.get(network).text_limit
        text = period_post_text(card, limit, link=LINK)
        assert limit.fits(text), (network, text)
