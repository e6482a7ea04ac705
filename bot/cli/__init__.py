"""The `actbot` command line: thin commands over bot/services and the App.

Each command module parses options, calls a service or the App, and turns the result into
lines and an exit code. Nothing heavy is imported before a command runs, so `--help` is quick.
"""

from __future__ import annotations

from pathlib import Path

import click

from bot import __version__
from bot.cli import check, imports, post, records, render, review, run, signatories
from bot.cli.support import Context


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


for module in (run, post, render, records, review, imports, check, signatories):
    for command in module.COMMANDS:
        cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    cli(args=argv, prog_name="actbot")
