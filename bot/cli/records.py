"""`actbot export` and `actbot status`: what is stored, as data or as a list."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import click

from bot.cli.support import Context, fail, pass_context, user_errors

if TYPE_CHECKING:
    from storage.rows import StoredVote


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--symbol", help="Only this vote (any spelling of its symbol).")
@pass_context
def export(context: Context, fmt: str, symbol: str | None) -> None:
    """Print stored votes as JSON (a list of objects) or CSV (one row per vote)."""
    from bot.export import vote_to_dict

    with user_errors():
        app = context.app
        if symbol:
            stored = app.votes.get(symbol)
            if stored is None:
                fail(f"no stored vote {symbol!r}")
            votes: Iterable[StoredVote] = [stored]
        else:
            votes = app.votes.each()  # streamed: constant memory whatever the record's size
        rows = (vote_to_dict(app.scorecard(stored)) for stored in votes)
        write = _json_lines if fmt == "json" else _csv_lines
        for chunk in write(rows):
            click.echo(chunk, nl=False)


def _json_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The same text as json.dumps(list_of_rows, indent=2), one row at a time."""
    first = True
    for row in rows:
        body = json.dumps(row, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + body
        first = False
    yield "[]\n" if first else "\n]\n"


def _csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    columns = [
        "symbol",
        "draft_symbol",
        "resolution_symbol",
        "date",
        "meeting",
        "outcome",
        "procedural",
        "yes",
        "no",
        "abstain",
        "not_voting",
        "vetoed_by",
        "atrocity_related",
        "signatories",
        "signatories_as_of",
        "signatory_status",
        "votes",
        "title",
        "sources",
        "licence",
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    yield _taken(buffer)
    for row in rows:
        flat = dict(row)
        flat["vetoed_by"] = " ".join(row["vetoed_by"])
        flat["signatories"] = " ".join(row["signatories"])
        flat["signatory_status"] = " ".join(
            f"{code}:{fact['status'].replace(' ', '_')}"
            for code, fact in row["signatory_status"].items()
        )
        flat["votes"] = " ".join(f"{code}:{choice}" for code, choice in row["votes"].items())
        flat["sources"] = " | ".join(s.get("url") or s["publisher"] for s in row["sources"])
        flat.update(row["tally"])  # one column per count
        flat["atrocity_related"] = {True: "true", False: "false", None: ""}[row["atrocity_related"]]
        flat["procedural"] = "true" if row["procedural"] else "false"
        writer.writerow(flat)
        yield _taken(buffer)


def _taken(buffer: io.StringIO) -> str:
    """What the CSV writer wrote since the last call."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


@click.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@pass_context
def status(context: Context, limit: int) -> None:
    """List the most recent stored votes and their post state on each network."""
    from storage.outbox import PostState

    with user_errors():
        app = context.app
        votes = app.votes.all(newest_first=True, limit=limit)
        if not votes:
            click.echo("no votes stored yet; run `actbot run --once`")
            return
        for stored in votes:
            vote = stored.vote
            records = app.outbox.records(vote_id=stored.id)
            states = ", ".join(
                f"{r.network}: {r.state}"
                + (f" ({r.last_error})" if r.state is PostState.FAILED else "")
                for r in records
            )
            tally = vote.tally
            click.echo(
                f"{vote.date}  {vote.symbol!s:<20} {vote.outcome:<8} "
                f"{tally.yes}-{tally.no}-{tally.abstain}  "
                f"atrocity: {vote.classification.atrocity:<9}  "
                f"{states or 'not queued'}"
            )


COMMANDS = [export, status]
