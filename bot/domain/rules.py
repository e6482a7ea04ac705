"""The rules every stored vote must satisfy. A vote that breaks one is never posted."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.model import (
    VOTES_TO_ADOPT,
    Ballot,
    Choice,
    Outcome,
    Vote,
    expected_outcome,
)
from bot.domain.registry import CouncilMembership


def problems(vote: Vote, membership: CouncilMembership) -> list[str]:
    """Everything wrong with a vote, in plain words; an empty list means it is consistent."""
    found: list[str] = []
    year = vote.date.year
    codes = [ballot.iso3 for ballot in vote.ballots]
    duplicated = sorted({code for code in codes if codes.count(code) > 1})
    if duplicated:
        found.append(f"members listed twice: {', '.join(duplicated)}")
    if not membership.knows(year):
        found.append(f"no Council membership known for {year}")
    else:
        seated = membership.seated(year)
        missing = sorted(seated - set(codes))
        extra = sorted(set(codes) - seated)
        if missing:
            found.append(f"seated members without a vote: {', '.join(missing)}")
        if extra:
            found.append(f"not on the Council in {year}: {', '.join(extra)}")
    if vote.draft_symbol is not None and vote.draft_symbol.year != year:
        found.append(f"draft {vote.draft_symbol} is dated {vote.date}, outside its year")
    if vote.resolution_symbol is not None and vote.resolution_symbol.year not in (None, year):
        found.append(f"resolution {vote.resolution_symbol} is dated {vote.date}, outside its year")
    if expected_outcome(vote.ballots, procedural=vote.procedural) is not vote.outcome:
        tally = vote.tally
        found.append(
            f"outcome {vote.outcome} does not follow from {tally.yes} in favour, {tally.no} against"
            f" (permanent 'no': {', '.join(_permanent_no(vote.ballots)) or 'none'})"
        )
    return found


def _permanent_no(ballots: Iterable[Ballot]) -> list[str]:
    return [ballot.iso3 for ballot in ballots if ballot.permanent and ballot.choice is Choice.NO]


def declared_vetoes_match(vote: Vote, declared: list[str]) -> bool:
    """A source's list of vetoing members must equal what the ballots imply."""
    if vote.outcome is Outcome.ADOPTED:
        return not declared
    return sorted(declared) == sorted(vote.vetoed_by)


def adoption_problem(ballots: Iterable[Ballot]) -> str:
    """Why these ballots cannot adopt a draft that a source reports adopted; "" if they can.

    A resolution passed over a permanent member's "no" was a procedural decision, which no
    live source marks; that needs a curated record, not a guess.
    """
    ballots = tuple(ballots)
    if expected_outcome(ballots) is Outcome.ADOPTED:
        return ""
    yes = sum(1 for ballot in ballots if ballot.choice is Choice.YES)
    if yes < VOTES_TO_ADOPT:
        return f"only {yes} in favour: fewer than {VOTES_TO_ADOPT} cannot adopt a resolution"
    return (
        f"a permanent member voted no ({', '.join(_permanent_no(ballots))}): only a procedural"
        ' decision is adopted so; add it to data/votes/ with "procedural": true if the meeting'
        " record says so"
    )
