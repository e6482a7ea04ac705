"""`actbot check`, `check-data`, `health` and `notify`: is everything ready, and is it running?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.support import Context, fail, pass_context, say, user_errors


@click.command()
@pass_context
def check(context: Context) -> None:
    """Check the configuration, the data, the database and each network's credentials,
    without posting anything; say what is wrong in plain words.
    """
    from bot.services.checks import check_all

    with user_errors():
        app = context.app
        findings = check_all(app, str(context.config_path or "(built-in defaults)"))
    for finding in findings:
        say(("ok       " if finding.ok else "PROBLEM  ") + finding.what)
    if not all(finding.ok for finding in findings):
        sys.exit(1)


@click.command()
@click.option("--test", "test", is_flag=True, help="Send a test message to every service.")
@pass_context
def notify(context: Context, test: bool) -> None:
    """Notifications through Apprise ([notifications] urls, ACTBOT_NOTIFY_URLS): with --test,
    send a test message and exit 1 if it did not go out."""
    with user_errors():
        notifier = context.app.notifier()
        if not notifier.configured:
            fail("no notification URL: set [notifications] urls or ACTBOT_NOTIFY_URLS")
        if notifier.invalid:
            fail(f"{len(notifier.invalid)} notification URL(s) not understood by Apprise")
        if not test:
            say(f"{notifier.services} notification service(s) configured; --test sends one")
            return
        if not notifier.send("Test message: notifications from the ACT Scorecard Bot work."):
            fail("the test notification was not accepted; see the warning above")
        say("test notification sent")


@click.command("check-data")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@pass_context
def check_data(context: Context, paths: tuple[Path, ...]) -> None:
    """Check the bundled data (or the given vote files) against the Council rules."""
    from bot.reference import load_reference, vote_files
    from bot.sources.bundled import read_record

    with user_errors():
        data_dir = context.settings.sources.bundled.data_dir
        reference = load_reference(data_dir)
        files = list(paths) or vote_files(data_dir)
        _, problems = read_record(files, reference)
        for problem in problems:
            say(problem, err=True)
        if problems:
            sys.exit(1)
        click.echo(f"{len(files)} vote file(s) OK")


@click.command()
@click.option(
    "--max-age",
    default=120,
    show_default=True,
    type=click.IntRange(1),
    help="Seconds after which the heartbeat counts as stale.",
)
@pass_context
def health(context: Context, max_age: int) -> None:
    """Exit 0 when the scheduler's heartbeat is fresh and its poll cycles keep finishing
    (the Docker health check)."""
    from bot.scheduler import cycle_stamp, heartbeat_age

    with user_errors():
        scheduler = context.settings.scheduler
        path = scheduler.heartbeat_file
        age = heartbeat_age(path)
        if age is None:
            fail(f"no heartbeat at {path}")
        if age > max_age:
            fail(f"heartbeat is {age:.0f} s old (limit {max_age} s)")
        cycle_age = heartbeat_age(cycle_stamp(path))
        cycle_limit = 3 * scheduler.poll_interval_minutes * 60 + scheduler.misfire_grace_seconds
        if cycle_age is not None and cycle_age > cycle_limit:
            fail(f"the last poll cycle finished {cycle_age / 60:.0f} minutes ago; one may hang")
        click.echo(f"healthy: heartbeat {age:.0f} s old")


@click.command()
@click.option("--example", is_flag=True, help="Print .env.example: every setting's default.")
@pass_context
def settings(context: Context, example: bool) -> None:
    """Print the settings in effect as ACTBOT_<SECTION>__<KEY>=value lines (from the config
    file and the environment; notification URLs masked, secrets never shown)."""
    from bot.config import environment_example
    from bot.config_env import current_values
    from storage.db import safe_url

    if example:
        click.echo(environment_example(), nl=False)
        return
    with user_errors():
        values = list(current_values(context.settings))
    for variable, value in values:
        if variable == "ACTBOT_NOTIFICATIONS__URLS" and value:
            value = "(set, not shown: the URLs hold tokens)"
        if variable == "ACTBOT_DATABASE__URL":
            value = safe_url(value)
        click.echo(f"{variable}={value}")


COMMANDS = [check, check_data, health, notify, settings]
