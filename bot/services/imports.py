"""Importing a UN publication by hand: check what was parsed against the Council's rules,
store the good votes with their sources, and say what was left out and why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from bot.app import App
from bot.domain import rules
from bot.domain.classify import propose
from bot.domain.model import Vote
from bot.sources.base import Rejection

CSV_SOURCE = "un-voting-data-csv"
"""The source name of votes read from the Library's voting-data CSV."""


@dataclass
class Imported:
    votes: list[Vote] = field(default_factory=list)  # stored (or, in a dry run, found)
    problems: list[str] = field(default_factory=list)


def store_imported(
    app: App,
    source: str,
    results: Sequence[Vote | Rejection],
    *,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> Imported:
    """Every parsed vote that keeps the Council's rules is stored (not in a dry run), a few
    hundred to a transaction; a rejection is noted for review; a disagreement with what is
    stored is held."""
    outcome = Imported()
    good: list[Vote] = []
    for result in results:
        if isinstance(result, Rejection):
            outcome.problems.append(str(result))
            if not dry_run:
                app.votes.note_rejection(
                    source, result.symbol, result.reason, result.url, result.excerpt
                )
            continue
        broken = rules.problems(result, app.reference.membership)
        if broken:
            outcome.problems.append(f"skipped {result.symbol}: " + "; ".join(broken))
        else:
            good.append(result)
    proposed = [replace(vote, classification=propose(vote)) for vote in good]
    if dry_run:
        outcome.votes += proposed
    else:
        for recorded in app.votes.record_many(source, proposed, progress=progress):
            outcome.votes.append(recorded.stored.vote)
            symbol = recorded.stored.vote.symbol
            outcome.problems += [
                f"{symbol} held for review: {difference}" for difference in recorded.differences
            ]
    if not results:
        outcome.problems.append("no Security Council vote found in it")
    return outcome
