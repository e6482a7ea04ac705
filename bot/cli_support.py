"""What every command shares: lazy settings and app, and turning user errors into exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

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
    def __init__(self, config_path: Path | None) -> None:
        self.config_path = config_path
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
            self._app = build_app(self.settings)
        return self._app


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except USER_ERRORS as error:
        fail(str(error))


pass_context = click.make_pass_decorator(Context)


def found_or_fail(app: App, symbol: str) -> StoredVote:
    """A stored vote, or one looked up now in the bundled record and the live sources."""
    stored, report = app.find_vote(symbol)
    if stored is not None:
        if report.new:
            click.echo(f"{stored.vote.symbol}: not stored yet; found and stored it", err=True)
        return stored
    for line in report.source_errors + report.held:
        click.echo(line, err=True)
    fail(
        f"no vote {symbol!r} in the database, the bundled record or the enabled live sources; "
        "`actbot status` lists what is stored"
    )
