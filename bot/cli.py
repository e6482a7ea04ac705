"""The command line: `actbot` and `python run_bot.py` are this one click group.

User errors (bad symbols, broken config, unreadable data) print one clear line and exit
non-zero; tracebacks are for bugs only.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from bot import __version__
from bot.app import App, period_label, period_subject
from bot.cli_cards import period_from_options, render
from bot.cli_signatories import signatories
from bot.cli_support import Context, fail, found_or_fail, pass_context, say, user_errors
from bot.config import ConfigError
from bot.domain.classify import propose
from bot.domain.model import Atrocity, Classification, Vote
from bot.domain.scorecard import build_scorecard
from bot.domain.symbols import parse_symbol
from bot.export import vote_to_dict
from bot.pipeline import CycleReport
from bot.publishers.base import Publisher
from bot.publishers.dry_run import DryRunPublisher
from bot.sources.base import Rejection
from storage.outbox import PostRecord, PostState, vote_subject
from storage.repository import StoredVote


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config file (default: ./config.toml when present, else built-in defaults).",
)
@click.option(
    "--new-database",
    is_flag=True,
    help="Create the database even though an earlier run left its state (outbox, heartbeat, "
    "session): only to start over on purpose.",
)
@click.version_option(__version__, prog_name="actbot")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, new_database: bool) -> None:
    """ACT Scorecard Bot: posts how UN Security Council members vote on atrocity-related
    drafts, and whether each signed the ACT Code of Conduct.

    Without a config file it reads the bundled record, stores it in ./var/actbot.sqlite3
    and writes every card it would post into ./var/outbox/ (a dry run: nothing leaves
    this machine).
    """
    from bot.logs import forget_configuration

    forget_configuration()  # each command sets up logging from its own settings
    ctx.obj = Context(config_path, new_database=new_database)


cli.add_command(render)
cli.add_command(signatories)


@cli.command()
@click.option("--once", is_flag=True, help="Run one poll cycle, print what happened, and exit.")
@pass_context
def run(context: Context, once: bool) -> None:
    """Poll the vote sources on a schedule, store new votes and post due cards.

    With --once: one cycle, then exit 0 when everything went well, 1 when a source or a
    post failed (the rest of the cycle still ran).
    """
    with user_errors():
        app = context.app
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


def terminal_progress() -> Callable[[int, int], None] | None:
    """A progress line on a terminal while many votes are stored (a first load)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= 50 and (done % 25 == 0 or done == total):
            end = "\n" if done == total else "\r"
            click.echo(f"storing votes: {done}/{total}", err=True, nl=False)
            click.echo(end, err=True, nl=False)

    return show


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


NETWORK_CHOICES = ["x", "bluesky", "all"]


@cli.command()
@click.option(
    "--resolution",
    "symbol",
    metavar="SYMBOL",
    help="Draft or resolution: S/2016/846, 'S/RES/2722 (2024)', 2722.",
)
@click.option(
    "--period",
    "year",
    type=click.IntRange(1946, 2100),
    metavar="YEAR",
    help="Post the scorecard of a calendar year instead of one vote.",
)
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Scorecard from this day (YYYY-MM-DD), with --to.",
)
@click.option(
    "--to",
    "end",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Scorecard to this day (YYYY-MM-DD), with --from.",
)
@click.option(
    "--network",
    type=click.Choice(NETWORK_CHOICES),
    default="all",
    show_default=True,
    help="Which network's text to prepare and post.",
)
@click.option(
    "--dry-run", is_flag=True, help="Write the post into the outbox folder instead of a network."
)
@click.option("--force", is_flag=True, help="Post again even where it was already posted.")
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
) -> None:
    """Post one stored vote (--resolution) or a period scorecard (--period, --from/--to) now,
    whatever the automatic policy says.

    What was already posted is not posted again unless --force is given; --force makes a
    new, separate post (the earlier one stays on record).
    """
    if sum([bool(symbol), year is not None, start is not None or end is not None]) != 1:
        raise click.UsageError("give exactly one of --resolution, --period, or --from with --to")
    if (start is None) != (end is None):
        raise click.UsageError("--from and --to go together")
    with user_errors():
        app = context.app
        if symbol:
            stored = found_or_fail(app, symbol)
            subject, vote_id, label = vote_subject(stored.id), stored.id, str(stored.vote.symbol)
        else:
            period = period_from_options(year, start, end)
            app.prepare_period(period, 0, "check")  # an empty or oversized period fails here
            subject, vote_id, label = period_subject(period), None, period_label(period)
        if network != "all":
            app.text_networks = (network,)
        publishers: list[Publisher] = (
            [DryRunPublisher(app.settings.publishing.outbox)] if dry_run else app.publishers()
        )
        # --network x posts on X only (a dry run writes the chosen texts into the outbox)
        publishers = [
            p for p in publishers if network in ("all", p.network) or p.network == "dry-run"
        ]
        from bot.logs import quiet_reported

        quiet_reported()  # the report shows what was posted
        pipeline = app.pipeline(publishers)
        report = CycleReport()
        for publisher in publishers:
            record = _record_to_post(app, subject, vote_id, publisher.network, force)
            if isinstance(record, str):
                click.echo(f"{label}: {record}")
            else:
                cap = app.settings.daily_cap(publisher.network)
                if not pipeline.publish_one(record, report, cap=cap):
                    say(
                        f"{label}: not posted on {publisher.network}: another run is posting "
                        f"it, or the daily cap ({cap}) is reached; it stays queued",
                        err=True,
                    )
                    report.waiting.append((label, publisher.network, "not claimed"))
        print_report(report, polled=False)
        app.notifier().tell(report)
        if report.failed or report.waiting:
            sys.exit(1)


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--symbol", help="Only this vote (any spelling of its symbol).")
@pass_context
def export(context: Context, fmt: str, symbol: str | None) -> None:
    """Print stored votes as JSON (a list of objects) or CSV (one row per vote)."""
    with user_errors():
        app = context.app
        if symbol:
            stored = app.votes.get(symbol)
            if stored is None:
                fail(f"no stored vote {symbol!r}")
            votes = [stored]
        else:
            votes = app.votes.all()
        rows = [vote_to_dict(app.scorecard(stored)) for stored in votes]
        if fmt == "json":
            click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            click.echo(_csv(rows), nl=False)


def _record_to_post(
    app: App, subject: str, vote_id: int | None, network: str, force: bool
) -> PostRecord | str:
    """The post record an operator's `post` uses, or why nothing should be posted."""
    records = app.outbox.records(subject=subject, network=network)
    posted = [record for record in records if record.state is PostState.POSTED]
    if force:  # the operator has looked: also past a post stuck in "posting"
        return app.outbox.add_forced(subject, network, vote_id)
    if any(record.state is PostState.POSTING for record in records):
        return (
            f"being posted on {network} by another run, or interrupted; if `actbot status` "
            "still shows it posting later, check the account and use --force"
        )
    if posted:
        where = posted[-1].platform_url or posted[-1].platform_id
        return f"already posted on {network} ({where}); use --force to post it again"
    pending = [record for record in records if record.state is PostState.PENDING]
    if pending:
        return pending[0]
    created = app.outbox.ensure(subject, network, vote_id)
    if created is not None:
        return created
    # another process queued it between our read and our insert (the scheduler): decide on
    # what it made, never on a new generation (that is what --force is for)
    return _record_to_post(app, subject, vote_id, network, force)


def _csv(rows: list[dict[str, Any]]) -> str:
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
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
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
    return buffer.getvalue()


@cli.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@pass_context
def status(context: Context, limit: int) -> None:
    """List the most recent stored votes and their post state on each network."""
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


@cli.group(invoke_without_command=True)
@click.pass_context
def review(ctx: click.Context) -> None:
    """List votes held because their sources disagree, with what differs.

    Accept one (optionally taking the facts one source reported) or reject it; a rejected
    vote stays on record and is never posted.
    """
    if ctx.invoked_subcommand is not None:
        return
    context: Context = ctx.obj
    with user_errors():
        held = context.app.votes.held()
        rejections = context.app.votes.open_rejections()
        if not held and not rejections:
            click.echo("nothing held for review")
            return
        for rejection in rejections:
            click.echo(
                f"{rejection.symbol or '(no symbol)'}: could not be read from "
                f"{rejection.source}: {rejection.reason}"
            )
            if rejection.url:
                click.echo(f"  source: {rejection.url}")
            if rejection.excerpt:
                click.echo(f"  text: {rejection.excerpt[:300]}")
        for stored, differences in held:
            vote = stored.vote
            sources = ", ".join(s.id or s.publisher for s in vote.sources)
            click.echo(f"{vote.symbol} ({vote.date}), sources: {sources}")
            for difference in differences:
                click.echo(f"  differs: {difference}")


@review.command("accept")
@click.argument("symbol")
@click.option("--source", help="Take the facts this source reported (e.g. undl).")
@pass_context
def review_accept(context: Context, symbol: str, source: str | None) -> None:
    """Vouch for a held vote's facts, which makes it confirmed."""
    with user_errors():
        stored = _stored_or_fail(context.app, symbol)
        try:
            accepted = context.app.votes.accept(stored.id, source)
        except LookupError as error:
            fail(str(error))
        click.echo(
            f"{accepted.vote.symbol} accepted: {accepted.vote.tally}, now {accepted.vote.status}"
        )


@review.command("reject")
@click.argument("symbol")
@pass_context
def review_reject(context: Context, symbol: str) -> None:
    """Rule a vote wrong: it is kept on record and never posted. For a report that could not
    be read at all, this dismisses it from the review list."""
    with user_errors():
        app = context.app
        stored = app.votes.get(symbol)
        if stored is None:
            canonical = str(parse_symbol(symbol))
            if app.votes.dismiss_rejections(canonical):
                click.echo(f"{canonical}: unreadable reports dismissed")
                return
            fail(f"no stored vote or held report {symbol!r}; `actbot review` lists them")
        app.votes.reject(stored.id)
        app.votes.dismiss_rejections(str(stored.vote.symbol))
        click.echo(f"{stored.vote.symbol} rejected: it will not be posted")


@cli.command()
@click.argument("symbol")
@click.option(
    "--atrocity",
    type=click.Choice(["yes", "no"]),
    required=True,
    help="Whether the draft aims to prevent or end atrocity crimes.",
)
@click.option("--note", default="", help="Why, in a line (shown in exports).")
@pass_context
def classify(context: Context, symbol: str, atrocity: str, note: str) -> None:
    """Record the operator's judgement of a draft's atrocity relevance.

    It outranks the shipped data and the rules, and decides whether the Code's verdicts
    appear on the card and whether the vote is posted automatically.
    """
    with user_errors():
        stored = _stored_or_fail(context.app, symbol)
        context.app.votes.classify(stored.id, Classification(Atrocity(atrocity), "operator", note))
        click.echo(f"{stored.vote.symbol}: atrocity-related = {atrocity}")


def _stored_or_fail(app: App, symbol: str) -> StoredVote:
    stored = app.votes.get(symbol)
    if stored is None:
        fail(f"no stored vote {symbol!r}; `actbot status` lists what is stored")
    return stored


@cli.group("import")
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


CSV_SOURCE = "un-voting-data-csv"


def _store_imported(
    app: App, source: str, results: Sequence[Vote | Rejection], dry_run: bool, fmt: str
) -> None:
    """Check every parsed vote against the Council rules, store the good ones, say the rest."""
    from bot.domain import rules

    good: list[Vote] = []
    problems: list[str] = []
    for result in results:
        if isinstance(result, Rejection):
            problems.append(str(result))
            if not dry_run:
                app.votes.note_rejection(
                    source, result.symbol, result.reason, result.url, result.excerpt
                )
            continue
        broken = rules.problems(result, app.reference.membership)
        if broken:
            problems.append(f"skipped {result.symbol}: " + "; ".join(broken))
        else:
            good.append(result)
    stored = []
    for vote in good:
        vote = replace(vote, classification=propose(vote))
        if dry_run:
            stored.append(vote)
        else:
            recorded = app.votes.record(source, vote)
            stored.append(recorded.stored.vote)
            for difference in recorded.differences:
                problems.append(f"{vote.symbol} held for review: {difference}")
    if not results:
        problems.append("no Security Council vote found in it")
    cards = [build_scorecard(vote, app.reference.registry, app.reference.names) for vote in stored]
    if fmt == "json":
        click.echo(json.dumps([vote_to_dict(card) for card in cards], indent=2, ensure_ascii=False))
    else:
        for card in cards:
            vote = card.vote
            click.echo(f"{vote.symbol} {vote.date} {vote.outcome} {vote.tally} ({vote.status})")
    for problem in problems:
        say(problem, err=True)
    verb = "found" if dry_run else "stored"
    say(f"{len(stored)} vote(s) {verb}, {len(problems)} problem(s)", err=True)
    if not stored:
        sys.exit(1)


@cli.command()
@pass_context
def check(context: Context) -> None:
    """Check the configuration, the data, the database and each network's credentials,
    without posting anything; say what is wrong in plain words.
    """
    from bot.publishers.base import PublishError
    from bot.secrets import loose_permissions

    problems: list[str] = []

    def report(ok: bool, what: str) -> None:
        say(("ok       " if ok else "PROBLEM  ") + what)
        if not ok:
            problems.append(what)

    from bot.cli_support import database_problem, disk_problem
    from bot.reference import vote_files
    from bot.sources.bundled import read_record

    with user_errors():
        settings = context.settings
        report(True, f"configuration {context.config_path or '(built-in defaults)'}")
        app = context.app
        data_dir = settings.sources.bundled.data_dir
        _, data_problems = read_record(vote_files(data_dir), app.reference)
        report(
            not data_problems,
            f"data in {data_dir}, signatories as of {app.reference.registry.as_of}"
            + (
                f": {len(data_problems)} problem(s), first: {data_problems[0]}"
                if data_problems
                else ""
            ),
        )
    try:
        count = app.votes.count()
        app.votes.check_writable()
        report(True, f"database: {count} vote(s) stored, writable")
    except Exception as error:  # a database that cannot be read or written
        report(False, f"database: {database_problem(error)}")
    outbox = settings.publishing.outbox
    if settings.publishing.dry_run:
        try:
            probe_writable(outbox)
            report(True, f"posting: dry run into {outbox} (writable)")
        except OSError as error:
            report(False, f"posting: dry run into {outbox}: {disk_problem(error)}")
    else:
        report(True, "posting: live")
    if not settings.publishing.dry_run:
        try:
            publishers = app.publishers()
        except ConfigError as error:
            report(False, str(error))
            publishers = []
        for publisher in publishers:
            verify = getattr(publisher, "verify", None)
            if verify is None:
                continue
            try:
                report(True, f"{publisher.network}: {verify()}")
            except PublishError as error:
                report(False, f"{publisher.network}: {error}")
        files = [settings.bluesky.session_file] + [
            Path(value)
            for name, value in os.environ.items()
            if name.startswith("ACTBOT_") and name.endswith("_FILE") and value
        ]
        for path in files:
            warning = loose_permissions(path)
            if warning:
                report(False, warning)
    if problems:
        sys.exit(1)


def probe_writable(folder: Path) -> None:
    """Raise OSError unless a file can be created (and removed) in `folder`."""
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".actbot-check-"):
        pass


@cli.command()
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


@cli.command("check-data")
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


@cli.command()
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


def main(argv: list[str] | None = None) -> None:
    cli(args=argv, prog_name="actbot")


if __name__ == "__main__":
    main()
