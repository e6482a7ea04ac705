"""The period scorecard (domain): who sat, how each voted on the atrocity drafts, who signed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.model import Atrocity, Choice, Classification, Vote
from bot.domain.period import Period, PeriodError, build_period_scorecard
from bot.domain.registry import SignatoryStatus
from tests.cards.test_data import bundled_votes, reference


def _score(votes: list[Vote], period: Period):  # type: ignore[no-untyped-def]
    ref = reference()
    return build_period_scorecard(votes, period, ref.registry, ref.membership, ref.names)


def _votes_2016() -> list[Vote]:
    return [vote for vote in bundled_votes().values() if vote.date.year == 2016]


def test_a_year_lists_all_fifteen_members_even_without_votes() -> None:
    card = _score([], Period.calendar_year(2024))
    assert len(card.members) == 15
    assert {m.iso3 for m in card.members} == reference().membership.seated(2024)
    assert all(m.votes_cast == 0 for m in card.members)
    assert card.drafts == () and card.not_counted == 0


def test_counts_vetoes_and_flags_from_real_2016_votes() -> None:
    votes = _votes_2016()
    assert votes, "bundled data has 2016 votes"
    card = _score(votes, Period.calendar_year(2016))
    atrocity = [v for v in votes if v.classification.atrocity is Atrocity.YES]
    assert len(card.drafts) == len(atrocity)
    assert card.not_counted == len(votes) - len(atrocity)
    by_code = {m.iso3: m for m in card.members}
    russia = by_code["RUS"]
    assert russia.vetoes == sum("RUS" in v.vetoed_by for v in atrocity)
    assert russia.against == sum(v.choices.get("RUS") is Choice.NO for v in atrocity)
    for member in card.members:
        assert member.votes_cast == sum(member.iso3 in v.choices for v in card.drafts)
    assert card.members[0].iso3 == "RUS", "the story first: most vetoes lead"


def test_signatories_voting_against_or_abstaining_are_counted() -> None:
    vote = bundled_votes()["S/2023/792"]  # the UAE, a signatory, voted against
    card = _score([vote], Period(date(2023, 10, 1), date(2023, 10, 31)))
    uae = next(m for m in card.members if m.iso3 == "ARE")
    assert uae.signatory is SignatoryStatus.SIGNATORY
    assert uae.signatory_against == 1 and uae.flagged
    assert [m.iso3 for m in card.flagged if not m.vetoes] == ["ARE"]


def test_votes_outside_the_period_or_not_atrocity_related_are_not_counted() -> None:
    vote = bundled_votes()["S/2023/792"]
    outside = _score([vote], Period(date(2023, 1, 1), date(2023, 10, 24)))
    assert outside.drafts == () and outside.not_counted == 0
    unclassified = replace(vote, classification=Classification(Atrocity.UNDECIDED))
    card = _score([unclassified], Period.calendar_year(2023))
    assert card.drafts == () and card.not_counted == 1


def test_a_period_before_the_code_has_no_signatories() -> None:
    card = _score([], Period(date(2015, 1, 1), date(2015, 10, 22)))
    assert card.predates_code
    assert {m.signatory for m in card.members} == {SignatoryStatus.PREDATES_CODE}


def test_a_range_across_years_has_every_member_that_sat() -> None:
    card = _score([], Period(date(2023, 6, 1), date(2024, 5, 31)))
    seated = reference().membership.seated(2023) | reference().membership.seated(2024)
    assert {m.iso3 for m in card.members} == seated
    assert len(card.members) > 15


def test_bad_periods_are_refused_with_a_reason() -> None:
    with pytest.raises(PeriodError, match="before it starts"):
        Period(date(2024, 2, 1), date(2024, 1, 1))
    with pytest.raises(PeriodError, match="no Council membership known for 1990"):
        _score([], Period.calendar_year(1990))
