"""Post records: one per (vote, network, generation), moved through the exactly-once lifecycle.

    pending --claim--> posting --accepted--> posted
                          |--retryable--> pending (attempts+1, not before t)
                          |--permanent--> failed
                          '--process died--> found "posting" at start-up: reconcile

Each transition is its own committed transaction, so a crash leaves a state that says what is
known: "posting" means the network may or may not have the post, and must be asked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from bot.domain.languages import ENGLISH, split_subject, subject_in
from storage.clock import Clock, utcnow
from storage.models import PostRow, VoteRow


class PostState(StrEnum):
    PENDING = "pending"
    POSTING = "posting"
    POSTED = "posted"
    FAILED = "failed"


def vote_subject(vote_id: int, language: str = ENGLISH) -> str:
    """A vote's post record subject: "vote:12", or "vote:12@fr" for its French post."""
    return subject_in(f"vote:{vote_id}", language)


@dataclass(frozen=True)
class PostRecord:
    id: int
    subject: str  # "vote:<id>" or "period:<from>/<to>"
    vote_id: int | None
    symbol: str  # what a person calls it: the vote's symbol, or the subject
    network: str
    generation: int
    state: PostState
    attempt_id: str | None
    attempts: int
    last_error: str | None
    not_before: datetime | None
    platform_id: str | None
    platform_url: str | None
    platform_cid: str | None
    claimed_by: str | None
    prepared_texts: Mapping[str, str] | None
    updated_at: datetime
    created_at: datetime
    posted_at: datetime | None

    @property
    def language(self) -> str:
        return split_subject(self.subject)[1]


class Outbox:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def ensure(self, subject: str, network: str, vote_id: int | None = None) -> PostRecord | None:
        """Queue the automatic post of a subject on a network unless one already exists.

        Returns the new record, or None when the subject already has one there (any state).
        """
        with self._sessions.begin() as session:
            exists = session.scalar(
                select(PostRow.id).where(PostRow.subject == subject, PostRow.network == network)
            )
            if exists is not None:
                return None
            row = self._new_row(subject, vote_id, network, generation=0)
            session.add(row)
            session.flush()
            return _record(row, _symbol(session, row.vote_id))

    def add_forced(self, subject: str, network: str, vote_id: int | None = None) -> PostRecord:
        """An operator's deliberate repost: a new generation, never touching the old records."""
        with self._sessions.begin() as session:
            latest = session.scalar(
                select(func.max(PostRow.generation)).where(
                    PostRow.subject == subject, PostRow.network == network
                )
            )
            generation = 0 if latest is None else latest + 1
            row = self._new_row(subject, vote_id, network, generation)
            session.add(row)
            session.flush()
            return _record(row, _symbol(session, row.vote_id))

    def records(
        self,
        *,
        subject: str | None = None,
        vote_id: int | None = None,
        network: str | None = None,
        states: Iterable[PostState] | None = None,
    ) -> list[PostRecord]:
        query = (
            select(PostRow, VoteRow.symbol)
            .outerjoin(VoteRow, VoteRow.id == PostRow.vote_id)
            .order_by(PostRow.created_at, PostRow.id)
        )
        if subject is not None:
            query = query.where(PostRow.subject == subject)
        if vote_id is not None:
            query = query.where(PostRow.vote_id == vote_id)
        if network is not None:
            query = query.where(PostRow.network == network)
        if states is not None:
            query = query.where(PostRow.state.in_([state.value for state in states]))
        with self._sessions() as session:
            return [_record(row, symbol) for row, symbol in session.execute(query)]

    def due(self, networks: Iterable[str]) -> list[PostRecord]:
        """Pending posts whose retry time has come, oldest first."""
        now = self._clock()
        return [
            record
            for record in self.records(states=[PostState.PENDING])
            if record.network in set(networks)
            and (record.not_before is None or record.not_before <= now)
        ]

    def posted_since(self, network: str, since: datetime) -> int:
        """Posts made (or being made) on a network since a moment, for the daily cap."""
        with self._sessions() as session:
            return (
                session.scalar(
                    select(func.count(PostRow.id)).where(
                        PostRow.network == network,
                        (PostRow.state == PostState.POSTING.value)
                        | (
                            (PostRow.state == PostState.POSTED.value) & (PostRow.posted_at >= since)
                        ),
                    )
                )
                or 0
            )

    def claim(
        self,
        record_id: int,
        attempt_id: str,
        claimed_by: str = "",
        *,
        cap: int = 0,
        since: datetime | None = None,
    ) -> bool:
        """pending -> posting, atomically: only one process can win a given record.

        `claimed_by` names the process ("host:pid") so another can tell a crash's leftover
        from a post in flight (bot.claims). With a `cap`, the claim succeeds only while fewer
        than `cap` posts of the record's network were made (or are being made) since `since`,
        checked in the same statement, so two processes cannot both take the last slot."""
        with self._sessions.begin() as session:
            conditions = [PostRow.id == record_id, PostRow.state == PostState.PENDING.value]
            if cap:
                network = session.scalar(select(PostRow.network).where(PostRow.id == record_id))
                if session.get_bind().dialect.name == "postgresql":  # serialise per network
                    session.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(network)}
                    )
                other = aliased(PostRow)
                used = (
                    select(func.count(other.id))
                    .where(
                        other.network == network,
                        (other.state == PostState.POSTING.value)
                        | ((other.state == PostState.POSTED.value) & (other.posted_at >= since)),
                    )
                    .scalar_subquery()
                )
                conditions.append(used < cap)
            result = session.execute(
                update(PostRow)
                .where(*conditions)
                .values(
                    state=PostState.POSTING.value,
                    attempt_id=attempt_id,
                    claimed_by=claimed_by,
                    attempts=PostRow.attempts + 1,
                    updated_at=self._clock(),
                )
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def note_texts(self, record_id: int, attempt_id: str, texts: Mapping[str, str]) -> bool:
        """Commit what this attempt is about to send, before the network sees it."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(PostRow)
                .where(
                    PostRow.id == record_id,
                    PostRow.state == PostState.POSTING.value,
                    PostRow.attempt_id == attempt_id,
                )
                .values(prepared_texts=json.dumps(dict(texts), ensure_ascii=False))
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def mark_posted(
        self,
        record_id: int,
        attempt_id: str,
        *,
        platform_id: str | None,
        platform_url: str | None,
        platform_cid: str | None = None,
        vote_fingerprint: str | None = None,
    ) -> bool:
        return self._transition(
            record_id,
            attempt_id,
            PostState.POSTED,
            platform_id=platform_id,
            platform_url=platform_url,
            platform_cid=platform_cid,
            vote_fingerprint=vote_fingerprint,
            posted_at=self._clock(),
            last_error=None,
        )

    def mark_retry(
        self, record_id: int, attempt_id: str, error: str, not_before: datetime | None
    ) -> bool:
        return self._transition(
            record_id, attempt_id, PostState.PENDING, last_error=error, not_before=not_before
        )

    def defer_network(self, network: str, until: datetime) -> int:
        """Every pending post on a network waits until `until` (a rate limit's reset): the
        network is asked again only when it said it would answer."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(PostRow)
                .where(
                    PostRow.network == network,
                    PostRow.state == PostState.PENDING.value,
                    or_(PostRow.not_before.is_(None), PostRow.not_before < until),
                )
                .values(not_before=until, updated_at=self._clock())
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    def mark_failed(self, record_id: int, attempt_id: str, error: str) -> bool:
        return self._transition(record_id, attempt_id, PostState.FAILED, last_error=error)

    def release(self, record_id: int, attempt_id: str, note: str) -> bool:
        """posting -> pending after reconciliation found no trace of the post on the network."""
        return self._transition(record_id, attempt_id, PostState.PENDING, last_error=note)

    def _transition(
        self, record_id: int, attempt_id: str, state: PostState, **values: object
    ) -> bool:
        """Move a record out of "posting", but only if it is still this attempt's: a slower
        process acting on a stale view (two reconciling the same claim) changes nothing."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(PostRow)
                .where(
                    PostRow.id == record_id,
                    PostRow.state == PostState.POSTING.value,
                    PostRow.attempt_id == attempt_id,
                )
                .values(state=state.value, updated_at=self._clock(), **values)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def _new_row(self, subject: str, vote_id: int | None, network: str, generation: int) -> PostRow:
        now = self._clock()
        return PostRow(
            subject=subject,
            vote_id=vote_id,
            network=network,
            generation=generation,
            state=PostState.PENDING.value,
            attempts=0,
            created_at=now,
            updated_at=now,
        )


def _record(row: PostRow, symbol: str | None) -> PostRecord:
    """`symbol`: the vote's, for a vote's post; a period scorecard is called by its subject.
    A post in another language than English is called with it: "S/2016/846 (fr)"."""
    language = split_subject(row.subject)[1]
    if symbol is None:
        symbol = row.subject
    elif language != ENGLISH:
        symbol = f"{symbol} ({language})"
    return PostRecord(
        id=row.id,
        subject=row.subject,
        vote_id=row.vote_id,
        symbol=symbol,
        network=row.network,
        generation=row.generation,
        state=PostState(row.state),
        attempt_id=row.attempt_id,
        attempts=row.attempts,
        last_error=row.last_error,
        not_before=row.not_before,
        platform_id=row.platform_id,
        platform_url=row.platform_url,
        platform_cid=row.platform_cid,
        claimed_by=row.claimed_by,
        prepared_texts=json.loads(row.prepared_texts) if row.prepared_texts else None,
        updated_at=row.updated_at,
        created_at=row.created_at,
        posted_at=row.posted_at,
    )


def _lock_key(network: str | None) -> int:
    """A stable 63-bit key per network for PostgreSQL's advisory lock."""
    import hashlib

    digest = hashlib.sha256(f"actbot-cap:{network}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


def _symbol(session: Session, vote_id: int | None) -> str | None:
    if vote_id is None:
        return None
    return session.scalar(select(VoteRow.symbol).where(VoteRow.id == vote_id))
