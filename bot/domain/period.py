"""The period scorecard: how each Council member voted on a period's atrocity-related drafts.

The "tweetable scorecard" the 2017 ACT workshop asked for. Like the one-vote Scorecard it
states facts (counts of votes, vetoes, signatory status) and leaves judgement to the reader.
Only drafts classified atrocity-related count; the others are reported as a number, so a
reader can see what was left out and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.domain.errors import ActbotError
from bot.domain.model import PERMANENT_MEMBERS, Atrocity, Choice, Vote
from bot.domain.registry import (
    CODE_LAUNCHED,
    CouncilMembership,
    MemberNames,
    SignatoryRegistry,
    SignatoryStatus,
    Standing,
)


class PeriodError(ActbotError, ValueError):
    """A period that cannot be scored: reversed dates, or years with no known membership."""


@dataclass(frozen=True)
class Period:
    """A closed range of dates, both ends included; `year` is set when it is a calendar year."""

    start: date
    end: date
    year: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"the period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), year)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)


@dataclass(frozen=True)
class MemberRecord:
    """One member's votes in the period; `signatory` is its status on the period's last day."""

    iso3: str
    name: str
    label: str
    in_text: str  # the name as a sentence carries it: "the Russian Federation"
    permanent: bool
    in_favour: int
    against: int
    abstained: int
    not_voting: int
    vetoes: int
    standing: Standing  # on the period's last day, with its source
    signatory_against: int  # times it voted against while a Code signatory
    signatory_abstained: int  # times it abstained while a Code signatory

    @property
    def signatory(self) -> SignatoryStatus:
        return self.standing.status

    @property
    def votes_cast(self) -> int:
        return self.in_favour + self.against + self.abstained + self.not_voting

    @property
    def flagged(self) -> bool:
        """A fact the Code speaks to: a veto, or a signatory that voted against or abstained."""
        return bool(self.vetoes or self.signatory_against or self.signatory_abstained)


@dataclass(frozen=True)
class PeriodScorecard:
    period: Period
    members: tuple[MemberRecord, ...]
    drafts: tuple[Vote, ...]  # the atrocity-related drafts counted, oldest first
    not_counted: int  # votes in the period not classified atrocity-related (no or undecided)
    signatories_as_of: date
    language: str = "en"  # the language of the member names, and so of the card

    @property
    def vetoed(self) -> tuple[Vote, ...]:
        return tuple(vote for vote in self.drafts if vote.vetoed_by)

    @property
    def flagged(self) -> tuple[MemberRecord, ...]:
        return tuple(member for member in self.members if member.flagged)

    @property
    def predates_code(self) -> bool:
        """No counted vote fell under the Code: the period, or every draft in it, came first."""
        if self.period.end < CODE_LAUNCHED:
            return True
        return bool(self.drafts) and all(vote.date < CODE_LAUNCHED for vote in self.drafts)


def build_period_scorecard(
    votes: Iterable[Vote],
    period: Period,
    registry: SignatoryRegistry,
    membership: CouncilMembership,
    names: MemberNames,
) -> PeriodScorecard:
    """Every member seated in the period, with its votes on the period's atrocity drafts.

    Members come from the Council membership of each year the period touches (so a member
    that sat through a period without an atrocity vote still appears, with zeros), plus any
    member found in a ballot. Rows are ordered so the story comes first: vetoes, votes
    against, abstentions, then permanent members, then by name.
    """
    unknown = [year for year in period.years if not membership.knows(year)]
    if unknown:
        raise PeriodError(f"no Council membership known for {', '.join(map(str, unknown))}")
    in_period = sorted(
        (vote for vote in votes if vote.date in period),
        key=lambda vote: (vote.date, str(vote.symbol)),
    )
    drafts = tuple(vote for vote in in_period if vote.classification.atrocity is Atrocity.YES)
    seated: set[str] = set()
    for year in period.years:
        seated |= membership.seated(year)
    for vote in drafts:
        seated |= {ballot.iso3 for ballot in vote.ballots}
    members = [_record(iso3, drafts, registry, names, period.end) for iso3 in seated]
    members.sort(key=lambda m: (-m.vetoes, -m.against, -m.abstained, not m.permanent, m.name))
    return PeriodScorecard(
        period=period,
        members=tuple(members),
        drafts=drafts,
        not_counted=len(in_period) - len(drafts),
        signatories_as_of=registry.as_of,
        language=names.language,
    )


def _record(
    iso3: str,
    drafts: tuple[Vote, ...],
    registry: SignatoryRegistry,
    names: MemberNames,
    status_day: date,
) -> MemberRecord:
    counts = dict.fromkeys(Choice, 0)
    vetoes = signatory_against = signatory_abstained = 0
    for vote in drafts:
        choice = vote.choices.get(iso3)
        if choice is None:
            continue
        counts[choice] += 1
        vetoes += iso3 in vote.vetoed_by
        if registry.is_signatory(iso3, vote.date):
            signatory_against += choice is Choice.NO
            signatory_abstained += choice is Choice.ABSTAIN
    return MemberRecord(
        iso3=iso3,
        name=names.name(iso3),
        label=names.label(iso3),
        in_text=names.in_text(iso3),
        permanent=iso3 in PERMANENT_MEMBERS,
        in_favour=counts[Choice.YES],
        against=counts[Choice.NO],
        abstained=counts[Choice.ABSTAIN],
        not_voting=counts[Choice.NOT_VOTING],
        vetoes=vetoes,
        standing=registry.standing(iso3, status_day),
        signatory_against=signatory_against,
        signatory_abstained=signatory_abstained,
    )
