"""How a vote is laid out in rows: domain objects to and from VoteRow and its reports.

The repository decides what to store; this module only knows where each fact goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from bot.domain.model import (
    Atrocity,
    Ballot,
    Choice,
    Classification,
    Outcome,
    SourceRef,
    Vote,
    VoteStatus,
)
from bot.domain.reconcile import Difference, TallyFacts, tally_differences, vote_differences
from bot.domain.symbols import parse_draft_symbol, parse_resolution_symbol
from storage.models import BallotRow, SourceRow, VoteRow


@dataclass(frozen=True)
class StoredVote:
    """A vote as stored: its row id and the fingerprint of the facts the card shows."""

    id: int
    vote: Vote
    fingerprint: str


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


def vote_from_facts(facts: dict[str, Any], stored: Vote) -> Vote:
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


def report_differences(row: VoteRow, facts: dict[str, Any]) -> list[Difference]:
    stored = stored_vote(row).vote
    if "ballots" in facts:
        return vote_differences(stored, vote_from_facts(facts, stored))
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


def details(row: VoteRow) -> tuple[str | None, str, str, str, str]:
    return (row.meeting, row.title, row.short_title, row.agenda, row.cross_check)


def details_of(vote: Vote) -> tuple[str | None, str, str, str, str]:
    return (vote.meeting, vote.title, vote.short_title, vote.agenda, vote.cross_check)


def write_details(row: VoteRow, vote: Vote) -> None:
    """What describes the vote (title, agenda, meeting), not how members voted."""
    row.meeting, row.title, row.short_title, row.agenda, row.cross_check = details_of(vote)


def write_facts(row: VoteRow, vote: Vote, digest: str, now: datetime) -> None:
    row.symbol = str(vote.symbol)
    row.draft_symbol = str(vote.draft_symbol) if vote.draft_symbol else None
    row.resolution_symbol = str(vote.resolution_symbol) if vote.resolution_symbol else None
    row.resolution_number = vote.resolution_symbol.number if vote.resolution_symbol else None
    row.date = vote.date
    write_details(row, vote)
    row.outcome = vote.outcome.value
    row.procedural = vote.procedural
    row.status = vote.status.value
    row.fingerprint = digest
    row.updated_at = now
    row.ballots = [
        BallotRow(iso3=ballot.iso3, position=index, name=ballot.name, choice=ballot.choice.value)
        for index, ballot in enumerate(vote.ballots)
    ]


def write_classification(row: VoteRow, classification: Classification) -> None:
    row.atrocity = classification.atrocity.value
    row.classified_by = classification.decided_by
    row.classification_reason = classification.reason


def classification_of(row: VoteRow) -> Classification:
    return Classification(Atrocity(row.atrocity), row.classified_by, row.classification_reason)


def merge_sources(row: VoteRow, sources: Sequence[SourceRef]) -> None:
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


def stored_vote(row: VoteRow) -> StoredVote:
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
