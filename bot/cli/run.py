"""`actbot run`: the scheduler, or one poll cycle with --once, and the report of a cycle."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from bot.cli.support import Context, pass_context, say, terminal_progress, user_errors

if TYPE_CHECKING:
    from bot.pipeline import CycleReport


@click.command()
@click.option("--once", is_flag=True, help="Run one poll cycle, print what happened, and exit.")
@pass_context
def run(context: Context, once: bool) -> None:
    """Poll the vote sources on a schedule, store new votes and post due cards.

    With --once: one cycle, then exit 0 when everything went well, 1 when a source or a
    post failed (the rest of the cycle still ran).
    """
    with user_errors():
        app = context.app
        # a cycle with nothing new writes nothing, so ask now: a database that cannot take
        # the next vote is a fault to tell at start, not on the day a veto comes in
        app.votes.check_writable()
        if once:
            from bot.logs import quiet_reported

            quiet_reported()  # the report below shows each post; not logged twice
            report = app.pipeline().run_cycle(progress=terminal_progress())
            print_report(report)
            app.notifier().tell(report)
            sys.exit(0 if report.ok else 1)
        from bot.scheduler import run_forever

        run_forever(app, on_cycle=_log_report)


def _log_report(report: CycleReport) -> None:
    import logging

    logging.getLogger("bot.cycle").info(
        "cycle: %d new, %d changed, %d posted, %d failed, %d source errors",
        len(report.new),
        len(report.changed),
        len(report.posted),
        len(report.failed),
        len(report.source_errors),
    )


def _some(symbols: list[str], shown: int = 8) -> str:
    """ ": S/2016/846, S/2016/847 and 184 more" - a first load does not print 186 symbols."""
    if not symbols:
        return ""
    rest = len(symbols) - shown
    return ": " + ", ".join(symbols[:shown]) + (f" and {rest} more" if rest > 0 else "")


def print_report(report: CycleReport, *, polled: bool = True) -> None:
    """What a cycle (or, with polled=False, a `post`) did, in plain lines."""
    echo = say
    for line in report.reconciled:
        echo(f"reconciled: {line}")
    if polled or report.new:
        echo(f"{len(report.new)} new vote(s){_some(report.new)}")
    if report.changed:
        echo(f"{len(report.changed)} changed vote(s): " + ", ".join(report.changed))
    for line in report.reclassified:
        echo(f"reclassified (atrocity-related): {line}")
    if report.confirmed:
        echo(
            f"{len(report.confirmed)} vote(s) confirmed by a second source: "
            + ", ".join(report.confirmed)
        )
    for line in report.held:
        echo(f"held for review: {line}", err=True)
    echo(f"{len(report.posted)} post(s) made")
    for symbol, network, where in report.posted:
        echo(f"  posted {symbol} on {network}: {where}")
    for symbol, network, why in report.waiting:
        echo(f"  NOT POSTED {symbol} on {network} (will retry): {why}", err=True)
    for symbol, network, why in report.failed:
        echo(f"  FAILED {symbol} on {network}: {why}", err=True)
    for error in report.source_errors:
        echo(f"source problem: {error}", err=True)
    for alert in report.alerts:
        echo(f"ALERT: {alert}", err=True)
    if report.stopped_early:
        echo("stopped before all due posts were made; the next run continues")


COMMANDS = [run]
