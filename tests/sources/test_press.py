"""The press-release parser: every wording in GUIDE.md section 2, the rejections, names, RSS."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.domain import rules
from bot.domain.model import Choice, Outcome, Vote, VoteStatus
from bot.reference import ReferenceData, load_reference
from bot.sources.base import Rejection, SourceError
from bot.sources.names import MemberIndex
from bot.sources.press import PUBLISHER, PressResult, parse_press_release, parse_rss

REPO = Path(__file__).resolve().parents[2]
PRESS = Path(__file__).resolve().parents[1] / "fixtures" / "press"
WHEN = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return load_reference(REPO / "data")


def parse(text: str, ref: ReferenceData, url: str | None = None) -> list[PressResult]:
    return parse_press_release(text, ref.membership, ref.names, url, retrieved_at=WHEN)


def only_vote(results: list[PressResult]) -> Vote:
    assert len(results) == 1, results
    (vote,) = results
    assert isinstance(vote, Vote), vote
    return vote


def only_rejection(results: list[PressResult]) -> Rejection:
    assert len(results) == 1, results
    (rejection,) = results
    assert isinstance(rejection, Rejection), rejection
    return rejection


def minority(vote: Vote) -> dict[str, Choice]:
    return {code: choice for code, choice in vote.choices.items() if choice is not Choice.YES}


def release(body: str, sc: str = "SC/99999", day: str = "8 October 2016") -> str:
    return f"{sc}\n{day}\n\n{body}"


# -- every wording quoted in GUIDE.md section 2 ---------------------------------------------------


def test_failed_to_pass_with_no_abstentions(ref: ReferenceData) -> None:
    text = release(
        "The draft resolution (document S/2020/654) failed to pass by a vote of 13 in favour "
        "to 2 against (China, Russian Federation), with no abstentions.",
        "SC/14244",
        "7 July 2020",
    )
    vote = only_vote(parse(text, ref))
    assert str(vote.draft_symbol) == "S/2020/654" and vote.outcome is Outcome.FAILED
    assert len(vote.ballots) == 15 and str(vote.tally) == "13-2-0"
    assert minority(vote) == {"CHN": Choice.NO, "RUS": Choice.NO}
    assert vote.vetoed_by == ("CHN", "RUS")
    assert set(vote.choices) == ref.membership.seated(2020)


def test_affirmative_and_negative_votes(ref: ReferenceData) -> None:
    text = release(
        "The first draft (document S/2016/846) received 11 affirmative votes, two abstentions "
        "(Angola and China), and two negative votes (Russian Federation and Venezuela), and was "
        "not adopted owing to the negative vote of a permanent member."
    )
    vote = only_vote(parse(text, ref))
    assert minority(vote) == {
        "AGO": Choice.ABSTAIN,
        "CHN": Choice.ABSTAIN,
        "RUS": Choice.NO,
        "VEN": Choice.NO,
    }
    assert str(vote.tally) == "11-2-2" and vote.vetoed_by == ("RUS",)


def test_in_favour_named_and_nine_against(ref: ReferenceData) -> None:
    text = release(
        "The second draft (document S/2016/847) failed to be adopted, having received a vote of "
        "4 in favour (China, Egypt, Russian Federation, Venezuela) to 9 against (France, Japan, "
        "Malaysia, New Zealand, Senegal, Spain, Ukraine, United Kingdom, United States), with "
        "2 abstentions (Angola and Uruguay)."
    )
    vote = only_vote(parse(text, ref))
    assert vote.members_voting(Choice.YES) and {
        b.iso3 for b in vote.members_voting(Choice.YES)
    } == {"CHN", "EGY", "RUS", "VEN"}
    assert {b.iso3 for b in vote.members_voting(Choice.NO)} == {
        "FRA", "JPN", "MYS", "NZL", "SEN", "ESP", "UKR", "GBR", "USA",
    }  # fmt: skip
    assert {b.iso3 for b in vote.members_voting(Choice.ABSTAIN)} == {"AGO", "URY"}
    assert vote.vetoed_by == ()  # fewer than nine in favour: it failed without a veto


def test_garnered_support_and_a_veto_cast_by(ref: ReferenceData) -> None:
    text = release(
        "Although the draft resolution (document S/2017/1060) garnered support from 14 Council "
        "members, the text was not adopted due to a veto cast by the United States.",
        day="18 December 2017",
    )
    vote = only_vote(parse(text, ref))
    assert minority(vote) == {"USA": Choice.NO} and str(vote.tally) == "14-1-0"
    assert vote.vetoed_by == ("USA",)


def test_garnered_support_with_words_in_between(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2017/1060) garnered support in the 15-member Council from 14 "
        "Council members, but was vetoed by the United States.",
        day="18 December 2017",
    )
    assert minority(only_vote(parse(text, ref))) == {"USA": Choice.NO}


def test_adopted_resolution_with_one_abstention(ref: ReferenceData) -> None:
    text = release(
        "The Security Council today adopted resolution 2728 (2024) by a vote of 14 in favour "
        "to none against, with 1 abstention (United States).",
        "SC/15641",
        "25 March 2024",
    )
    vote = only_vote(parse(text, ref))
    assert str(vote.resolution_symbol) == "S/RES/2728 (2024)" and vote.draft_symbol is None
    assert vote.outcome is Outcome.ADOPTED and minority(vote) == {"USA": Choice.ABSTAIN}


def test_numbers_in_words(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2020/654) failed to pass by a vote of thirteen in favour to two "
        "against (China and the Russian Federation), with no abstentions.",
        day="7 July 2020",
    )
    assert str(only_vote(parse(text, ref)).tally) == "13-2-0"


def test_adopted_unanimously(ref: ReferenceData) -> None:
    text = release("The Council unanimously adopted resolution 2639 (2022).", day="27 June 2022")
    vote = only_vote(parse(text, ref))
    assert str(vote.tally) == "15-0-0" and vote.outcome is Outcome.ADOPTED


def test_clauses_in_another_order(ref: ReferenceData) -> None:
    text = release(
        "With two abstentions (Angola and China) and two negative votes (Venezuela and the "
        "Russian Federation), the draft (document S/2016/846) was vetoed, although it received "
        "eleven affirmative votes."
    )
    assert str(only_vote(parse(text, ref)).tally) == "11-2-2"


def test_members_named_before_abstaining(ref: ReferenceData) -> None:
    text = release(
        "The Council adopted resolution 2640 (2022) by 13 votes in favour to none against, "
        "with China and the Russian Federation abstaining.",
        day="29 June 2022",
    )
    assert minority(only_vote(parse(text, ref))) == {"CHN": Choice.ABSTAIN, "RUS": Choice.ABSTAIN}


def test_names_with_brackets_inside_a_list(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2018/321) was vetoed by the Russian Federation, having received "
        "12 votes in favour to 2 against (Bolivia (Plurinational State of), Russian Federation), "
        "with 1 abstention (China).",
        day="10 April 2018",
    )
    assert minority(only_vote(parse(text, ref))) == {
        "BOL": Choice.NO,
        "RUS": Choice.NO,
        "CHN": Choice.ABSTAIN,
    }


def test_outcome_in_the_next_sentence(ref: ReferenceData) -> None:
    text = release(
        "The vote on the draft (document S/2016/846) was 11 in favour to 2 against (Russian "
        "Federation, Venezuela), with 2 abstentions (Angola, China). The text was therefore not "
        "adopted."
    )
    assert only_vote(parse(text, ref)).outcome is Outcome.FAILED


def test_resolution_named_in_the_sentence_before(ref: ReferenceData) -> None:
    text = release(
        "The Council adopted resolution 2640 (2022), renewing the mission's mandate. The vote "
        "was 13 in favour to none against, with 2 abstentions (China, Russian Federation).",
        day="29 June 2022",
    )
    vote = only_vote(parse(text, ref))
    assert str(vote.resolution_symbol) == "S/RES/2640 (2022)" and str(vote.tally) == "13-0-2"


# -- saved-style pages --------------------------------------------------------------------------


def test_a_release_with_two_drafts(ref: ReferenceData) -> None:
    url = "https://press.un.org/en/2016/sc12545.doc.htm"
    results = parse((PRESS / "sc12545.htm").read_text(encoding="utf-8"), ref, url)
    assert all(isinstance(result, Vote) for result in results)
    votes = {str(v.draft_symbol): v for v in results if isinstance(v, Vote)}
    assert set(votes) == {"S/2016/846", "S/2016/847"}
    first = votes["S/2016/846"]
    assert first.date == date(2016, 10, 8) and first.meeting == "S/PV.7785"
    assert first.status is VoteStatus.PROVISIONAL
    assert first.title == "Security Council Fails to Adopt Two Draft Resolutions on Syria"
    (source,) = first.sources
    assert (source.publisher, source.id, source.url) == (PUBLISHER, "SC/12545", url)
    assert source.retrieved_at == WHEN and "votes" in source.supports
    assert str(votes["S/2016/847"].tally) == "4-9-2"


@pytest.mark.parametrize(
    ("page", "symbol", "tally", "day"),
    [
        ("sc14244.htm", "S/2020/654", "13-2-0", date(2020, 7, 7)),
        ("sc13125.htm", "S/2017/1060", "14-1-0", date(2017, 12, 18)),
        ("sc15641.htm", "S/RES/2728 (2024)", "14-0-1", date(2024, 3, 25)),
    ],
)
def test_pages(ref: ReferenceData, page: str, symbol: str, tally: str, day: date) -> None:
    vote = only_vote(parse((PRESS / page).read_text(encoding="utf-8"), ref))
    assert (str(vote.symbol), str(vote.tally), vote.date) == (symbol, tally, day)
    assert rules.problems(vote, ref.membership) == []


def test_a_page_without_a_vote(ref: ReferenceData) -> None:
    text = "<html><body><main><p>SC/15000</p><p>3 May 2022</p><p>The Council heard a briefing."
    assert parse(text + " Fifteen members spoke in favour of dialogue.</p></main>", ref) == []


# -- what goes to review ---------------------------------------------------------------------------


def test_a_member_not_seated_that_year(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2020/654) failed to pass by a vote of 13 in favour to 2 against "
        "(China, Japan), with no abstentions.",
        day="7 July 2020",
    )
    rejection = only_rejection(parse(text, ref))
    assert "not on the Council in 2020: JPN" in rejection.reason
    assert rejection.symbol == "S/2020/654" and "13 in favour" in rejection.excerpt


def test_counts_that_do_not_add_up(ref: ReferenceData) -> None:
    text = release(
        "The Council adopted resolution 2728 (2024) by a vote of 13 in favour to none against, "
        "with 1 abstention (United States).",
        day="25 March 2024",
    )
    reason = only_rejection(parse(text, ref)).reason
    assert "counts add up to 14" in reason and "15 members" in reason


def test_an_unknown_name(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2020/654) failed to pass by a vote of 13 in favour to 2 against "
        "(China, Narnia), with no abstentions.",
        day="7 July 2020",
    )
    assert "narnia" in only_rejection(parse(text, ref)).reason


def test_abstentions_without_names(ref: ReferenceData) -> None:
    text = release(
        "The Council adopted resolution 2640 (2022) by 13 votes in favour to none against, "
        "with 2 abstentions.",
        day="29 June 2022",
    )
    assert "cannot tell who" in only_rejection(parse(text, ref)).reason


def test_a_veto_that_the_ballots_do_not_show(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2016/846) was vetoed by China, having received 11 affirmative "
        "votes, two abstentions (Angola and China), and two negative votes (Russian Federation "
        "and Venezuela)."
    )
    assert "two different votes: CHN" in only_rejection(parse(text, ref)).reason


def test_an_outcome_the_ballots_contradict(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2016/846) was adopted as resolution 2400 (2016) by 11 votes in "
        "favour to 2 against (Russian Federation, Venezuela), with 2 abstentions (Angola, China)."
    )
    reason = only_rejection(parse(text, ref)).reason
    assert "says adopted, but a permanent member voted no (RUS): only a procedural" in reason


def test_adopted_without_a_resolution_number(ref: ReferenceData) -> None:
    text = release("The draft was adopted unanimously, by 15 votes in favour.", day="27 June 2022")
    assert "no resolution number" in only_rejection(parse(text, ref)).reason


def test_no_date(ref: ReferenceData) -> None:
    text = (
        "SC/99999\n\nThe draft (document S/2020/654) failed to pass by a vote of 13 in favour "
        "to 2 against (China, Russian Federation), with no abstentions."
    )
    assert "no date" in only_rejection(parse(text, ref)).reason


def test_a_year_without_membership_data(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2012/538) failed to pass by a vote of 13 in favour to 2 against "
        "(China, Russian Federation), with no abstentions.",
        day="19 July 2012",
    )
    assert "no Council membership known for 2012" in only_rejection(parse(text, ref)).reason


def test_a_general_assembly_release(ref: ReferenceData) -> None:
    text = release(
        "The Assembly adopted resolution 78/200 by a recorded vote of 150 in favour to 2 "
        "against (Israel, United States), with 3 abstentions.",
        "GA/12590",
        "25 March 2024",
    )
    assert "not a Security Council release" in only_rejection(parse(text, ref)).reason


def test_two_sentences_that_disagree_about_one_draft(ref: ReferenceData) -> None:
    text = release(
        "The draft (document S/2016/846) received 11 affirmative votes, two abstentions (Angola "
        "and China), and two negative votes (Russian Federation and Venezuela), and was vetoed. "
        "In all, the draft failed with 12 in favour to 2 against (Russian Federation and "
        "Venezuela), with 1 abstention (China)."
    )
    assert "different votes for S/2016/846" in only_rejection(parse(text, ref)).reason


def test_a_procedural_vote_is_not_a_draft(ref: ReferenceData) -> None:
    text = release(
        "In a procedural vote, the provisional agenda failed to be adopted, with 7 in favour to "
        "4 against (China, Russian Federation, Venezuela, Egypt), with 4 abstentions (Angola, "
        "Japan, Senegal, Uruguay)."
    )
    assert "procedural" in only_rejection(parse(text, ref)).reason


# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russian Federation", "RUS"),
        ("the Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("United Kingdom", "GBR"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("United States", "USA"),
        ("United States of America", "USA"),
        ("China", "CHN"),
        ("Côte d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Bolivia", "BOL"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Plurinational State of Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Bolivarian Republic of Venezuela", "VEN"),
        ("Republic of Korea", "KOR"),
        ("Saint Vincent and the Grenadines", "VCT"),
        ("St. Vincent and the Grenadines", "VCT"),
        ("Netherlands", "NLD"),
        ("Kingdom of the Netherlands", "NLD"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Viet Nam", "VNM"),
        ("Democratic Republic of the Congo", "COD"),
    ],
)
def test_member_names(ref: ReferenceData, name: str, code: str) -> None:
    assert MemberIndex.from_names(ref.names).lookup(name) == code


def test_lists_keep_names_that_contain_and(ref: ReferenceData) -> None:
    index = MemberIndex.from_names(ref.names)
    codes, unknown = index.parse_list(
        "Trinidad and Tobago, Saint Vincent and the Grenadines and Bosnia and Herzegovina"
    )
    assert codes == ["TTO", "VCT"] and unknown == ["bosnia", "herzegovina"]


def test_a_list_does_not_mistake_a_longer_name(ref: ReferenceData) -> None:
    index = MemberIndex.from_names(ref.names)
    assert index.parse_list("Democratic People's Republic of Korea") == (
        [],
        ["democratic people's republic of korea"],
    )


# -- RSS -------------------------------------------------------------------------------------------


def test_the_feed_gives_only_security_council_releases() -> None:
    feed = (
        (PRESS / "rss.xml.template")
        .read_text(encoding="utf-8")
        .replace("{base}", "https://press.un.org")
    )
    items = parse_rss(feed)
    assert [(i.release_id, i.url) for i in items] == [
        ("SC/15641", "https://press.un.org/en/2024/sc15641.doc.htm"),
        ("SC/12545", "https://press.un.org/en/2016/sc12545.doc.htm"),
    ]
    assert items[0].published == datetime(2024, 3, 25, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize("garbage", [b"<html><body>Service unavailable", b"<rss><channel><item>"])
def test_a_feed_that_is_not_xml(garbage: bytes) -> None:
    with pytest.raises(SourceError, match="not well-formed"):
        parse_rss(garbage)


def test_a_feed_with_an_entity_bomb_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<rss><channel><item><title>&b;</title></item></channel></rss>"
    )
    with pytest.raises(SourceError):
        parse_rss(bomb)
