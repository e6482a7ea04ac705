"""What every command shares: lazy settings and app, and turning user errors into exit codes.

Nothing heavy is imported here at module level: `actbot --help` and `actbot health` load no
database, renderer or SDK.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from bot import redact
from bot.domain.errors import ActbotError
from bot.explain import database_problem, disk_problem

if TYPE_CHECKING:
    from bot.app import App
    from bot.config import Settings
    from storage.rows import StoredVote


class Context:
    def __init__(self, config_path: Path | None, *, new_database: bool = False) -> None:
        self.config_path = config_path
        self.new_database = new_database
        self._settings: Settings | None = None
        self._app: App | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from bot.config import load_settings
            from bot.logs import configure as configure_logging

            self._settings = load_settings(self.config_path)
            configure_logging(self._settings.logging.level, self._settings.logging.format)
        return self._settings

    @property
    def app(self) -> App:
        if self._app is None:
            from bot.app import build_app

            self._app = build_app(self.settings, new_database=self.new_database)
        return self._app


def fail(message: str, code: int = 1) -> NoReturn:
    say(f"Error: {message}", err=True)
    sys.exit(code)


def say(text: str, *, err: bool = False) -> None:
    """Print a line for the operator, with any secret in it masked. With JSON logging, what
    goes to stderr is a log event, so every stderr line parses as JSON."""
    from bot.logs import json_lines

    if err and json_lines():
        import logging

        logging.getLogger("bot.cli").warning("%s", redact.scrub(text))
        return
    click.echo(redact.scrub(text), err=err)


@contextmanager
def user_errors() -> Iterator[None]:
    """Errors an operator can fix become one line and exit 1: bad input, and a database or
    disk that refuses to be written (nothing is half-written: each step is a transaction)."""
    try:
        yield
    except ActbotError as error:
        fail(str(error))
    except OSError as error:
        fail(disk_problem(error))
    except Exception as error:
        database_errors = sys.modules.get("sqlalchemy.exc")  # loaded only if a database was
        if database_errors is not None and isinstance(error, database_errors.DBAPIError):
            fail(database_problem(error))
        raise


pass_context = click.make_pass_decorator(Context)


def found_or_fail(app: App, symbol: str) -> StoredVote:
    """A stored vote, or one looked up now in the bundled record and the live sources."""
    stored, report = app.find_vote(symbol)
    if stored is not None:
        if report.new:
            say(f"{stored.vote.symbol}: not stored yet; found and stored it", err=True)
        return stored
    for line in report.source_errors + report.held:
        say(line, err=True)
    fail(
        f"no vote {symbol!r} in the database, the bundled record or the enabled live sources; "
        "`actbot status` lists what is stored"
    )


def terminal_progress(what: str = "storing votes") -> Callable[[int, int], None] | None:
    """A progress bar on a terminal while many votes are stored (a first load, an import of
    the Library's record); nothing when the output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < 50:
            return
        filled = round(30 * done / total)
        bar = "#" * filled + "-" * (30 - filled)
        end = "\n" if done == total else "\r"
        click.echo(f"{what} [{bar}] {done}/{total}{end}", err=True, nl=False)

    return show
