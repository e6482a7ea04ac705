"""Properties of the press parser: no input makes it raise or emit an inconsistent vote, and
vote sentences rendered in random wordings read back to the ballots they were made from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.domain import rules
from bot.domain.model import Ballot, Choice, Outcome, Vote, VoteStatus, derive_vetoes
from bot.domain.model import expected_outcome as charter_outcome
from bot.reference import load_reference
from bot.sources.base import Rejection
from bot.sources.names import MemberIndex
from bot.sources.press import parse_press_release

REF = load_reference(Path(__file__).resolve().parents[2] / "data")
INDEX = MemberIndex.from_names(REF.names)
YEARS = sorted(year for year in range(2015, 2027) if REF.membership.knows(year))
WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen",
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
VARIANTS = {
    "RUS": ["Russian Federation", "the Russian Federation", "Russia"],
    "USA": ["United States", "the United States", "United States of America"],
    "GBR": ["United Kingdom", "the United Kingdom"],
    "BOL": ["Bolivia (Plurinational State of)", "Plurinational State of Bolivia", "Bolivia"],
    "VEN": ["Venezuela", "Venezuela (Bolivarian Republic of)"],
    "CIV": ["Côte d'Ivoire", "Côte d’Ivoire", "Cote d'Ivoire"],
    "NLD": ["Netherlands", "the Netherlands", "Kingdom of the Netherlands"],
    "VCT": ["Saint Vincent and the Grenadines", "St. Vincent and the Grenadines"],
}

FRAGMENTS = st.sampled_from(
    [
        "in favour", "against", "abstentions", "abstention", "affirmative votes",
        "negative votes", "vetoed by", "a veto cast by", "negative vote of a permanent member",
        "failed to pass", "was not adopted", "adopted resolution", "unanimously", "with no",
        "(", ")", ",", " and ", ".", "\n\n", "13", "two", "none", "fifteen", "99",
        "China", "Russian Federation", "United States", "Narnia", "Bolivia (Plurinational",
        "S/2016/846", "S/2024/", "resolution 2728 (2024)", "SC/12545", "GA/1", "8 October 2016",
        "31 February 2020", "7th Meeting", "<p>", "</p>", "<h1>", "<time datetime='2016-10-08'>",
        "procedural", "not participating", "garnered support from 14 Council members",
    ]
)  # fmt: skip


def check(results: list[Vote | Rejection]) -> None:
    for result in results:
        if isinstance(result, Rejection):
            assert result.reason and "parser failed" not in result.reason
            continue
        assert isinstance(result, Vote)
        assert result.status is VoteStatus.PROVISIONAL
        assert rules.problems(result, REF.membership) == []
        assert len(result.ballots) == len(REF.membership.seated(result.date.year))
        assert charter_outcome(result.ballots) is result.outcome


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_votes_or_reasons(text: str) -> None:
    check(parse_press_release(text, REF.membership, REF.names, None, index=INDEX))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=40).map(" ".join))
def test_vote_like_noise_gives_votes_or_reasons(text: str) -> None:
    check(parse_press_release(text, REF.membership, REF.names, None, index=INDEX))


# -- round trip --------------------------------------------------------------------------------


@st.composite
def votes(draw: st.DrawFn) -> tuple[date, tuple[Ballot, ...]]:
    year = draw(st.sampled_from(YEARS))
    day = date(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    choices = st.sampled_from(
        [Choice.YES] * 6 + [Choice.NO, Choice.ABSTAIN] * 2 + [Choice.NOT_VOTING]
    )
    ballots = tuple(
        Ballot(code, REF.names.name(code), draw(choices))
        for code in sorted(REF.membership.seated(year))
    )
    return day, ballots


def number(draw: st.DrawFn, count: int) -> str:
    return draw(st.sampled_from([str(count), WORDS[count]]))


def name_list(draw: st.DrawFn, codes: list[str]) -> str:
    names = [draw(st.sampled_from(VARIANTS.get(c, [REF.names.name(c)]))) for c in codes]
    names = draw(st.permutations(names))
    if len(names) > 1 and draw(st.booleans()):
        return ", ".join(names[:-1]) + draw(st.sampled_from([" and ", ", and ", ", "])) + names[-1]
    return ", ".join(names)


def clause(draw: st.DrawFn, choice: Choice, codes: list[str]) -> str:
    n = len(codes)
    named = f" ({name_list(draw, codes)})" if codes else ""
    if choice is Choice.NO:
        if not n:
            return draw(st.sampled_from(["none against", "no votes against", "0 against"]))
        word = draw(st.sampled_from(["against", "negative votes" if n > 1 else "negative vote"]))
        return f"{number(draw, n)} {word}{named}"
    if choice is Choice.ABSTAIN:
        if not n:
            return draw(st.sampled_from(["no abstentions", "0 abstentions"]))
        return f"{number(draw, n)} {'abstention' if n == 1 else 'abstentions'}{named}"
    return f"{number(draw, n)} not participating{named}"


@st.composite
def rendered(draw: st.DrawFn) -> tuple[str, date, tuple[Ballot, ...]]:
    day, ballots = draw(votes())
    outcome = charter_outcome(ballots)
    vetoes = derive_vetoes(outcome, ballots)
    by_choice = {c: [b.iso3 for b in ballots if b.choice is c] for c in Choice}
    yes = len(by_choice[Choice.YES])
    yes_text = f"{number(draw, yes)} " + draw(
        st.sampled_from(["in favour", "votes in favour", "affirmative votes"])
    )
    others = [Choice.NO, Choice.ABSTAIN] + (
        [Choice.NOT_VOTING] if by_choice[Choice.NOT_VOTING] else []
    )
    others = draw(st.permutations(others))
    parts = [yes_text] + [clause(draw, c, by_choice[c]) for c in others]
    if draw(st.booleans()):
        parts = draw(st.permutations(parts))
    counts = ", ".join(parts[:-1]) + ", and " + parts[-1]
    draft = f"S/{day.year}/{draw(st.integers(100, 999))}"
    if outcome is Outcome.ADOPTED:
        number_ = draw(st.integers(2250, 2900))
        sentence = draw(
            st.sampled_from(
                [
                    f"The Council adopted resolution {number_} ({day.year}) by {counts}.",
                    f"By {counts}, the Council adopted resolution {number_} ({day.year}).",
                ]
            )
        )
    else:
        tail = ""
        if vetoes and draw(st.booleans()):
            tail = draw(
                st.sampled_from(
                    [
                        ", owing to the negative vote of a permanent member",
                        f", due to a veto cast by {name_list(draw, list(vetoes))}",
                    ]
                )
            )
        sentence = draw(
            st.sampled_from(
                [
                    f"The draft resolution (document {draft}) failed to pass, receiving "
                    f"{counts}{tail}.",
                    f"The draft (document {draft}) received {counts}, and was not adopted{tail}.",
                    f"Having received {counts}, the text (document {draft}) was not adopted{tail}.",
                ]
            )
        )
    page = f"SC/99999\n{day.day} {MONTHS[day.month - 1]} {day.year}\n\n{sentence}"
    return page, day, ballots


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rendered())
def test_rendered_sentences_read_back_to_their_ballots(
    case: tuple[str, date, tuple[Ballot, ...]],
) -> None:
    page, day, ballots = case
    assume(any(b.choice is Choice.YES for b in ballots) or True)
    results = parse_press_release(page, REF.membership, REF.names, None, index=INDEX)
    assert len(results) == 1, (page, results)
    (vote,) = results
    assert isinstance(vote, Vote), (page, vote)
    assert vote.date == day
    assert dict(vote.choices) == {b.iso3: b.choice for b in ballots}, page
    assert vote.outcome is charter_outcome(ballots)


# -- round trip through the catalogued wordings (shared/data/press-releases/patterns.md) -------


def names_sentence(draw: st.DrawFn, choice: Choice, codes: list[str]) -> str:
    """The members of one choice in a sentence of their own, as releases write them."""
    names = name_list(draw, codes)
    names = names[0].upper() + names[1:]  # a sentence starts with a capital
    if choice is Choice.YES:
        lead = draw(
            st.sampled_from(
                [
                    "Voting in favour of the draft resolution were representatives of",
                    "Voting in favour were",
                ]
            )
        )
        return f"{lead} {names}."
    if choice is Choice.ABSTAIN:
        return draw(
            st.sampled_from(
                [f"Delegations that abstained were {names}.", f"{names} all abstained."]
                if len(codes) > 1
                else [f"Delegations that abstained were {names}.", f"{names} abstained."]
            )
        )
    if choice is Choice.NOT_VOTING:
        return f"{names} did not participate in the vote."
    return f"Voting against were {names}."


@st.composite
def catalogued(draw: st.DrawFn) -> tuple[str, date, tuple[Ballot, ...]]:
    """A release whose vote passage uses wordings from the catalogue: counts in any order,
    against before in favour, names in brackets or in sentences of their own, the veto named
    or counted, the outcome before or after, the symbol in the vote's paragraph or later."""
    day, ballots = draw(votes())
    outcome = charter_outcome(ballots)
    vetoes = derive_vetoes(outcome, ballots)
    by_choice = {c: [b.iso3 for b in ballots if b.choice is c] for c in Choice}
    in_sentences = {
        c for c in (Choice.ABSTAIN, Choice.NOT_VOTING) if by_choice[c] and draw(st.booleans())
    }
    yes = len(by_choice[Choice.YES])
    yes_text = draw(
        st.sampled_from(
            [
                f"{number(draw, yes)} in favour",
                f"{number(draw, yes)} votes in favour",
                f"{number(draw, yes)} affirmative votes",
            ]
        )
    )
    parts = [yes_text]
    for choice in (Choice.NO, Choice.ABSTAIN, Choice.NOT_VOTING):
        if choice in in_sentences:
            count = len(by_choice[choice])
            word = {Choice.ABSTAIN: "abstention", Choice.NOT_VOTING: "not participating"}[choice]
            plural = "s" if count != 1 and choice is Choice.ABSTAIN else ""
            parts.append(f"{number(draw, count)} {word}{plural}")
        elif choice is not Choice.NOT_VOTING or by_choice[choice]:
            parts.append(clause(draw, choice, by_choice[choice]))
    if draw(st.booleans()):
        parts = draw(st.permutations(parts))
    counts = ", ".join(parts[:-1]) + " and " + parts[-1]
    symbol_here = draw(st.booleans())
    draft = f"S/{day.year}/{draw(st.integers(100, 999))}"
    resolution = draw(st.integers(2250, 2900))
    named = f" (document {draft})" if symbol_here else ""
    if outcome is Outcome.ADOPTED:
        passage = draw(
            st.sampled_from(
                [
                    f"The Council adopted resolution {resolution} ({day.year}) by {counts}.",
                    f"By {counts}, the Council adopted resolution {resolution} ({day.year}).",
                    f"Resolution {resolution} ({day.year}) was adopted by a vote of {counts}.",
                ]
            )
        )
        symbol_here = True
    else:
        veto = ""
        if vetoes:
            veto = draw(
                st.sampled_from(
                    [
                        "",
                        f", owing to a veto cast by {name_list(draw, list(vetoes))}",
                        ", owing to the negative vote of a permanent member",
                    ]
                )
            )
        passage = draw(
            st.sampled_from(
                [
                    f"The Security Council failed today to adopt a draft resolution{named}, as "
                    f"the text received {counts}{veto}.",
                    f"Defeated by a vote of {counts}{veto}, the draft{named} would have "
                    "demanded a ceasefire.",
                    f"The draft resolution{named} was rejected by a vote of {counts}{veto}.",
                ]
            )
        )
    sentences = [names_sentence(draw, c, by_choice[c]) for c in sorted(in_sentences)]
    paragraphs = [passage + (" " + " ".join(sentences) if sentences else "")]
    paragraphs.insert(0, "The Security Council met this morning.")
    if not symbol_here:
        paragraphs.append("Speakers said the Council had failed in its duty.")
        paragraphs.append(f"The draft resolution (document {draft}) was tabled on Monday.")
    body = "\n\n".join(paragraphs)
    page = f"SC/99999\n{day.day} {MONTHS[day.month - 1]} {day.year}\n\n{body}"
    return page, day, ballots


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogued())
def test_catalogued_wordings_read_back_to_their_ballots(
    case: tuple[str, date, tuple[Ballot, ...]],
) -> None:
    page, day, ballots = case
    results = parse_press_release(page, REF.membership, REF.names, None, index=INDEX)
    check(results)
    found = [r for r in results if isinstance(r, Vote)]
    assert len(found) == 1, (page, [str(r) for r in results])
    (vote,) = found
    assert vote.date == day
    assert dict(vote.choices) == {b.iso3: b.choice for b in ballots}, page
    assert vote.outcome is charter_outcome(ballots)
