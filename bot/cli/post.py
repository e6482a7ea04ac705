"""`actbot post`: post one vote or one period now (bot/services/posting.py does it)."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from bot.cli.options import NetworkName, chosen_period, language_option, subject_options
from bot.cli.run import print_report
from bot.cli.support import Context, found_or_fail, pass_context, say, user_errors


@click.command()
@subject_options("Draft or resolution")
@click.option(
    "--network",
    type=NetworkName(),
    default="all",
    show_default=True,
    help="Which network's text to prepare and post.",
)
@click.option(
    "--dry-run", is_flag=True, help="Write the post into the outbox folder instead of a network."
)
@click.option("--force", is_flag=True, help="Post again even where it was already posted.")
@language_option("Post in this language only (default: each of publishing.languages).")
@pass_context
def post(
    context: Context,
    symbol: str | None,
    year: int | None,
    start: datetime | None,
    end: datetime | None,
    network: str,
    dry_run: bool,
    force: bool,
    language: str | None,
) -> None:
    """Post one stored vote (--resolution) or a period scorecard (--period, --from/--to) now,
    whatever the automatic policy says.

    What was already posted is not posted again unless --force is given; --force makes a
    new, separate post (the earlier one stays on record). Each language is its own post.
    """
    period = chosen_period(symbol, year, start, end)
    with user_errors():
        from bot.logs import quiet_reported
        from bot.services import posting

        app = context.app
        languages = (language,) if language else app.settings.publishing.languages
        if period is None:
            assert symbol is not None
            vote_id = found_or_fail(app, symbol).id
            targets = [posting.vote_target(app, vote_id, lang) for lang in languages]
        else:
            targets = [posting.period_target(app, period, lang) for lang in languages]
        quiet_reported()  # the report shows what was posted
        result = posting.post_now(
            app,
            targets,
            network=None if network == "all" else network,
            dry_run=dry_run,
            force=force,
        )
        for note in result.notes:
            say(note)
        print_report(result.report, polled=False)
        app.notifier().tell(result.report)
        if not result.ok:
            sys.exit(1)


COMMANDS = [post]
