"""A Security Council vote as the bot knows it: who voted how, on what, and who says so."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.domain.symbols import DraftSymbol, ResolutionSymbol, Symbol

PERMANENT_MEMBERS: tuple[str, ...] = ("CHN", "FRA", "RUS", "GBR", "USA")
"""The five permanent members (UN Charter, Art. 23), by ISO 3166-1 alpha-3 code."""

VOTES_TO_ADOPT = 9
"""Art. 27(3): nine affirmative votes, with no permanent member voting against."""


class Choice(StrEnum):
    """How one member voted. The codes are the UN Digital Library's (NV: present, not voting)."""

    YES = "Y"
    NO = "N"
    ABSTAIN = "A"
    NOT_VOTING = "NV"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    FAILED = "failed"


class Atrocity(StrEnum):
    """Whether a draft aims to prevent or end genocide, crimes against humanity or war crimes."""

    YES = "yes"
    NO = "no"
    UNDECIDED = "undecided"


class VoteStatus(StrEnum):
    """How far the bot trusts a stored vote: one source, two agreeing, disagreement, or refused."""

    PROVISIONAL = "provisional"
    CONFIRMED = "confirmed"
    HELD = "held"
    REJECTED = "rejected"  # the operator ruled the report wrong: never posted


@dataclass(frozen=True)
class Classification:
    """Atrocity relevance, who decided it (data, rules or operator) and why."""

    atrocity: Atrocity = Atrocity.UNDECIDED
    decided_by: str = "nobody"
    reason: str = ""

    @property
    def as_bool(self) -> bool | None:
        return {Atrocity.YES: True, Atrocity.NO: False}.get(self.atrocity)


@dataclass(frozen=True)
class SourceRef:
    """One publication that backs a vote, and which of its facts it backs."""

    publisher: str
    url: str | None = None
    id: str | None = None
    supports: tuple[str, ...] = ()
    retrieved_at: datetime | None = None


@dataclass(frozen=True)
class Ballot:
    iso3: str
    name: str
    choice: Choice

    @property
    def permanent(self) -> bool:
        return self.iso3 in PERMANENT_MEMBERS


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    not_voting: int

    def __str__(self) -> str:
        return f"{self.yes}-{self.no}-{self.abstain}"


@dataclass(frozen=True)
class Vote:
    """One Council vote on one draft. Ballots hold all the members seated that day."""

    draft_symbol: DraftSymbol | None
    resolution_symbol: ResolutionSymbol | None
    date: date
    outcome: Outcome
    ballots: tuple[Ballot, ...]
    title: str = ""
    short_title: str = ""
    agenda: str = ""
    meeting: str | None = None
    sources: tuple[SourceRef, ...] = ()
    classification: Classification = field(default_factory=Classification)
    status: VoteStatus = VoteStatus.CONFIRMED
    cross_check: str = ""
    procedural: bool = False
    """A procedural decision (Charter Article 27(2)): nine votes carry it and a permanent
    member's "no" is no veto, e.g. S/RES/2623 (2022) calling the General Assembly together."""

    def __post_init__(self) -> None:
        if self.draft_symbol is None and self.resolution_symbol is None:
            raise ValueError("a vote needs a draft or a resolution symbol")
        if self.outcome is Outcome.ADOPTED and self.resolution_symbol is None:
            raise ValueError("an adopted draft needs its resolution symbol")
        if self.outcome is Outcome.FAILED and self.resolution_symbol is not None:
            raise ValueError("a failed draft has no resolution symbol")

    @property
    def symbol(self) -> Symbol:
        """The name people cite: the resolution when adopted, the draft when it failed."""
        if self.resolution_symbol is not None:
            return self.resolution_symbol
        assert self.draft_symbol is not None  # guaranteed by __post_init__
        return self.draft_symbol

    @property
    def choices(self) -> Mapping[str, Choice]:
        return {ballot.iso3: ballot.choice for ballot in self.ballots}

    @property
    def tally(self) -> Tally:
        counts = dict.fromkeys(Choice, 0)
        for ballot in self.ballots:
            counts[ballot.choice] += 1
        return Tally(
            counts[Choice.YES], counts[Choice.NO], counts[Choice.ABSTAIN], counts[Choice.NOT_VOTING]
        )

    @property
    def vetoed_by(self) -> tuple[str, ...]:
        return derive_vetoes(self.outcome, self.ballots, procedural=self.procedural)

    def members_voting(self, choice: Choice) -> tuple[Ballot, ...]:
        return tuple(ballot for ballot in self.ballots if ballot.choice is choice)


def derive_vetoes(
    outcome: Outcome, ballots: Iterable[Ballot], *, procedural: bool = False
) -> tuple[str, ...]:
    """A veto is a permanent member's "no" that made a draft fail which had the nine votes.

    A draft with fewer than nine votes in favour fails on its own, and the Council's veto
    list does not count the permanent members who voted against it (S/2016/847); a
    permanent member's abstention is never a veto, and neither is any "no" on a procedural
    decision.
    """
    ballots = tuple(ballots)
    yes = sum(1 for ballot in ballots if ballot.choice is Choice.YES)
    if procedural or outcome is not Outcome.FAILED or yes < VOTES_TO_ADOPT:
        return ()
    return tuple(
        ballot.iso3 for ballot in ballots if ballot.permanent and ballot.choice is Choice.NO
    )


def expected_outcome(ballots: Iterable[Ballot], *, procedural: bool = False) -> Outcome:
    """What the Charter makes of these ballots: adopted with 9 yes and no permanent "no"
    (Article 27(3)); a procedural decision needs only the 9 yes (Article 27(2))."""
    ballots = tuple(ballots)
    yes = sum(1 for ballot in ballots if ballot.choice is Choice.YES)
    vetoed = not procedural and any(
        ballot.permanent and ballot.choice is Choice.NO for ballot in ballots
    )
    return Outcome.ADOPTED if yes >= VOTES_TO_ADOPT and not vetoed else Outcome.FAILED


def fingerprint(vote: Vote) -> str:
    """A digest of the facts a card shows, to notice when a source changes a stored vote."""
    facts: dict[str, object] = {
        "draft": str(vote.draft_symbol or ""),
        "resolution": str(vote.resolution_symbol or ""),
        "date": vote.date.isoformat(),
        "outcome": vote.outcome.value,
        "ballots": sorted((ballot.iso3, ballot.choice.value) for ballot in vote.ballots),
    }
    if vote.procedural:  # only then, so the digests stored before this field stay valid
        facts["procedural"] = True
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()
