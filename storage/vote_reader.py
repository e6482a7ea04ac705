"""Reading stored votes: each query reads what it needs (a vote, a period, a batch)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.domain.languages import ENGLISH
from bot.domain.model import Atrocity, VoteStatus
from bot.domain.policy import Candidates
from bot.domain.symbols import DraftSymbol, Symbol, SymbolError, parse_symbol
from storage.clock import Clock, utcnow
from storage.models import PostRow, RejectionRow, VoteRow
from storage.rows import StoredVote, stored_vote


class VoteReader:
    """The vote queries; one short read transaction per call."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(VoteRow)) or 0)

    def get(self, text_or_symbol: str | Symbol) -> StoredVote | None:
        """Find a vote by any spelling of its draft or resolution symbol (a bare number too)."""
        symbol = parse_symbol(text_or_symbol) if isinstance(text_or_symbol, str) else text_or_symbol
        with self._sessions() as session:
            query = select_votes()
            if isinstance(symbol, DraftSymbol):
                query = query.where(VoteRow.draft_symbol == str(symbol))
            elif symbol.year is None:
                query = query.where(VoteRow.resolution_number == symbol.number)
            else:
                query = query.where(VoteRow.resolution_symbol == str(symbol))
            row = session.scalars(query).first()
            return stored_vote(row) if row else None

    def all(self, newest_first: bool = False, limit: int | None = None) -> list[StoredVote]:
        order = (
            (VoteRow.date.desc(), VoteRow.id.desc()) if newest_first else (VoteRow.date, VoteRow.id)
        )
        with self._sessions() as session:
            rows = session.scalars(select_votes().order_by(*order).limit(limit))
            return [stored_vote(row) for row in rows]

    def between(self, first: date | None, last: date | None) -> list[StoredVote]:
        """The votes dated from `first` to `last` (None: no bound), oldest first: a period's
        card reads one year, not the whole record."""
        query = select_votes().order_by(VoteRow.date, VoteRow.id)
        if first is not None:
            query = query.where(VoteRow.date >= first)
        if last is not None:
            query = query.where(VoteRow.date <= last)
        with self._sessions() as session:
            return [stored_vote(row) for row in session.scalars(query)]

    def each(self, batch: int = 200) -> Iterator[StoredVote]:
        """Every vote, oldest first, read `batch` at a time: an export of the whole record
        holds one batch in memory, never the record."""
        after: tuple[date, int] | None = None
        while True:
            query = select_votes().order_by(VoteRow.date, VoteRow.id).limit(batch)
            if after is not None:
                query = query.where(
                    or_(
                        VoteRow.date > after[0],
                        and_(VoteRow.date == after[0], VoteRow.id > after[1]),
                    )
                )
            with self._sessions() as session:
                rows = list(session.scalars(query))
                found = [stored_vote(row) for row in rows]
            if not found:
                return
            yield from found
            after = (found[-1].vote.date, found[-1].id)

    def unqueued(
        self,
        networks: tuple[str, ...],
        candidates: Candidates,
        languages: tuple[str, ...] = (ENGLISH,),
    ) -> list[StoredVote]:
        """Votes the policy may post that lack a post record on one of `networks` in one of
        `languages`: after the first cycle, only what is new, whatever the size of the record."""
        if not networks or not languages:
            return []
        in_languages = or_(
            *(
                ~PostRow.subject.contains("@")
                if language == ENGLISH
                else PostRow.subject.endswith(f"@{language}")
                for language in languages
            )
        )
        on_networks = (
            select(func.count(func.distinct(PostRow.network + " " + PostRow.subject)))
            .where(PostRow.vote_id == VoteRow.id, PostRow.network.in_(networks), in_languages)
            .scalar_subquery()
        )
        query = select_votes().where(
            on_networks < len(networks) * len(languages),
            VoteRow.status.not_in([status.value for status in candidates.never]),
        )
        if candidates.since is not None:
            query = query.where(VoteRow.date >= candidates.since)
        if candidates.atrocity_only:
            query = query.where(VoteRow.atrocity == Atrocity.YES.value)
        with self._sessions() as session:
            rows = session.scalars(query.order_by(VoteRow.date, VoteRow.id))
            return [stored_vote(row) for row in rows]

    def by_id(self, vote_id: int) -> StoredVote:
        with self._sessions() as session:
            row = session.scalars(select_votes().where(VoteRow.id == vote_id)).one()
            return stored_vote(row)

    def held(self) -> list[tuple[StoredVote, tuple[str, ...]]]:
        """Votes waiting for the operator, with what the sources disagree on."""
        with self._sessions() as session:
            rows = session.scalars(
                select_votes().where(VoteRow.status == VoteStatus.HELD.value).order_by(VoteRow.date)
            )
            return [(stored_vote(row), tuple(row.review_note.splitlines())) for row in rows]

    def open_rejections(self) -> list[RejectionRow]:
        with self._sessions() as session:
            query = select(RejectionRow).where(RejectionRow.dismissed.is_(False))
            return list(session.scalars(query.order_by(RejectionRow.first_seen)))

    def _is_curated_procedural(self, symbol: str) -> bool:
        try:
            stored = self.get(symbol)
        except SymbolError:
            return False
        return stored is not None and stored.vote.procedural


def select_votes() -> Any:  # Select's type parameters differ between SQLAlchemy 2.0 and 2.1
    return select(VoteRow).options(selectinload(VoteRow.ballots), selectinload(VoteRow.sources))
