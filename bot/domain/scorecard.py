"""What the Code of Conduct makes of one vote: the facts a card, an alt text or an export shows.

The bot states facts ("Code signatory · voted against"), never accusations; whether the Code
applies at all depends on the vote's date and on the draft's atrocity classification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.model import Atrocity, Ballot, Choice, Vote
from bot.domain.registry import (
    CODE_LAUNCHED,
    MemberNames,
    SignatoryRegistry,
    SignatoryStatus,
    Standing,
)


class CodeContext(StrEnum):
    """Whether the Code's pledge speaks to this vote at all."""

    APPLIES = "applies"  # atrocity-related draft, voted on after the launch
    PREDATES_CODE = "predates the Code"
    NOT_ATROCITY = "not atrocity-related"
    UNDECIDED = "not classified"


class Flag(StrEnum):
    """Facts about one member's vote that a reader should not miss."""

    VETO = "veto"  # a permanent member's "no" that made the draft fail
    SIGNATORY_AGAINST = "signatory voted against"
    SIGNATORY_ABSTAINED = "signatory abstained"
    SIGNATORY_DID_NOT_VOTE = "signatory did not vote"


@dataclass(frozen=True)
class Row:
    iso3: str
    name: str
    label: str
    in_text: str  # the name as a sentence carries it: "the Russian Federation"
    permanent: bool
    choice: Choice
    standing: Standing  # signatory status on the vote's day, with its source
    flags: frozenset[Flag]

    @property
    def status(self) -> SignatoryStatus:
        return self.standing.status

    @property
    def signed(self) -> bool:
        return self.standing.status is SignatoryStatus.SIGNATORY


@dataclass(frozen=True)
class Scorecard:
    vote: Vote
    context: CodeContext
    rows: tuple[Row, ...]
    signatories_as_of: date
    language: str = "en"  # the language of the member names, and so of the card

    @property
    def vetoed_by(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if Flag.VETO in row.flags)

    @property
    def signatories(self) -> tuple[str, ...]:
        return tuple(row.iso3 for row in self.rows if row.signed)

    @property
    def flagged(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.flags)


_ORDER = {Choice.NO: 0, Choice.ABSTAIN: 1, Choice.NOT_VOTING: 2, Choice.YES: 3}


def code_context(vote: Vote) -> CodeContext:
    if vote.date < CODE_LAUNCHED:
        return CodeContext.PREDATES_CODE
    return {
        Atrocity.YES: CodeContext.APPLIES,
        Atrocity.NO: CodeContext.NOT_ATROCITY,
        Atrocity.UNDECIDED: CodeContext.UNDECIDED,
    }[vote.classification.atrocity]


def build_scorecard(vote: Vote, registry: SignatoryRegistry, names: MemberNames) -> Scorecard:
    """Rows ordered so the story comes first: vetoes, then against, abstained, in favour."""
    context = code_context(vote)
    vetoes = set(vote.vetoed_by)
    rows = [
        _row(ballot, vote, context, registry, names, ballot.iso3 in vetoes)
        for ballot in vote.ballots
    ]
    rows.sort(
        key=lambda row: (
            Flag.VETO not in row.flags,
            _ORDER[row.choice],
            not row.permanent,
            row.name,
        )
    )
    return Scorecard(vote, context, tuple(rows), registry.as_of, names.language)


def _row(
    ballot: Ballot,
    vote: Vote,
    context: CodeContext,
    registry: SignatoryRegistry,
    names: MemberNames,
    vetoed: bool,
) -> Row:
    standing = registry.standing(ballot.iso3, vote.date)
    flags: set[Flag] = set()
    if vetoed:
        flags.add(Flag.VETO)
    if context is CodeContext.APPLIES and standing.status is SignatoryStatus.SIGNATORY:
        flags |= {
            Choice.NO: {Flag.SIGNATORY_AGAINST},
            Choice.ABSTAIN: {Flag.SIGNATORY_ABSTAINED},
            Choice.NOT_VOTING: {Flag.SIGNATORY_DID_NOT_VOTE},
        }.get(ballot.choice, set())
    return Row(
        iso3=ballot.iso3,
        name=names.name(ballot.iso3),
        label=names.label(ballot.iso3),
        in_text=names.in_text(ballot.iso3),
        permanent=ballot.permanent,
        choice=ballot.choice,
        standing=standing,
        flags=frozenset(flags),
    )
