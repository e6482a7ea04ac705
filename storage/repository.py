"""Votes in and out of the database, as domain objects."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.domain.model import (
    Classification,
    SourceRef,
    Vote,
    VoteStatus,
    fingerprint,
)
from bot.domain.reconcile import (
    TRUSTED_ALONE,
    TallyFacts,
    may_reclassify,
    standing,
    status_change,
)
from bot.domain.symbols import (
    DraftSymbol,
    ResolutionSymbol,
)
from storage.models import RejectionRow, ReportRow, VoteRow
from storage.rows import (
    StoredVote,
    classification_of,
    details,
    details_of,
    facts_json,
    merge_sources,
    report_differences,
    stored_vote,
    tally_json,
    vote_from_facts,
    write_classification,
    write_details,
    write_facts,
)
from storage.vote_reader import VoteReader, select_votes


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


class VoteRepository(VoteReader):
    """Stores what sources and the operator say about votes; one short transaction per call."""

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

    def record_many(
        self,
        source: str,
        votes: Sequence[Vote],
        *,
        trusted_alone: tuple[str, ...] = TRUSTED_ALONE,
        progress: Callable[[int, int], None] | None = None,
        batch: int = 250,
    ) -> list[Recorded]:
        """`record` for many votes, `batch` to a transaction: a first load or an import of
        the Library's whole record commits a few dozen times, not once per vote.

        A batch that meets another process's insert is rolled back and recorded vote by
        vote, as `record` does."""
        recorded: list[Recorded] = []
        for start in range(0, len(votes), batch):
            chunk = votes[start : start + batch]
            try:
                recorded += self._record_batch(source, chunk, trusted_alone)
            except IntegrityError:
                recorded += [self.record(source, v, trusted_alone=trusted_alone) for v in chunk]
            if progress is not None:
                progress(len(recorded), len(votes))
        return recorded

    def _record(self, source: str, vote: Vote, trusted_alone: tuple[str, ...]) -> Recorded:
        with self._sessions.begin() as session:
            row = self._find_row(session, vote.draft_symbol, vote.resolution_symbol)
            return self._apply(session, row, source, vote, trusted_alone, self._clock())[0]

    def _record_batch(
        self, source: str, votes: Sequence[Vote], trusted_alone: tuple[str, ...]
    ) -> list[Recorded]:
        now = self._clock()
        with self._sessions.begin() as session:
            drafts = [str(vote.draft_symbol) for vote in votes if vote.draft_symbol]
            resolutions = [str(v.resolution_symbol) for v in votes if v.resolution_symbol]
            query = select_votes().options(selectinload(VoteRow.reports))
            query = query.where(
                or_(VoteRow.draft_symbol.in_(drafts), VoteRow.resolution_symbol.in_(resolutions))
            )
            rows: dict[str, VoteRow] = {}
            for row in session.scalars(query):
                rows.update(dict.fromkeys(_keys(row.draft_symbol, row.resolution_symbol), row))
            recorded = []
            for vote in votes:
                keys = _keys(vote.draft_symbol, vote.resolution_symbol)
                found = next((rows[key] for key in keys if key in rows), None)
                result, row = self._apply(session, found, source, vote, trusted_alone, now)
                rows.update(dict.fromkeys(_keys(row.draft_symbol, row.resolution_symbol), row))
                recorded.append(result)
            return recorded

    def _apply(
        self,
        session: Session,
        row: VoteRow | None,
        source: str,
        vote: Vote,
        trusted_alone: tuple[str, ...],
        now: datetime,
    ) -> tuple[Recorded, VoteRow]:
        """What `record` does to one vote's row (None: not stored yet), in `session`."""
        digest = fingerprint(vote)
        reclassified = ""
        if row is None:
            row = VoteRow(created_at=now, review_note="", accepted_by_operator=False)
            write_facts(row, vote, digest, now)
            write_classification(row, vote.classification)
            session.add(row)
            change = Change.NEW
        else:
            change = Change.UNCHANGED
            sole_source = all(report.source == source for report in row.reports)
            if sole_source and row.fingerprint != digest and not row.accepted_by_operator:
                write_facts(row, vote, digest, now)
                change = Change.CHANGED
            elif sole_source and details(row) != details_of(vote):
                write_details(row, vote)  # a corrected title is not a disputed vote
                row.updated_at = now
            before = classification_of(row)
            if may_reclassify(vote.classification, before):
                write_classification(row, vote.classification)
                row.updated_at = now
                if before.atrocity is not vote.classification.atrocity:
                    reclassified = f"{before.atrocity} -> {vote.classification.atrocity}"
        self._save_report(row, source, facts_json(vote), digest, now)
        merge_sources(row, vote.sources)
        change = self._restand(row, change, trusted_alone, now)
        session.flush()
        notes = tuple(row.review_note.splitlines())
        return Recorded(change, stored_vote(row), notes, reclassified), row

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
            merge_sources(row, (source_ref,))
            change = self._restand(row, Change.UNCHANGED, trusted_alone, now)
            session.flush()
            return Recorded(change, stored_vote(row), tuple(row.review_note.splitlines()))

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
            if new_facts:  # the same report again changes nothing, not even its date
                report.facts = json.dumps(facts, sort_keys=True)
                report.fingerprint = digest
                report.received_at = now
        if new_facts and row.accepted_by_operator and report_differences(row, facts):
            row.accepted_by_operator = False  # a new disagreement reopens the review

    def _restand(
        self, row: VoteRow, change: Change, trusted_alone: tuple[str, ...], now: datetime
    ) -> Change:
        before = VoteStatus(row.status) if row.status else None
        facts = {report.source: json.loads(report.facts) for report in row.reports}
        decided = standing(
            {source: report_differences(row, said) for source, said in facts.items()},
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
            row = session.scalars(select_votes().where(VoteRow.id == vote_id)).one()
            if source is not None:
                report = next((r for r in row.reports if r.source == source), None)
                if report is None or "ballots" not in json.loads(report.facts):
                    raise LookupError(f"no per-member report from {source!r} for {row.symbol}")
                vote = replace(
                    vote_from_facts(json.loads(report.facts), stored_vote(row).vote),
                    sources=stored_vote(row).vote.sources,
                )
                write_facts(row, vote, fingerprint(vote), now)
            row.accepted_by_operator = True
            row.status = VoteStatus.PROVISIONAL.value  # leave REJECTED, then re-decide
            self._restand(row, Change.UNCHANGED, TRUSTED_ALONE, now)
            session.flush()
            return stored_vote(row)

    def reject(self, vote_id: int) -> StoredVote:
        """The operator rules the vote wrong: it stays on record and is never posted."""
        with self._sessions.begin() as session:
            row = session.scalars(select_votes().where(VoteRow.id == vote_id)).one()
            row.status = VoteStatus.REJECTED.value
            row.accepted_by_operator = False
            row.updated_at = self._clock()
            session.flush()
            return stored_vote(row)

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

    def dismiss_rejections(self, symbol: str) -> int:
        with self._sessions.begin() as session:
            rows = session.scalars(select(RejectionRow).where(RejectionRow.symbol == symbol))
            count = 0
            for row in rows:
                row.dismissed = True
                count += 1
            return count

    def check_writable(self) -> None:
        """Raise if the database refuses writes (a read-only file, folder or user): a write
        statement that changes nothing, in a transaction that is rolled back."""
        with self._sessions() as session:
            session.execute(
                text("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0")
            )
            session.rollback()

    def classify(self, vote_id: int, classification: Classification) -> None:
        with self._sessions.begin() as session:
            row = session.get_one(VoteRow, vote_id)
            write_classification(row, classification)
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
        return session.scalars(select_votes().where(or_(*conditions))).first()


def _keys(draft: object, resolution: object) -> list[str]:
    """How a batch finds a vote's row: by either of its symbols."""
    return [f"draft {draft}"] * bool(draft) + [f"resolution {resolution}"] * bool(resolution)
