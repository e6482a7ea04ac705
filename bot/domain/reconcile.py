"""Reconciliation: what two sources saying the same vote means for how far the bot trusts it.

A vote seen in one live source is provisional; a second source that agrees confirms it; any
disagreement holds it for the operator, with the differences spelled out. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.domain.model import Classification, Outcome, Vote, VoteStatus


@dataclass(frozen=True)
class Difference:
    fact: str
    one: str
    other: str

    def __str__(self) -> str:
        """ "vote of AGO: stored A, this source says Y": which side is which, in words."""
        return f"{self.fact}: stored {self.one}, this source says {self.other}"


@dataclass(frozen=True)
class TallyFacts:
    """The facts a tally-only source (the Library's tables) states about a vote."""

    date: date
    outcome: Outcome
    tally: tuple[int, int, int] | None  # yes, no, abstain
    vetoed_by: tuple[str, ...]


def vote_differences(one: Vote, other: Vote) -> list[Difference]:
    """Every fact on which two per-member reports of the same vote disagree."""
    found = tally_differences(one, tally_facts(other))
    for label, first, second in (
        ("draft symbol", one.draft_symbol, other.draft_symbol),
        ("resolution symbol", one.resolution_symbol, other.resolution_symbol),
    ):
        if first is not None and second is not None and first != second:
            found.append(Difference(label, str(first), str(second)))
    if one.procedural != other.procedural:
        found.append(Difference("procedural", _yes_no(one.procedural), _yes_no(other.procedural)))
    choices, others = one.choices, other.choices
    for code in sorted(set(choices) | set(others)):
        mine, theirs = choices.get(code), others.get(code)
        if mine != theirs:
            found.append(Difference(f"vote of {code}", _choice(mine), _choice(theirs)))
    return found


def tally_differences(vote: Vote, facts: TallyFacts) -> list[Difference]:
    """Where a tally-only report contradicts a stored vote (it cannot confirm ballots)."""
    found = []
    if vote.date != facts.date:
        found.append(Difference("date", vote.date.isoformat(), facts.date.isoformat()))
    if vote.outcome is not facts.outcome:
        found.append(Difference("outcome", vote.outcome.value, facts.outcome.value))
    tally = vote.tally
    if facts.tally is not None and (tally.yes, tally.no, tally.abstain) != facts.tally:
        found.append(Difference("tally", str(tally), "-".join(map(str, facts.tally))))
    if sorted(vote.vetoed_by) != sorted(facts.vetoed_by):
        found.append(Difference("vetoed by", _codes(vote.vetoed_by), _codes(facts.vetoed_by)))
    return found


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def tally_facts(vote: Vote) -> TallyFacts:
    tally = vote.tally
    return TallyFacts(vote.date, vote.outcome, (tally.yes, tally.no, tally.abstain), vote.vetoed_by)


@dataclass(frozen=True)
class Standing:
    """A vote's status given every source's latest report, and why."""

    status: VoteStatus
    differences: tuple[str, ...] = ()


def standing(
    reports: Mapping[str, list[Difference]],
    *,
    per_member: Iterable[str] | None = None,
    trusted_alone: Iterable[str] = ("bundled",),
    accepted: bool = False,
    rejected: bool = False,
) -> Standing:
    """Decide a vote's status from how each source's report compares with the stored facts.

    `reports` maps a source name to the differences between its report and the stored vote;
    `per_member` names the sources that gave every member's vote (default: all). Curated
    sources (the bundled, cross-checked record) stand alone; a live source needs a second
    per-member source to agree: a matching tally cannot vouch for who voted how, though a
    tally that differs holds the vote all the same. An operator's accept or reject outranks
    the sources, until a new disagreement arrives after an accept.
    """
    if rejected:
        return Standing(VoteStatus.REJECTED)
    disagreements = tuple(
        f"{source}: {difference}"
        for source, differences in sorted(reports.items())
        for difference in differences
    )
    if disagreements and not accepted:
        return Standing(VoteStatus.HELD, disagreements)
    counted = set(reports) if per_member is None else set(per_member)
    agreeing = [
        source for source, differences in reports.items() if not differences and source in counted
    ]
    if accepted or len(agreeing) >= 2 or set(agreeing) & set(trusted_alone):
        return Standing(VoteStatus.CONFIRMED)
    return Standing(VoteStatus.PROVISIONAL)


def _choice(value: object) -> str:
    return "absent" if value is None else str(getattr(value, "value", value))


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(sorted(codes)) or "none"


TRUSTED_ALONE = ("bundled",)
"""Sources whose records were cross-checked before shipping, so they stand without a second."""

_RANKS = {"operator": 3, "data": 2, "rules": 1}


def may_reclassify(new: Classification, old: Classification) -> bool:
    """Who may overwrite whom: the operator outranks curated data, which outranks rules."""
    return new != old and _rank(new) >= _rank(old)


def _rank(classification: Classification) -> int:
    return _RANKS.get(classification.decided_by.split(":", 1)[0], 0)


def status_change(before: VoteStatus | None, after: VoteStatus) -> str | None:
    """What a new standing means for a vote whose facts did not change: "held" when sources
    now disagree, "confirmed" when a second source agreed, else None."""
    if after is VoteStatus.HELD and before is not VoteStatus.HELD:
        return "held"
    if after is VoteStatus.CONFIRMED and before is VoteStatus.PROVISIONAL:
        return "confirmed"
    return None
