"""Domain rules: symbols, vetoes, signatory status on a date, the Code's verdicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.classify import propose
from bot.domain.model import (
    Atrocity,
    Choice,
    Classification,
    Outcome,
    VoteStatus,
    derive_vetoes,
    expected_outcome,
    fingerprint,
)
from bot.domain.policy import PostingPolicy
from bot.domain.registry import (
    CODE_LAUNCHED,
    CouncilMembership,
    MemberNames,
    NotSignatory,
    Signatory,
    SignatoryRegistry,
    SignatoryStatus,
    VerifiedList,
)
from bot.domain.rules import problems
from bot.domain.scorecard import CodeContext, Flag, build_scorecard
from bot.domain.symbols import (
    DraftSymbol,
    ResolutionSymbol,
    SymbolError,
    normalise_meeting,
    parse_symbol,
    slug,
)
from tests.support.factories import COUNCIL_2016, make_vote

N, A = Choice.NO, Choice.ABSTAIN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S/2016/846", DraftSymbol(2016, 846)),
        (" s/2016/846 ", DraftSymbol(2016, 846)),
        ("S/RES/2722(2024)", ResolutionSymbol(2722, 2024)),
        ("S/RES/2722 (2024)", ResolutionSymbol(2722, 2024)),
        ("s/res/2722  (2024)", ResolutionSymbol(2722, 2024)),
        ("2722", ResolutionSymbol(2722, None)),
        ("S/RES/2722", ResolutionSymbol(2722, None)),
        ("S/2016/1026/Rev.1", DraftSymbol(2016, 1026, "/Rev.1")),
    ],
)
def test_symbol_spellings_resolve_to_one_form(text: str, expected: object) -> None:
    assert parse_symbol(text) == expected


def test_symbols_print_in_the_un_style() -> None:
    assert str(parse_symbol("S/RES/2722(2024)")) == "S/RES/2722 (2024)"
    assert str(parse_symbol("s/2016/846")) == "S/2016/846"
    assert slug(parse_symbol("S/RES/2728 (2024)")) == "S-RES-2728-2024"
    assert normalise_meeting("s/pv.7785") == "S/PV.7785"


@pytest.mark.parametrize("text", ["", "S/2016", "A/RES/70/1", "S/PV.7785", "2722x", "S/RES/(2024)"])
def test_non_symbols_are_rejected_with_a_clear_message(text: str) -> None:
    with pytest.raises(SymbolError, match="not a Security Council symbol"):
        parse_symbol(text)


def test_a_permanent_no_on_a_draft_with_nine_votes_is_a_veto() -> None:
    vote = make_vote({"RUS": N, "VEN": N, "AGO": A, "CHN": A})  # S/2016/846: 11-2-2
    assert vote.outcome is Outcome.FAILED
    assert vote.vetoed_by == ("RUS",)
    assert str(vote.tally) == "11-2-2"


def test_abstention_of_a_permanent_member_is_no_veto() -> None:
    vote = make_vote({"CHN": A, "RUS": A}, resolution="S/RES/2300 (2016)")
    assert vote.outcome is Outcome.ADOPTED
    assert vote.vetoed_by == ()


def test_a_draft_without_nine_votes_fails_without_a_veto() -> None:
    # S/2016/847: 4 in favour, 9 against including three permanent members: not a veto.
    against = ("FRA", "GBR", "USA", "JPN", "MYS", "NZL", "SEN", "ESP", "UKR")
    choices = dict.fromkeys(against, N) | {"AGO": A, "URY": A}
    vote = make_vote(choices, draft="S/2016/847")
    assert vote.outcome is Outcome.FAILED
    assert vote.vetoed_by == ()


def test_two_permanent_members_can_veto_together() -> None:
    vote = make_vote({"RUS": N, "CHN": N})
    assert vote.vetoed_by == ("CHN", "RUS")


def test_a_procedural_decision_is_carried_by_nine_votes_and_knows_no_veto() -> None:
    # S/RES/2623 (2022) in miniature: a permanent member's "no" cannot block procedure.
    ballots = make_vote({"RUS": N, "CHN": A, "AGO": A, "EGY": A}).ballots
    assert expected_outcome(ballots) is Outcome.FAILED
    assert expected_outcome(ballots, procedural=True) is Outcome.ADOPTED
    assert derive_vetoes(Outcome.FAILED, ballots, procedural=True) == ()
    procedural = replace(
        make_vote({"CHN": A}, resolution="S/RES/2300 (2016)"),
        ballots=ballots,
        procedural=True,
    )
    membership = CouncilMembership({2016: frozenset(COUNCIL_2016)})
    assert problems(procedural, membership) == [] and procedural.vetoed_by == ()
    assert problems(replace(procedural, procedural=False), membership) != []
    assert fingerprint(procedural) != fingerprint(replace(procedural, procedural=False))
    too_few = make_vote(dict.fromkeys(COUNCIL_2016[5:12], N)).ballots  # 8 in favour
    assert expected_outcome(too_few, procedural=True) is Outcome.FAILED


LIST_2017 = date(2017, 5, 15)


def registry(since: date | None = CODE_LAUNCHED) -> SignatoryRegistry:
    return SignatoryRegistry(
        as_of=LIST_2017,
        signatories={
            "FRA": Signatory("FRA", "France", CODE_LAUNCHED, "afp"),
            "ESP": Signatory("ESP", "Spain", CODE_LAUNCHED, "note"),
            "URY": Signatory("URY", "Uruguay", since, "test", LIST_2017),
            "MYS": Signatory("MYS", "Malaysia", None, "act2017", LIST_2017),
        },
        lists=(VerifiedList(LIST_2017, "act2017"),),
        not_signatories=(NotSignatory("RUS", date(2023, 5, 11), "fdfa"),),
        sources={"act2017": "the list of 15 May 2017", "fdfa": "Swiss FDFA, 11 May 2023"},
    )


def test_signatory_status_depends_on_the_date() -> None:
    reg = registry(since=date(2016, 3, 1))
    assert reg.status("FRA", CODE_LAUNCHED) is SignatoryStatus.SIGNATORY
    assert reg.status("FRA", date(2015, 10, 22)) is SignatoryStatus.PREDATES_CODE
    assert reg.status("URY", date(2016, 2, 29)) is SignatoryStatus.NOT_SIGNATORY
    assert reg.status("URY", date(2016, 3, 1)) is SignatoryStatus.SIGNATORY


def test_the_registry_says_only_what_a_source_says() -> None:
    reg = registry()
    # on the 2017 list with no dated source: a signatory from the list's day, not before
    assert reg.standing("MYS", date(2016, 10, 8)).status is SignatoryStatus.NOT_KNOWN
    assert reg.standing("MYS", date(2016, 10, 8)).on_a_later_list
    assert reg.standing("MYS", LIST_2017).status is SignatoryStatus.SIGNATORY
    # absent from the whole list checked on 15 May 2017: not a signatory up to that day
    senegal = reg.standing("SEN", date(2016, 10, 8))
    assert senegal.status is SignatoryStatus.NOT_SIGNATORY
    assert senegal.source == "the list of 15 May 2017"
    # after it, nobody vouches either way, unless a source names the state
    assert reg.status("SEN", date(2024, 3, 1)) is SignatoryStatus.NOT_KNOWN
    assert reg.status("RUS", date(2020, 1, 1)) is SignatoryStatus.NOT_SIGNATORY
    assert reg.standing("RUS", date(2020, 1, 1)).source == "Swiss FDFA, 11 May 2023"
    assert reg.status("RUS", date(2023, 5, 12)) is SignatoryStatus.NOT_KNOWN


NAMES = MemberNames({"RUS": "Russian Federation", "CIV": "Côte d'Ivoire"}, {"RUS": "Russia"})


def test_scorecard_flags_the_code_angle_as_facts() -> None:
    vote = make_vote({"RUS": N, "ESP": N, "URY": A, "FRA": Choice.NOT_VOTING})
    card = build_scorecard(vote, registry(), NAMES)
    assert card.context is CodeContext.APPLIES
    flags = {row.iso3: row.flags for row in card.rows}
    assert flags["RUS"] == {Flag.VETO}
    assert flags["ESP"] == {Flag.SIGNATORY_AGAINST}
    assert flags["URY"] == {Flag.SIGNATORY_ABSTAINED}
    assert flags["FRA"] == {Flag.SIGNATORY_DID_NOT_VOTE}
    assert card.rows[0].iso3 == "RUS"  # the veto leads
    assert card.rows[0].name == "Russian Federation" and card.rows[0].label == "Russia"
    assert set(card.signatories) == {"FRA", "ESP", "URY"}


def test_before_the_code_nobody_is_a_signatory() -> None:
    vote = make_vote({"RUS": N}, on=date(2015, 7, 8), draft="S/2015/508", members=COUNCIL_2016)
    card = build_scorecard(vote, registry(), NAMES)
    assert card.context is CodeContext.PREDATES_CODE
    assert card.signatories == ()
    assert all(row.status is SignatoryStatus.PREDATES_CODE for row in card.rows)
    assert [row.flags for row in card.rows if row.flags] == [frozenset({Flag.VETO})]


@pytest.mark.parametrize(
    ("atrocity", "context"),
    [(Atrocity.NO, CodeContext.NOT_ATROCITY), (Atrocity.UNDECIDED, CodeContext.UNDECIDED)],
)
def test_no_code_verdict_without_an_atrocity_classification(
    atrocity: Atrocity, context: CodeContext
) -> None:
    vote = make_vote({"RUS": N, "ESP": N}, atrocity=atrocity)
    card = build_scorecard(vote, registry(), NAMES)
    assert card.context is context
    assert {row.iso3 for row in card.flagged} == {"RUS"}  # the veto is a fact all the same
    assert "ESP" in card.signatories


def test_rules_catch_inconsistent_votes() -> None:
    membership = CouncilMembership({2016: frozenset(COUNCIL_2016)})
    assert problems(make_vote({"RUS": N}), membership) == []
    wrong_member = make_vote(members=(*COUNCIL_2016[:-1], "DEU"))
    assert problems(wrong_member, membership) == [
        "seated members without a vote: VEN",
        "not on the Council in 2016: DEU",
    ]
    wrong_year = make_vote(on=date(2017, 1, 5))
    assert "no Council membership known for 2017" in problems(wrong_year, membership)
    assert any("outside its year" in p for p in problems(wrong_year, membership))


def test_classification_rules_propose_yes_or_leave_undecided() -> None:
    undecided = make_vote(atrocity=Atrocity.UNDECIDED, title="Draft on a ceasefire in Aleppo")
    assert propose(undecided).atrocity is Atrocity.YES
    assert propose(undecided).decided_by == "rules"
    plain = make_vote(atrocity=Atrocity.UNDECIDED, title="Sanctions renewal")
    assert propose(plain).atrocity is Atrocity.UNDECIDED
    decided = make_vote(atrocity=Atrocity.NO, title="war crimes")
    assert propose(decided) == decided.classification
    # Curators who left it to the operator on purpose (a rival Syria draft) are not overruled.
    left_open = Classification(Atrocity.UNDECIDED, "data:failed-2017.json", "operator's call")
    rival = replace(make_vote(title="Chemical weapons inquiry"), classification=left_open)
    assert propose(rival) == left_open


def test_policy_posts_confirmed_atrocity_votes_only_by_default() -> None:
    policy = PostingPolicy()
    assert policy.auto_post_reason(make_vote()) is None
    assert "undecided" in (policy.auto_post_reason(make_vote(atrocity=Atrocity.UNDECIDED)) or "")
    from dataclasses import replace

    held = replace(make_vote(), status=VoteStatus.HELD)
    assert policy.auto_post_reason(held) == "vote is held"
    later = PostingPolicy(not_before=date(2020, 1, 1))
    assert "not_before" in (later.auto_post_reason(make_vote()) or "")
    assert PostingPolicy(auto_post="all").auto_post_reason(make_vote(atrocity=Atrocity.NO)) is None
    assert Classification().as_bool is None


def test_one_source_votes_follow_the_provisional_policy() -> None:
    from dataclasses import replace

    vetoed = replace(make_vote({"RUS": N}), status=VoteStatus.PROVISIONAL)
    adopted = replace(make_vote(), status=VoteStatus.PROVISIONAL)
    default = PostingPolicy()
    assert default.auto_post_reason(vetoed) is None  # a veto is news the same day
    assert "provisional" in (default.auto_post_reason(adopted) or "")
    assert PostingPolicy(provisional="all").auto_post_reason(adopted) is None
    assert PostingPolicy(provisional="none").auto_post_reason(vetoed) is not None
    rejected = replace(make_vote({"RUS": N}), status=VoteStatus.REJECTED)
    assert default.auto_post_reason(rejected) == "vote is rejected"


def test_reconciliation_spells_out_differences_and_decides_status() -> None:
    from bot.domain.reconcile import TallyFacts, standing, tally_differences, vote_differences

    press = make_vote({"RUS": N, "VEN": N, "AGO": A, "CHN": A})
    library = make_vote({"RUS": N, "VEN": N, "AGO": A, "CHN": Choice.YES})
    assert [str(d) for d in vote_differences(press, library)] == [
        "tally: stored 11-2-2, this source says 12-2-1",
        "vote of CHN: stored A, this source says Y",
    ]
    table = TallyFacts(press.date, Outcome.FAILED, (11, 2, 2), ("RUS",))
    assert tally_differences(press, table) == []
    assert standing({"press": []}).status is VoteStatus.PROVISIONAL
    assert standing({"press": [], "undl": []}).status is VoteStatus.CONFIRMED
    assert standing({"bundled": []}).status is VoteStatus.CONFIRMED
    tally_only = standing({"press": [], "dhl": []}, per_member=["press"])
    assert tally_only.status is VoteStatus.PROVISIONAL
    held = standing({"press": [], "undl": vote_differences(press, library)})
    assert (
        held.status is VoteStatus.HELD
        and held.differences[-1] == "undl: vote of CHN: stored A, this source says Y"
    )
    assert standing({"undl": vote_differences(press, library)}, accepted=True).status is (
        VoteStatus.CONFIRMED
    )
    assert standing({}, rejected=True).status is VoteStatus.REJECTED


def test_reclassification_follows_rank_operator_over_data_over_rules() -> None:
    from bot.domain.model import Atrocity, Classification
    from bot.domain.reconcile import may_reclassify

    rules = Classification(Atrocity.YES, "rules:keyword")
    data = Classification(Atrocity.NO, "data")
    operator = Classification(Atrocity.YES, "operator")
    assert may_reclassify(data, rules) and may_reclassify(operator, data)
    assert not may_reclassify(rules, data) and not may_reclassify(data, operator)
    assert not may_reclassify(data, data)  # nothing to change


def test_a_standing_change_is_reported_only_when_it_moves() -> None:
    from bot.domain.model import VoteStatus
    from bot.domain.reconcile import status_change

    assert status_change(VoteStatus.PROVISIONAL, VoteStatus.HELD) == "held"
    assert status_change(VoteStatus.HELD, VoteStatus.HELD) is None
    assert status_change(VoteStatus.PROVISIONAL, VoteStatus.CONFIRMED) == "confirmed"
    assert status_change(VoteStatus.CONFIRMED, VoteStatus.CONFIRMED) is None
