"""Wordings that real releases use and the first reader missed, each in a release that carries
its symbol; the facts are those of the votes in data/votes/ (cited per test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.model import Choice, Outcome, Vote
from bot.reference import load_reference
from bot.sources.base import Rejection
from bot.sources.press import parse_press_release, read_release

REF = load_reference(Path(__file__).resolve().parents[2] / "data")


def page(day: str, number: str, *paragraphs: str, title: str = "Security Council") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><body><main><div class="meta"><span class="date">{day}</span> '
        f"<span>{number}</span></div><h1>{title}</h1>{body}</main></body></html>"
    )


def votes(html: str) -> list[Vote | Rejection]:
    return parse_press_release(html, REF.membership, REF.names, None)


def the_vote(html: str) -> Vote:
    results = votes(html)
    found = [r for r in results if isinstance(r, Vote)]
    assert len(found) == 1, [str(r) for r in results]
    return found[0]


def minority(vote: Vote) -> dict[str, str]:
    return {code: str(choice) for code, choice in vote.choices.items() if choice is not Choice.YES}


def test_a_negative_vote_from_a_permanent_member_with_counts_after() -> None:
    # S/2022/720, 30 September 2022 (SC/15046): 10-1-4, vetoed by the Russian Federation
    vote = the_vote(
        page(
            "30 September 2022",
            "SC/15046",
            "The Security Council today failed to adopt a draft resolution (document "
            "S/2022/720) that would have condemned the referenda, owing to a negative vote from "
            "the Russian Federation, a permanent member, and 10 affirmative votes, with four "
            "abstentions (Brazil, China, Gabon, India).",
        )
    )
    assert str(vote.draft_symbol) == "S/2022/720" and vote.outcome is Outcome.FAILED
    assert minority(vote) == {"RUS": "N", "BRA": "A", "CHN": "A", "GAB": "A", "IND": "A"}
    assert vote.vetoed_by == ("RUS",)


def test_failed_today_to_adopt_as_the_text_received() -> None:
    # S/2018/321, 10 April 2018 (SC/13288): 12-2-1
    vote = the_vote(
        page(
            "10 April 2018",
            "SC/13288",
            "The Security Council failed today to adopt a draft resolution (document "
            "S/2018/321) establishing an investigative mechanism, as the text received 12 "
            "affirmative votes, 2 negative votes (Bolivia, Russian Federation) and 1 abstention "
            "(China).",
        )
    )
    assert minority(vote) == {"BOL": "N", "RUS": "N", "CHN": "A"}
    assert vote.vetoed_by == ("RUS",)


def test_supporters_in_brackets_are_not_the_negative_votes() -> None:
    # S/2023/970, 8 December 2023 (SC/15519): 13-1-1, vetoed by the United States
    vote = the_vote(
        page(
            "8 December 2023",
            "SC/15519",
            "The Security Council failed to adopt a draft resolution (document S/2023/970) "
            "demanding an immediate humanitarian ceasefire in Gaza, due to a veto cast by the "
            "United States.  While the text garnered support from 13 Council members, including "
            "three permanent members (China, France and the Russian Federation), with another "
            "permanent member (United Kingdom) abstaining, the negative vote of the United States "
            "blocked its adoption.",
        )
    )
    assert minority(vote) == {"USA": "N", "GBR": "A"}
    assert vote.vetoed_by == ("USA",)


def test_a_draft_symbol_only_in_a_later_paragraph() -> None:
    # S/2022/720 again: the vote first, the symbol three paragraphs on
    vote = the_vote(
        page(
            "30 September 2022",
            "SC/15046",
            "The Security Council rejected a draft resolution intended to condemn the referenda.",
            "The draft garnered support from 10 members but was vetoed by the Russian "
            "Federation.  Brazil, China, Gabon and India all abstained.",
            "Speakers said the Council had failed in its duty.",
            "The draft resolution (document S/2022/720) was submitted by Albania and the "
            "United States.",
        )
    )
    assert str(vote.draft_symbol) == "S/2022/720"
    assert minority(vote) == {"RUS": "N", "BRA": "A", "CHN": "A", "GAB": "A", "IND": "A"}


def test_adopted_by_a_vote_inside_a_long_sentence() -> None:
    # S/RES/2712 (2023), 15 November 2023 (SC/15496): 12-0-3
    vote = the_vote(
        page(
            "15 November 2023",
            "SC/15496",
            "In a late-breaking meeting today, the Security Council, after weeks of "
            "consultations on the situation in the Middle East, adopted — by a vote of 12 in "
            "favour to none against, with 3 abstentions (Russian Federation, United Kingdom, "
            "United States) — resolution 2712 (2023), by which it called for urgent and extended "
            "humanitarian pauses.",
        )
    )
    assert str(vote.symbol) == "S/RES/2712 (2023)" and vote.outcome is Outcome.ADOPTED
    assert minority(vote) == {"RUS": "A", "GBR": "A", "USA": "A"}


def test_a_non_participant_named_in_its_own_sentence() -> None:
    # S/RES/2797 (2025), 31 October 2025 (SC/16208): 11-0-3, Algeria not participating
    vote = the_vote(
        page(
            "31 October 2025",
            "SC/16208",
            "The Security Council today adopted resolution 2797 (2025) by a vote of 11 in "
            "favour to none against, with 3 abstentions (China, Pakistan and Russian "
            "Federation).  Algeria did not participate in the vote.",
        )
    )
    assert minority(vote) == {"CHN": "A", "PAK": "A", "RUS": "A", "DZA": "NV"}


def test_an_unnamed_non_participant_is_held() -> None:
    results = votes(
        page(
            "31 October 2024",
            "SC/15882",
            "The Security Council today adopted resolution 2756 (2024) by a vote of 12 in favour "
            "to none against, with 2 abstentions (Mozambique, Russian Federation).  One State, "
            "however, did not participate in the vote.",
        )
    )
    assert len(results) == 1 and isinstance(results[0], Rejection), results
    assert "not voting" in results[0].reason


def test_against_before_in_favour_and_lists_in_sentences() -> None:
    # S/2016/1085, 23 December 2016 (SC/12653): 7-0-8
    vote = the_vote(
        page(
            "23 December 2016",
            "SC/12653",
            "Defeated by a vote of 7 in favour to none against, with 8 abstentions, the draft "
            "resolution (document S/2016/1085) would have imposed an arms embargo.",
            "Voting in favour of the draft resolution were representatives of France, New "
            "Zealand, Spain, Ukraine, United Kingdom, United States and Uruguay.",
            "Delegations that abstained were China, Russian Federation, Angola, Egypt, Japan, "
            "Malaysia, Senegal and Venezuela.",
        )
    )
    assert vote.outcome is Outcome.FAILED and not vote.vetoed_by
    assert sorted(minority(vote)) == ["AGO", "CHN", "EGY", "JPN", "MYS", "RUS", "SEN", "VEN"]


def test_a_release_that_contradicts_itself_is_held_with_the_reason() -> None:
    results = votes(
        page(
            "30 September 2022",
            "SC/15046",
            "The draft resolution (document S/2022/720) was vetoed by the Russian Federation, "
            "by a vote of 10 in favour to 1 against (Russian Federation), with 2 abstentions "
            "(Brazil, China).",
        )
    )
    (held,) = results
    assert isinstance(held, Rejection) and "add up to 13" in held.reason


@pytest.mark.parametrize(
    "wording",
    [
        "If adopted, it will become resolution 2797 (2025).",
        "(A full summary of this meeting will be available at a later time.)",
    ],
)
def test_a_same_day_preview_has_no_vote_yet(wording: str) -> None:
    reading = read_release(
        page(
            "31 October 2025",
            "SC/16208",
            "The Security Council met this morning to consider a draft resolution (document "
            f"S/2025/692) on Western Sahara. {wording}",
        ),
        REF.membership,
        REF.names,
    )
    assert reading.results == () and "preview" in reading.pending


def test_an_amendment_is_never_the_resolution() -> None:
    # S/RES/2712 (2023): the rejected amendment had 1 against (United States)
    vote = the_vote(
        page(
            "15 November 2023",
            "SC/15496",
            "The Security Council adopted resolution 2712 (2023) by a vote of 12 in favour to "
            "none against, with 3 abstentions (Russian Federation, United Kingdom, United "
            "States).",
            "The amendment was defeated by a vote of 5 in favour (Brazil, China, Mozambique, "
            "Russian Federation, United Arab Emirates) to 1 against (United States), with 9 "
            "abstentions (Albania, Gabon, Ghana, Ecuador, France, Japan, Malta, Switzerland, "
            "United Kingdom).",
        )
    )
    assert minority(vote) == {"RUS": "A", "GBR": "A", "USA": "A"}


def test_a_near_miss_name_is_accepted_only_when_one_seated_member_is_that_close() -> None:
    # S/RES/2304 (2016), 12 August 2016 (SC/12475): the release really spells "Federatioin"
    vote = the_vote(
        page(
            "12 August 2016",
            "SC/12475",
            "By a vote of 11 in favour to none against, with 4 abstentions (China, Egypt, "
            "Russian Federatioin, Venezuela), the Council adopted resolution 2304 (2016).",
        )
    )
    assert minority(vote) == {"CHN": "A", "EGY": "A", "RUS": "A", "VEN": "A"}
    held = votes(
        page(
            "12 August 2016",
            "SC/12475",
            "By a vote of 11 in favour to none against, with 4 abstentions (China, Egypt, "
            "Narnia, Venezuela), the Council adopted resolution 2304 (2016).",
        )
    )
    assert isinstance(held[0], Rejection) and "narnia" in held[0].reason


def test_two_votes_on_two_days_in_one_release() -> None:
    # S/2020/654 (7 July 2020) and S/2020/658 (8 July 2020), SC/14244
    results = votes(
        page(
            "8 July 2020",
            "SC/14244",
            "During a 7 July videoconference meeting, the Council announced that a draft "
            "resolution (document S/2020/654) was not adopted owing to the negative vote of two "
            "permanent Council members.",
            "The result was 13 votes in favour to 2 against (China, Russian Federation), with no "
            "abstentions.",
            "Then, during an 8 July videoconference meeting, it announced that a second draft "
            "(document S/2020/658) was not adopted due to its failure to obtain the required "
            "number of votes.",
            "The vote was four in favour (China, Russian Federation, South Africa, Viet Nam) to "
            "seven against (Belgium, Dominican Republic, Estonia, France, Germany, United "
            "Kingdom, United States), with four abstentions (Indonesia, Niger, Saint Vincent and "
            "the Grenadines, Tunisia).",
        )
    )
    found = {str(r.symbol): r for r in results if isinstance(r, Vote)}
    assert set(found) == {"S/2020/654", "S/2020/658"}, [str(r) for r in results]
    assert str(found["S/2020/654"].date) == "2020-07-07" and found["S/2020/654"].vetoed_by
    assert str(found["S/2020/658"].date) == "2020-07-08" and not found["S/2020/658"].vetoed_by
    assert found["S/2020/658"].choices["VCT"] is Choice.ABSTAIN


def test_rival_drafts_are_told_apart_by_sponsor() -> None:
    # S/2018/516 (Kuwait) and S/2018/520 (United States), 1 June 2018 (SC/13362)
    results = votes(
        page(
            "1 June 2018",
            "SC/13362",
            "By the terms of the draft put forward by the delegation of Kuwait — which was "
            "rejected by a vote of 10 in favour to 1 against (United States), with 4 abstentions "
            "(Ethiopia, Netherlands, Poland, United Kingdom), owing to a veto by one permanent "
            "member — the Council would have deplored the use of force.",
            "Meanwhile, a separate draft resolution submitted by the United States was also "
            "rejected by a vote of 1 in favour (United States) to 3 against (Bolivia, Kuwait, "
            "Russian Federation) with 11 abstentions, owing to an insufficient number of "
            "affirmative votes.",
            "The text submitted by the United States was issued as document S/2018/520.  The "
            "text submitted by Kuwait was issued as document S/2018/516.",
        )
    )
    found = {str(r.symbol): r for r in results if isinstance(r, Vote)}
    assert set(found) == {"S/2018/516", "S/2018/520"}, [str(r) for r in results]
    assert found["S/2018/516"].vetoed_by == ("USA",)
    assert found["S/2018/520"].choices["KWT"] is Choice.NO
    assert found["S/2018/520"].choices["FRA"] is Choice.ABSTAIN  # the unnamed 11 are the rest


@pytest.mark.parametrize(
    "aside",
    [
        # a speaker's aside naming another text's symbol
        "Speaking after the vote, the representative of France said the Council had failed "
        "in October to adopt the draft resolution contained in document S/2023/773.",
        # an abstention named by a speaker, about another text
        "The representative of China said he regretted the abstention of Albania on an "
        "earlier text.",
        # a veto named by a speaker
        "Malta's representative said a veto by the Russian Federation had blocked a similar text.",
    ],
)
def test_a_speakers_words_never_become_the_record(aside: str) -> None:
    # S/2023/970, 8 December 2023: 13-1-1, the release's excerpt without the symbol
    results = votes(
        page(
            "8 December 2023",
            "SC/15519",
            "The Security Council failed to adopt a draft resolution demanding a ceasefire, "
            "by 13 in favour to 1 against (United States), with 1 abstention (United Kingdom).",
            aside,
        )
    )
    assert not any(isinstance(r, Vote) for r in results), [str(r) for r in results]
    held = [r for r in results if isinstance(r, Rejection) and r.reading]
    for rejection in held:
        minority = {b.iso3: str(b.choice) for b in rejection.reading if str(b.choice) != "Y"}
        assert minority == {"USA": "N", "GBR": "A"}


def test_an_amendments_symbol_is_not_the_drafts() -> None:
    results = votes(
        page(
            "8 December 2023",
            "SC/15519",
            "The Council first rejected a draft amendment (document S/2023/1010) by 3 in favour "
            "to 2 against, with 10 abstentions.",
            "It subsequently failed to adopt the draft resolution as a whole, with 13 votes in "
            "favour to 1 against (United States), and 1 abstention (United Kingdom).",
        )
    )
    assert not any(isinstance(r, Vote) and str(r.symbol) == "S/2023/1010" for r in results)
