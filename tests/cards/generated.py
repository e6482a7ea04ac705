"""Hypothesis strategies for any vote or period the domain allows, in any card language.

The layout property tests draw cards from these instead of from the record, so a card is
checked against what the data *could* say (five vetoes, 99 abstentions in a period, the
longest state names, every signatory status), not only against what it has said so far.
Everything drawn is a valid domain object: outcomes follow the Charter from the ballots
(`expected_outcome`), vetoes are derived, symbols are well formed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

from hypothesis import strategies as st

from bot.domain.model import (
    PERMANENT_MEMBERS,
    Atrocity,
    Ballot,
    Choice,
    Classification,
    Outcome,
    SourceRef,
    Vote,
    expected_outcome,
)
from bot.domain.period import MemberRecord, Period, PeriodScorecard, build_period_scorecard
from bot.domain.registry import (
    CODE_LAUNCHED,
    NotSignatory,
    Signatory,
    SignatoryRegistry,
    SignatoryStatus,
)
from bot.domain.scorecard import Scorecard, build_scorecard
from bot.domain.symbols import DraftSymbol, ResolutionSymbol
from cards.languages import AVAILABLE
from tests.cards.test_data import DATA, reference

FIRST_DAY, LAST_DAY = date(2012, 1, 1), date(2030, 12, 31)
"""Votes before the Code's launch (2015-10-23) and long after the newest signatory list."""

LANGUAGES = st.sampled_from(AVAILABLE)


@cache
def named_everywhere() -> tuple[str, ...]:
    """States with a sourced name in every card language (the ones a card can show)."""
    states = set(reference().names.names)
    for language in AVAILABLE:
        if language != "en":
            path = DATA / "names" / f"{language}.json"
            states &= set(json.loads(path.read_text(encoding="utf-8"))["members"])
    return tuple(sorted(states - set(PERMANENT_MEMBERS)))


@cache
def longest_named() -> tuple[str, ...]:
    """The twelve states whose names run longest in any language: drawn often, so the
    longest names meet the longest status lines and vote words."""

    def longest(iso3: str) -> int:
        return max(len(reference().names_in(lang).name(iso3)) for lang in AVAILABLE)

    return tuple(sorted(named_everywhere(), key=longest, reverse=True)[:12])


def elected_members() -> st.SearchStrategy[list[str]]:
    pool = st.one_of(st.sampled_from(longest_named()), st.sampled_from(named_everywhere()))
    return st.lists(pool, min_size=10, max_size=10, unique=True)


CHOICES = st.sampled_from(list(Choice))

TITLE_WORDS = st.sampled_from(
    [
        "Syria",
        "Aleppo:",
        "end",
        "the",
        "bombing,",
        "let",
        "aid",
        "in",
        "humanitarian",
        "ceasefire",
        "and",
        "accountability",
        "Myanmar",
        "Democratic",
        "Republic",
        "of",
        "the Congo",
        "sanctions",
        "Srebrenica",
        "genocide",
        "Gaza",
        "Ukraine",
        "cross-border",
        "mechanism",
        "renewal",
    ]
)
TITLES = st.lists(TITLE_WORDS, max_size=40).map(" ".join)
PUBLISHERS = st.sampled_from(
    [
        "UN Meetings Coverage and Press Releases",
        "UN Digital Library (voting record)",
        "Dag Hammarskjöld Library, Security Council vetoes list",
        "bundled record",
        "Security Council Report",
    ]
)


@st.composite
def sources(draw: st.DrawFn) -> tuple[SourceRef, ...]:
    count = draw(st.integers(0, 3))
    return tuple(
        SourceRef(
            draw(PUBLISHERS),
            "https://example.invalid/",
            draw(st.one_of(st.none(), st.from_regex(r"SC/1[0-9]{4}", fullmatch=True))),
        )
        for _ in range(count)
    )


@st.composite
def votes(draw: st.DrawFn, on: date | None = None, elected: tuple[str, ...] | None = None) -> Vote:
    """Any Council vote: 15 members with the five permanent, any choices, the Charter's
    outcome for them, a symbol of the right kind, any classification and title."""
    members = [*PERMANENT_MEMBERS, *(elected or draw(elected_members()))]
    against = draw(st.permutations(PERMANENT_MEMBERS))[: draw(st.integers(0, 5))]
    choices = {iso3: Choice.NO if iso3 in against else draw(CHOICES) for iso3 in PERMANENT_MEMBERS}
    choices |= {iso3: draw(CHOICES) for iso3 in members[5:]}
    if draw(st.booleans()):  # nine in favour: each permanent "no" is then a veto
        for iso3 in members[5:]:
            if sum(choice is Choice.YES for choice in choices.values()) >= 9:
                break
            choices[iso3] = Choice.YES
    names = reference().names
    ballots = tuple(Ballot(iso3, names.name(iso3), choices[iso3]) for iso3 in members)
    procedural = draw(st.integers(0, 9)) == 0
    outcome = expected_outcome(ballots, procedural=procedural)
    day = on or draw(st.dates(FIRST_DAY, LAST_DAY))
    number = draw(st.integers(1, 9999))
    adopted = outcome is Outcome.ADOPTED
    return Vote(
        draft_symbol=DraftSymbol(day.year, number, draw(st.sampled_from(["", "/Rev.1"]))),
        resolution_symbol=ResolutionSymbol(draw(st.integers(1, 9999)), day.year)
        if adopted
        else None,
        date=day,
        outcome=outcome,
        ballots=ballots,
        short_title=draw(TITLES),
        sources=draw(sources()),
        classification=Classification(draw(st.sampled_from(list(Atrocity))), "test", "test"),
        procedural=procedural,
    )


@st.composite
def registries(draw: st.DrawFn, states: list[str]) -> SignatoryRegistry:
    """A registry that gives each state any standing a source could: signed on a day (before
    or after the vote), known only from a later list, named as not signed, or nothing."""
    as_of = draw(st.dates(CODE_LAUNCHED, LAST_DAY))
    signatories: dict[str, Signatory] = {}
    not_signatories: list[NotSignatory] = []
    for iso3 in states:
        kind = draw(st.sampled_from(["dated", "listed", "not", "unknown"]))
        if kind == "dated":
            since = draw(st.dates(CODE_LAUNCHED, LAST_DAY))
            signatories[iso3] = Signatory(iso3, iso3, since, "test")
        elif kind == "listed":
            listed = draw(st.dates(CODE_LAUNCHED, LAST_DAY))
            signatories[iso3] = Signatory(iso3, iso3, None, "test", listed_on=listed)
        elif kind == "not":
            not_signatories.append(NotSignatory(iso3, LAST_DAY, "test"))
    return SignatoryRegistry(as_of, signatories, (), tuple(not_signatories))


@st.composite
def scorecards(draw: st.DrawFn) -> Scorecard:
    """A vote card's Scorecard in any card language."""
    vote = draw(votes())
    registry = draw(registries([ballot.iso3 for ballot in vote.ballots]))
    names = reference().names_in(draw(LANGUAGES))
    return build_scorecard(vote, registry, names)


@st.composite
def period_scorecards(draw: st.DrawFn) -> PeriodScorecard:
    """A calendar year's scorecard, or any range of days inside one year (`--from/--to`):
    1 to 60 drafts by one Council of fifteen, any outcomes,
    then any member's counts raised to anything up to 99 of a kind (what a year could hold
    if the Council voted more than it ever has), in any card language."""
    year = draw(st.integers(FIRST_DAY.year, LAST_DAY.year))
    period = Period.calendar_year(year)
    if draw(st.booleans()):  # --from/--to: any range inside the year
        start, end = sorted(
            draw(st.lists(st.dates(period.start, period.end), min_size=2, max_size=2))
        )
        period = Period(start, end)
    elected = draw(elected_members())
    count = draw(st.integers(1, 60))
    drafts = []
    for _ in range(count):
        day = period.start + timedelta(days=draw(st.integers(0, (period.end - period.start).days)))
        drafts.append(draw(votes(on=day, elected=tuple(elected))))
    states = [*PERMANENT_MEMBERS, *elected]
    registry = draw(registries(states))
    names = reference().names_in(draw(LANGUAGES))
    membership = replace(reference().membership, years={year: frozenset(states)})
    card = build_period_scorecard(drafts, period, registry, membership, names)
    raised = tuple(draw(raised_counts(member)) for member in card.members)
    return replace(card, members=raised)


@st.composite
def raised_counts(draw: st.DrawFn, member: MemberRecord) -> MemberRecord:
    """The member as built, or with counts anywhere in 0-99 (vetoes only for the five)."""
    if not draw(st.booleans()):
        return member
    counts = st.integers(0, 99)
    vetoes = draw(counts) if member.permanent else 0
    signed = member.signatory is SignatoryStatus.SIGNATORY
    return replace(
        member,
        in_favour=draw(counts),
        against=max(vetoes, draw(counts)),
        abstained=draw(counts),
        not_voting=draw(counts),
        vetoes=vetoes,
        signatory_against=draw(counts) if signed else 0,
        signatory_abstained=draw(counts) if signed else 0,
    )
