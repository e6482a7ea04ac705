"""`actbot import ...`: read a UN publication by hand (bot/services/imports.py stores it)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.cli.support import Context, fail, pass_context, say, terminal_progress, user_errors

if TYPE_CHECKING:
    from bot.app import App
    from bot.domain.model import Vote
    from bot.sources.base import Rejection


@click.group("import")
def import_() -> None:
    """Read a UN publication by hand: parse it, print what was found, store it.

    The output is a JSON list in the shape of `export`; nothing is stored with --dry-run.
    A page that cannot be read, or that holds no vote that could be read cleanly, exits 1
    with the reason.
    """


def _import_options(command: Any) -> Any:
    command = click.option("--dry-run", is_flag=True, help="Parse and print; store nothing.")(
        command
    )
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["json", "text"]),
        default="json",
        show_default=True,
    )(command)


@import_.command("press-release")
@click.argument("target", metavar="PATH_OR_URL")
@_import_options
@pass_context
def import_press_release(context: Context, target: str, dry_run: bool, fmt: str) -> None:
    """A UN Meetings Coverage press release (press.un.org, SC/nnnnn), saved or by URL."""
    from bot.sources.press import SOURCE_NAME, import_release

    with user_errors():
        app = context.app
        fetcher = app.fetcher() if target.startswith(("http://", "https://")) else None
        results = import_release(
            target,
            app.reference.membership,
            app.reference.names,
            fetcher=fetcher,
            retrieved_at=datetime.now(UTC),
        )
        _store_imported(app, SOURCE_NAME, results, dry_run, fmt)


@import_.command("undl")
@click.argument("target", metavar="PATH_OR_URL_OR_RECORD")
@_import_options
@pass_context
def import_undl(context: Context, target: str, dry_run: bool, fmt: str) -> None:
    """A UN Digital Library voting record (MARCXML), saved, by URL, or by record number."""
    from bot.sources import undl

    with user_errors():
        app = context.app
        fetcher = None if Path(target).exists() else app.fetcher()
        results = undl.import_undl(
            target,
            app.reference.names,
            fetcher=fetcher,
            base_url=app.settings.sources.undl.base_url,
            retrieved_at=datetime.now(UTC),
        )
        _store_imported(app, undl.SOURCE_NAME, results, dry_run, fmt)


@import_.command("undl-csv")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@_import_options
@pass_context
def import_undl_csv(context: Context, path: Path, dry_run: bool, fmt: str) -> None:
    """The Dag Hammarskjöld Library's "UN Security Council Voting Data" CSV
    (digitallibrary.un.org/record/4055387): one row per member per adopted resolution.

    Votes of years whose Council membership the bot does not know are skipped and counted.
    """
    from bot.services.imports import CSV_SOURCE
    from bot.sources import undl

    with user_errors():
        app = context.app
        try:
            results = undl.parse_undl_csv(path, app.reference.names, retrieved_at=datetime.now(UTC))
        except OSError as error:
            fail(f"cannot read {path}: {error.strerror}")
        except UnicodeDecodeError:
            fail(f"{path} is not UTF-8 text; the Library's CSV is UTF-8")
        _store_imported(app, CSV_SOURCE, results, dry_run, fmt)


def _store_imported(
    app: App, source: str, results: Sequence[Vote | Rejection], dry_run: bool, fmt: str
) -> None:
    """Store what was read (bot/services/imports.py), print it, and exit 1 if nothing was."""
    from bot.domain.scorecard import build_scorecard
    from bot.export import vote_to_dict
    from bot.services.imports import store_imported

    outcome = store_imported(
        app, source, results, dry_run=dry_run, progress=terminal_progress("importing votes")
    )
    reference = app.reference
    cards = [build_scorecard(vote, reference.registry, reference.names) for vote in outcome.votes]
    if fmt == "json":
        click.echo(json.dumps([vote_to_dict(card) for card in cards], indent=2, ensure_ascii=False))
    else:
        for card in cards:
            vote = card.vote
            click.echo(f"{vote.symbol} {vote.date} {vote.outcome} {vote.tally} ({vote.status})")
    for problem in outcome.problems:
        say(problem, err=True)
    verb = "found" if dry_run else "stored"
    say(f"{len(outcome.votes)} vote(s) {verb}, {len(outcome.problems)} problem(s)", err=True)
    if not outcome.votes:
        sys.exit(1)


COMMANDS = [import_]
