"""What every command shares: lazy settings and app, and turning user errors into exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from bot import redact
from bot.app import App, build_app
from bot.config import ConfigError, Settings, load_settings
from bot.domain.period import PeriodError
from bot.domain.symbols import SymbolError
from bot.logs import configure as configure_logging
from bot.reference import DataError
from bot.signatory_file import SignatoryEditError
from bot.sources.base import SourceError
from cards.period_layout import PeriodTooLarge
from storage.db import DatabaseError
from storage.repository import StoredVote

USER_ERRORS = (
    ConfigError,
    DataError,
    DatabaseError,
    SymbolError,
    SourceError,
    PeriodError,
    PeriodTooLarge,
    SignatoryEditError,
)


class Context:
    def __init__(self, config_path: Path | None, *, new_database: bool = False) -> None:
        self.config_path = config_path
        self.new_database = new_database
        self._settings: Settings | None = None
        self._app: App | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_path)
            configure_logging(self._settings.logging.level, self._settings.logging.format)
        return self._settings

    @property
    def app(self) -> App:
        if self._app is None:
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
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except USER_ERRORS as error:
        fail(str(error))
    except DBAPIError as error:
        fail(database_problem(error))
    except OSError as error:
        fail(disk_problem(error))


def database_problem(error: Exception) -> str:
    """What a refused database operation means, in words an operator can act on."""
    cause = str(getattr(error, "orig", None) or error).splitlines()[0]
    lowered = cause.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return (
            f"the database is read-only ({cause}): make the database file and its folder "
            "writable for this user, or point ACTBOT_DATABASE_URL elsewhere; nothing was changed"
        )
    if "disk" in lowered and ("full" in lowered or "space" in lowered):
        return f"the disk holding the database is full ({cause}); free space and run again"
    if "unable to open" in lowered:
        return (
            f"cannot open the database file ({cause}): check that its folder exists and is writable"
        )
    if "locked" in lowered:
        return f"the database is busy ({cause}); another process holds it, try again"
    return f"database error: {cause}"


def disk_problem(error: OSError) -> str:
    import errno

    where = f" {error.filename}" if error.filename else ""
    if error.errno == errno.ENOSPC:
        return f"the disk is full (writing{where}); free space and run again"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write{where}: {error.strerror} (read-only or no permission)"
    return f"cannot use{where}: {error.strerror or error}"


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
