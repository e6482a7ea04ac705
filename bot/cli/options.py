"""Options more than one command takes, defined once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click

from bot.cli.support import fail
from bot.domain.period import Period, PeriodError

F = TypeVar("F", bound=Callable[..., Any])


def subject_options(what: str) -> Callable[[F], F]:
    """--resolution SYMBOL, or --period YEAR, or --from DAY --to DAY."""

    def decorate(command: F) -> F:
        for option in reversed(
            [
                click.option(
                    "--resolution",
                    "symbol",
                    metavar="SYMBOL",
                    help=f"{what}: S/2016/846, 'S/RES/2728 (2024)', 2728.",
                ),
                click.option(
                    "--period",
                    "year",
                    type=click.IntRange(1946, 2100),
                    metavar="YEAR",
                    help="The scorecard of a calendar year instead of one vote.",
                ),
                click.option(
                    "--from",
                    "start",
                    type=click.DateTime(["%Y-%m-%d"]),
                    help="Scorecard from this day (YYYY-MM-DD), with --to.",
                ),
                click.option(
                    "--to",
                    "end",
                    type=click.DateTime(["%Y-%m-%d"]),
                    help="Scorecard to this day (YYYY-MM-DD), with --from.",
                ),
            ]
        ):
            command = option(command)
        return command

    return decorate


def chosen_period(
    symbol: str | None, year: int | None, start: datetime | None, end: datetime | None
) -> Period | None:
    """The period the options name, None for a vote; a UsageError unless exactly one of
    --resolution, --period or --from/--to was given."""
    if sum([bool(symbol), year is not None, start is not None or end is not None]) != 1:
        raise click.UsageError("give exactly one of --resolution, --period, or --from with --to")
    if (start is None) != (end is None):
        raise click.UsageError("--from and --to go together")
    if year is not None:
        return Period.calendar_year(year)
    if start is None or end is None:
        return None
    try:
        return Period(date(start.year, start.month, start.day), date(end.year, end.month, end.day))
    except PeriodError as error:
        fail(str(error))


def language_option(help_text: str) -> Callable[[F], F]:
    """--lang en|fr|es: the language of the card and its texts."""
    from bot.domain.languages import LANGUAGES

    return click.option(
        "--lang", "language", type=click.Choice(LANGUAGES), default=None, help=help_text
    )


class NetworkName(click.ParamType):  # type: ignore[type-arg]
    """A registered network's name, or "all"; checked against the registry when used, so a
    network registered after import (a test's fake) is known too."""

    name = "network"

    @staticmethod
    def choices() -> list[str]:
        from bot import networks  # here, not at import: `--help` stays light

        return [*networks.names(), "all"]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value not in self.choices():
            self.fail(f"{value!r} is not one of {', '.join(self.choices())}", param, ctx)
        return str(value)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.choices()) + "]"
