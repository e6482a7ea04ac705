"""Votes in and out of the database, as domain objects."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.exc import IntegrityError
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
from bot.domain.reconcile import (
    TRUSTED_ALONE,
    Difference,
    TallyFacts,
    may_reclassify,
    standing,
    status_change,
    tally_differences,
    vote_differences,
)
from bot.domain.symbols import (
    DraftSymbol,
    ResolutionSymbol,
    Symbol,
    SymbolError,
    parse_draft_symbol,
    parse_resolution_symbol,
    parse_symbol,
)
from storage.models import BallotRow, RejectionRow, ReportRow, SourceRow, VoteRow

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Change(StrEnum):
    NEW = "new"
    CHANGED = "changed"  # the facts changed: the only source corrected itself
    CONFIRMED = "confirmed"  # a second source agreed
    HELD = "held"  # sources disagree: the operator decides
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Recorded:
    change: Change
    stored: StoredVote
    differences: tuple[str, ...]
    reclassified: str = ""  # "yes -> undecided" when a higher-ranked decider changed it


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

    def record(
        self, source: str, vote: Vote, *, trusted_alone: tuple[str, ...] = TRUSTED_ALONE
    ) -> Recorded:
        """Store what `source` says about a vote, and re-decide how far the vote is trusted.

        The stored facts change only when a new vote arrives, or when the only source that
        reported it corrects itself; any other disagreement holds the vote for the operator.
        An operator's classification is never overwritten by data or rules. Two processes
        inserting the same new vote at once meet on its unique symbol: the loser's
        transaction is rolled back and it records the report against the winner's row.
        """
        try:
            return self._record(source, vote, trusted_alone)
        except IntegrityError:
            return self._record(source, vote, trusted_alone)

    def _record(self, source: str, vote: Vote, trusted_alone: tuple[str, ...]) -> Recorded:
        now = self._clock()
        digest = fingerprint(vote)
        reclassified = ""
        with self._sessions.begin() as session:
            row = self._find_row(session, vote.draft_symbol, vote.resolution_symbol)
            if row is None:
                row = VoteRow(created_at=now, review_note="", accepted_by_operator=False)
                _write_facts(row, vote, digest, now)
                _write_classification(row, vote.classification)
                session.add(row)
                change = Change.NEW
            else:
                change = Change.UNCHANGED
                sole_source = all(report.source == source for report in row.reports)
                if sole_source and row.fingerprint != digest and not row.accepted_by_operator:
                    _write_facts(row, vote, digest, now)
                    change = Change.CHANGED
                elif sole_source and _details(row) != _details_of(vote):
                    _write_details(row, vote)  # a corrected title is not a disputed vote
                    row.updated_at = now
                before = _classification(row)
                if may_reclassify(vote.classification, before):
                    _write_classification(row, vote.classification)
                    row.updated_at = now
                    if before.atrocity is not vote.classification.atrocity:
                        reclassified = f"{before.atrocity} -> {vote.classification.atrocity}"
            self._save_report(row, source, facts_json(vote), digest, now)
            _merge_sources(row, vote.sources)
            change = self._restand(row, change, trusted_alone, now)
            session.flush()
            return Recorded(change, _stored(row), tuple(row.review_note.splitlines()), reclassified)

    def record_tally(
        self,
        source: str,
        symbols: tuple[DraftSymbol | None, ResolutionSymbol | None],
        facts: TallyFacts,
        source_ref: SourceRef,
        *,
        trusted_alone: tuple[str, ...] = TRUSTED_ALONE,
    ) -> Recorded | None:
        """A tally-only report: confirms or contradicts a stored vote; None if none is stored."""
        now = self._clock()
        payload = tally_json(facts)
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        with self._sessions.begin() as session:
            row = self._find_row(session, *symbols)
            if row is None:
                return None
            self._save_report(row, source, payload, digest, now)
            _merge_sources(row, (source_ref,))
            change = self._restand(row, Change.UNCHANGED, trusted_alone, now)
            session.flush()
            return Recorded(change, _stored(row), tuple(row.review_note.splitlines()))

    def _save_report(
        self, row: VoteRow, source: str, facts: dict[str, Any], digest: str, now: datetime
    ) -> None:
        report = next((r for r in row.reports if r.source == source), None)
        if report is None:
            row.reports.append(
                ReportRow(
                    source=source,
                    facts=json.dumps(facts, sort_keys=True),
                    fingerprint=digest,
                    received_at=now,
                )
            )
            new_facts = True
        else:
            new_facts = report.fingerprint != digest
            report.facts = json.dumps(facts, sort_keys=True)
            report.fingerprint = digest
            report.received_at = now
        if new_facts and row.accepted_by_operator and _report_differences(row, facts):
            row.accepted_by_operator = False  # a new disagreement reopens the review

    def _restand(
        self, row: VoteRow, change: Change, trusted_alone: tuple[str, ...], now: datetime
    ) -> Change:
        before = VoteStatus(row.status) if row.status else None
        facts = {report.source: json.loads(report.facts) for report in row.reports}
        decided = standing(
            {source: _report_differences(row, said) for source, said in facts.items()},
            per_member=[source for source, said in facts.items() if "ballots" in said],
            trusted_alone=trusted_alone,
            accepted=row.accepted_by_operator,
            rejected=before is VoteStatus.REJECTED,
        )
        row.status = decided.status.value
        row.review_note = "\n".join(decided.differences)
        if decided.status is not before:
            row.updated_at = now
        if change is not Change.UNCHANGED:
            return change
        return Change(status_change(before, decided.status) or Change.UNCHANGED)

    def accept(self, vote_id: int, source: str | None = None) -> StoredVote:
        """The operator vouches for the stored facts, or for those one source reported."""
        now = self._clock()
        with self._sessions.begin() as session:
            row = session.scalars(_select_votes().where(VoteRow.id == vote_id)).one()
            if source is not None:
                report = next((r for r in row.reports if r.source == source), None)
                if report is None or "ballots" not in json.loads(report.facts):
                    raise LookupError(f"no per-member report from {source!r} for {row.symbol}")
                vote = replace(
                    _vote_from_facts(json.loads(report.facts), _stored(row).vote),
                    sources=_stored(row).vote.sources,
                )
                _write_facts(row, vote, fingerprint(vote), now)
            row.accepted_by_operator = True
            row.status = VoteStatus.PROVISIONAL.value  # leave REJECTED, then re-decide
            self._restand(row, Change.UNCHANGED, TRUSTED_ALONE, now)
            session.flush()
            return _stored(row)

    def reject(self, vote_id: int) -> StoredVote:
        """The operator rules the vote wrong: it stays on record and is never posted."""
        with self._sessions.begin() as session:
            row = session.scalars(_select_votes().where(VoteRow.id == vote_id)).one()
            row.status = VoteStatus.REJECTED.value
            row.accepted_by_operator = False
            row.updated_at = self._clock()
            session.flush()
            return _stored(row)

    def held(self) -> list[tuple[StoredVote, tuple[str, ...]]]:
        """Votes waiting for the operator, with what the sources disagree on."""
        with self._sessions() as session:
            rows = session.scalars(
                _select_votes()
                .where(VoteRow.status == VoteStatus.HELD.value)
                .order_by(VoteRow.date)
            )
            return [(_stored(row), tuple(row.review_note.splitlines())) for row in rows]

    def note_rejection(
        self, source: str, symbol: str | None, reason: str, url: str | None, excerpt: str
    ) -> bool:
        """Keep what a source said that could not be read; True the first time it is seen.

        A source cannot mark a decision procedural, so it refuses one adopted over a permanent
        member's "no"; when the curated record already says procedural, there is nothing to
        review and nothing is kept.
        """
        if symbol and self._is_curated_procedural(symbol):
            return False
        now = self._clock()
        with self._sessions.begin() as session:
            row = session.scalars(
                select(RejectionRow).where(
                    RejectionRow.source == source,
                    RejectionRow.symbol == (symbol or ""),
                    RejectionRow.reason == reason[:500],
                )
            ).first()
            if row is not None:
                row.last_seen = now
                return False
            session.add(
                RejectionRow(
                    source=source,
                    symbol=symbol or "",
                    reason=reason[:500],
                    url=url,
                    excerpt=excerpt,
                    first_seen=now,
                    last_seen=now,
                    dismissed=False,
                )
            )
            return True

    def open_rejections(self) -> list[RejectionRow]:
        with self._sessions() as session:
            query = select(RejectionRow).where(RejectionRow.dismissed.is_(False))
            return list(session.scalars(query.order_by(RejectionRow.first_seen)))

    def dismiss_rejections(self, symbol: str) -> int:
        with self._sessions.begin() as session:
            rows = session.scalars(select(RejectionRow).where(RejectionRow.symbol == symbol))
            count = 0
            for row in rows:
                row.dismissed = True
                count += 1
            return count

    def _is_curated_procedural(self, symbol: str) -> bool:
        try:
            stored = self.get(symbol)
        except SymbolError:
            return False
        return stored is not None and stored.vote.procedural

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(VoteRow)) or 0)

    def check_writable(self) -> None:
        """Raise if the database refuses writes (a read-only file, folder or user): a write
        statement that changes nothing, in a transaction that is rolled back."""
        with self._sessions() as session:
            session.execute(
                text("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0")
            )
            session.rollback()

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


def facts_json(vote: Vote) -> dict[str, Any]:
    """The facts of a per-member report, as stored in vote_reports.facts."""
    return {
        "draft": str(vote.draft_symbol) if vote.draft_symbol else None,
        "resolution": str(vote.resolution_symbol) if vote.resolution_symbol else None,
        "date": vote.date.isoformat(),
        "outcome": vote.outcome.value,
        "ballots": {ballot.iso3: ballot.choice.value for ballot in vote.ballots},
        "procedural": vote.procedural,
    }


def tally_json(facts: TallyFacts) -> dict[str, Any]:
    return {
        "date": facts.date.isoformat(),
        "outcome": facts.outcome.value,
        "tally": list(facts.tally) if facts.tally else None,
        "vetoed_by": sorted(facts.vetoed_by),
    }


def _vote_from_facts(facts: dict[str, Any], stored: Vote) -> Vote:
    names = {ballot.iso3: ballot.name for ballot in stored.ballots}
    return replace(
        stored,
        draft_symbol=parse_draft_symbol(facts["draft"]) if facts["draft"] else None,
        resolution_symbol=(
            parse_resolution_symbol(facts["resolution"]) if facts["resolution"] else None
        ),
        date=date.fromisoformat(facts["date"]),
        outcome=Outcome(facts["outcome"]),
        ballots=tuple(
            Ballot(code, names.get(code, code), Choice(choice))
            for code, choice in facts["ballots"].items()
        ),
        procedural=facts.get("procedural", False),  # reports stored before 0008 have none
    )


def _report_differences(row: VoteRow, facts: dict[str, Any]) -> list[Difference]:
    stored = _stored(row).vote
    if "ballots" in facts:
        return vote_differences(stored, _vote_from_facts(facts, stored))
    tally = facts.get("tally")
    return tally_differences(
        stored,
        TallyFacts(
            date=date.fromisoformat(facts["date"]),
            outcome=Outcome(facts["outcome"]),
            tally=(tally[0], tally[1], tally[2]) if tally else None,
            vetoed_by=tuple(facts["vetoed_by"]),
        ),
    )


def _details(row: VoteRow) -> tuple[str | None, str, str, str, str]:
    return (row.meeting, row.title, row.short_title, row.agenda, row.cross_check)


def _details_of(vote: Vote) -> tuple[str | None, str, str, str, str]:
    return (vote.meeting, vote.title, vote.short_title, vote.agenda, vote.cross_check)


def _write_details(row: VoteRow, vote: Vote) -> None:
    """What describes the vote (title, agenda, meeting), not how members voted."""
    row.meeting, row.title, row.short_title, row.agenda, row.cross_check = _details_of(vote)


def _write_facts(row: VoteRow, vote: Vote, digest: str, now: datetime) -> None:
    row.symbol = str(vote.symbol)
    row.draft_symbol = str(vote.draft_symbol) if vote.draft_symbol else None
    row.resolution_symbol = str(vote.resolution_symbol) if vote.resolution_symbol else None
    row.resolution_number = vote.resolution_symbol.number if vote.resolution_symbol else None
    row.date = vote.date
    _write_details(row, vote)
    row.outcome = vote.outcome.value
    row.procedural = vote.procedural
    row.status = vote.status.value
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
    """Add the sources the vote does not cite yet. A document with an id (a press release
    SC/12545) is one source whatever URL it was read from, or none (a saved copy)."""
    known = {(source.publisher, source.url, source.ref_id) for source in row.sources}
    documents = {(source.publisher, source.ref_id) for source in row.sources if source.ref_id}
    for source in sources:
        if (source.publisher, source.url, source.id) in known:
            continue
        if source.id and (source.publisher, source.id) in documents:
            continue  # the same release again, e.g. imported from a saved copy
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
        procedural=row.procedural,
    )
    return StoredVote(row.id, vote, row.fingerprint)
