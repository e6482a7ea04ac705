"""The export shape of a vote: what `export`, `import --format json` and integrators read."""

from __future__ import annotations

from typing import Any

from bot.domain.scorecard import Scorecard

DATA_LICENCE = (
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/): ACT Scorecard Bot; "
    "each vote's own sources are named in it"
)
"""The open data licence of the record (data/LICENSE.md), named in every exported vote so that
a row copied on its own still says under which terms, and from where."""


def vote_to_dict(card: Scorecard) -> dict[str, Any]:
    vote = card.vote
    tally = vote.tally
    return {
        "symbol": str(vote.symbol),
        "draft_symbol": str(vote.draft_symbol) if vote.draft_symbol else None,
        "resolution_symbol": str(vote.resolution_symbol) if vote.resolution_symbol else None,
        "date": vote.date.isoformat(),
        "meeting": vote.meeting,
        "title": vote.title,
        "short_title": vote.short_title,
        "agenda": vote.agenda,
        "outcome": vote.outcome.value,
        "procedural": vote.procedural,
        "tally": {
            "yes": tally.yes,
            "no": tally.no,
            "abstain": tally.abstain,
            "not_voting": tally.not_voting,
        },
        "vetoed_by": list(vote.vetoed_by),
        "atrocity_related": vote.classification.as_bool,
        "classification": {
            "atrocity": vote.classification.atrocity.value,
            "decided_by": vote.classification.decided_by,
            "reason": vote.classification.reason,
        },
        "votes": {ballot.iso3: ballot.choice.value for ballot in vote.ballots},
        "members": {ballot.iso3: ballot.name for ballot in vote.ballots},
        "signatories": sorted(card.signatories),
        "signatories_as_of": card.signatories_as_of.isoformat(),
        "signatory_status": {
            row.iso3: {"status": row.status.value, "source": row.standing.source}
            for row in sorted(card.rows, key=lambda row: row.iso3)
        },
        "code_context": card.context.value,
        "status": vote.status.value,
        "sources": [
            {
                "publisher": source.publisher,
                "url": source.url,
                "id": source.id,
                "supports": list(source.supports),
                "retrieved_at": source.retrieved_at.isoformat() if source.retrieved_at else None,
            }
            for source in vote.sources
        ],
        "cross_check": vote.cross_check,
        "licence": DATA_LICENCE,
    }
