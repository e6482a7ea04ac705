"""Votes in and out of the database, as domain objects."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.domain.model import (
    Atrocity,
    Ballot,
    Choice,
    Classification,
    Outcome,
    SourceRef,
    Vote,
    VoteStatus,
    fingerprint,
)
from bot.domain.symbols import (
    DraftSymbol,
    ResolutionSymbol,
    Symbol,
    parse_draft_symbol,
    parse_resolution_symbol,
    parse_symbol,
)
from storage.models import BallotRow, SourceRow, VoteRow

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Change(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class StoredVote:
    id: int
    vote: Vote
    fingerprint: str


class VoteRepository:
    """The few vote queries the bot needs; one short transaction per call."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def upsert(self, vote: Vote) -> tuple[Change, StoredVote]:
        """Store a vote keyed by its symbols; a new source of the same facts only adds the source.

        An operator's classification is never overwritten by data or rules.
        """
        digest = fingerprint(vote)
        now = self._clock()
        with self._sessions.begin() as session:
            row = self._find_row(session, vote.draft_symbol, vote.resolution_symbol)
            if row is None:
                row = VoteRow(created_at=now)
                session.add(row)
                change = Change.NEW
            elif row.fingerprint != digest:
                change = Change.CHANGED
            else:
                change = Change.UNCHANGED
            keep_operator_call = row.classified_by == "operator"
            if change is not Change.UNCHANGED:
                _write_facts(row, vote, digest, now)
            if change is Change.NEW or (
                not keep_operator_call and _classification(row) != vote.classification
            ):
                _write_classification(row, vote.classification)
                row.updated_at = now
            _merge_sources(row, vote.sources)
            session.flush()
            return change, _stored(row)

    def get(self, text_or_symbol: str | Symbol) -> StoredVote | None:
        """Find a vote by any spelling of its draft or resolution symbol (a bare number too)."""
        symbol = parse_symbol(text_or_symbol) if isinstance(text_or_symbol, str) else text_or_symbol
        with self._sessions() as session:
            query = _select_votes()
            if isinstance(symbol, DraftSymbol):
                query = query.where(VoteRow.draft_symbol == str(symbol))
            elif symbol.year is None:
                query = query.where(VoteRow.resolution_number == symbol.number)
            else:
                query = query.where(VoteRow.resolution_symbol == str(symbol))
            row = session.scalars(query).first()
            return _stored(row) if row else None

    def all(self, newest_first: bool = False, limit: int | None = None) -> list[StoredVote]:
        order = (
            (VoteRow.date.desc(), VoteRow.id.desc()) if newest_first else (VoteRow.date, VoteRow.id)
        )
        with self._sessions() as session:
            rows = session.scalars(_select_votes().order_by(*order).limit(limit))
            return [_stored(row) for row in rows]

    def by_id(self, vote_id: int) -> StoredVote:
        with self._sessions() as session:
            row = session.scalars(_select_votes().where(VoteRow.id == vote_id)).one()
            return _stored(row)

    def classify(self, vote_id: int, classification: Classification) -> None:
        with self._sessions.begin() as session:
            row = session.get_one(VoteRow, vote_id)
            _write_classification(row, classification)
            row.updated_at = self._clock()

    @staticmethod
    def _find_row(
        session: Session, draft: DraftSymbol | None, resolution: ResolutionSymbol | None
    ) -> VoteRow | None:
        conditions = []
        if draft is not None:
            conditions.append(VoteRow.draft_symbol == str(draft))
        if resolution is not None:
            conditions.append(VoteRow.resolution_symbol == str(resolution))
        return session.scalars(_select_votes().where(or_(*conditions))).first()


def _select_votes() -> Any:  # Select's type parameters differ between SQLAlchemy 2.0 and 2.1
    return select(VoteRow).options(selectinload(VoteRow.ballots), selectinload(VoteRow.sources))


def _write_facts(row: VoteRow, vote: Vote, digest: str, now: datetime) -> None:
    row.symbol = str(vote.symbol)
    row.draft_symbol = str(vote.draft_symbol) if vote.draft_symbol else None
    row.resolution_symbol = str(vote.resolution_symbol) if vote.resolution_symbol else None
    row.resolution_number = vote.resolution_symbol.number if vote.resolution_symbol else None
    row.date = vote.date
    row.meeting = vote.meeting
    row.title = vote.title
    row.short_title = vote.short_title
    row.agenda = vote.agenda
    row.outcome = vote.outcome.value
    row.status = vote.status.value
    row.cross_check = vote.cross_check
    row.fingerprint = digest
    row.updated_at = now
    row.ballots = [
        BallotRow(iso3=ballot.iso3, position=index, name=ballot.name, choice=ballot.choice.value)
        for index, ballot in enumerate(vote.ballots)
    ]


def _write_classification(row: VoteRow, classification: Classification) -> None:
    row.atrocity = classification.atrocity.value
    row.classified_by = classification.decided_by
    row.classification_reason = classification.reason


def _classification(row: VoteRow) -> Classification:
    return Classification(Atrocity(row.atrocity), row.classified_by, row.classification_reason)


def _merge_sources(row: VoteRow, sources: Sequence[SourceRef]) -> None:
    known = {(source.publisher, source.url, source.ref_id) for source in row.sources}
    for source in sources:
        if (source.publisher, source.url, source.id) in known:
            continue
        row.sources.append(
            SourceRow(
                publisher=source.publisher,
                url=source.url,
                ref_id=source.id,
                supports=",".join(source.supports),
                retrieved_at=source.retrieved_at,
            )
        )
        known.add((source.publisher, source.url, source.id))


def _stored(row: VoteRow) -> StoredVote:
    vote = Vote(
        draft_symbol=parse_draft_symbol(row.draft_symbol) if row.draft_symbol else None,
        resolution_symbol=(
            parse_resolution_symbol(row.resolution_symbol) if row.resolution_symbol else None
        ),
        date=row.date,
        outcome=Outcome(row.outcome),
        ballots=tuple(
            Ballot(ballot.iso3, ballot.name, Choice(ballot.choice)) for ballot in row.ballots
        ),
        title=row.title,
        short_title=row.short_title,
        agenda=row.agenda,
        meeting=row.meeting,
        sources=tuple(
            SourceRef(
                publisher=source.publisher,
                url=source.url,
                id=source.ref_id,
                supports=tuple(filter(None, source.supports.split(","))),
                retrieved_at=source.retrieved_at,
            )
            for source in row.sources
        ),
        classification=Classification(
            Atrocity(row.atrocity), row.classified_by, row.classification_reason
        ),
        status=VoteStatus(row.status),
        cross_check=row.cross_check,
    )
    return StoredVote(row.id, vote, row.fingerprint)
