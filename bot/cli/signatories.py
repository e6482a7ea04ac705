"""`actbot signatories ...`: read the signatory registry, and bring a newer list in with its
sources (thin commands over bot/signatory_file.py)."""

from __future__ import annotations

from datetime import date, datetime

import click

from bot.cli.support import Context, pass_context, user_errors
from bot.domain.registry import SignatoryStatus
from bot.signatory_file import SignatoryFile

DAY = click.DateTime(formats=["%Y-%m-%d"])


def _file(context: Context) -> SignatoryFile:
    return SignatoryFile(context.settings.sources.bundled.data_dir)


@click.group()
def signatories() -> None:
    """The Code's signatories: list them on a day, add one that joined, record a new list.

    \b
    Examples:
      actbot signatories list --on 2024-03-01
      actbot signatories add MOZ --since 2024-02-01 --source https://example.org/letter
      actbot signatories as-of 2026-11-30 --source "List of the Permanent Mission of
        Liechtenstein, 30 November 2026"
    """


@signatories.command("list")
@click.option("--on", "day", type=DAY, help="The day (YYYY-MM-DD); default today.")
@pass_context
def list_(context: Context, day: datetime | None) -> None:
    """Every state the registry knows of, and its status on the day, with the source."""
    with user_errors():
        registry = _file(context).registry()
        on = day.date() if day else date.today()
        states = sorted(registry.signatories)
        signed = [code for code in states if registry.is_signatory(code, on)]
        for code in states:
            standing = registry.standing(code, on)
            entry = registry.signatories[code]
            since = entry.since.isoformat() if entry.since else f"listed {entry.listed_on}"
            click.echo(f"{code}  {entry.name:<40} {standing.status.value:<15} {since}")
        click.echo(f"{len(signed)} signatories on {on.isoformat()} (of {len(states)} known)")
        newest = max((e.on for e in registry.lists), default=registry.as_of)
        if on > newest:
            click.echo(
                f"after {newest.isoformat()} no verified list: a state not listed here is "
                f"'{SignatoryStatus.NOT_KNOWN.value}'"
            )
        reported = [count for count in registry.counts if count.on <= on]
        if reported:
            latest = max(reported, key=lambda count: count.on)
            click.echo(f"latest reported count: {latest.count} on {latest.on} ({latest.source})")


@signatories.command()
@click.argument("iso3")
@click.option("--since", "since", type=DAY, required=True, help="Day it joined (YYYY-MM-DD).")
@click.option("--source", required=True, help="URL or document that shows it joining.")
@pass_context
def add(context: Context, iso3: str, since: datetime, source: str) -> None:
    """Record that ISO3 supports the Code from --since, as --source shows."""
    with user_errors():
        code = _file(context).add(iso3, since.date(), source)
        click.echo(f"{code}: Code signatory from {since.date().isoformat()} ({source})")


@signatories.command("as-of")
@click.argument("day", type=DAY)
@click.option("--source", required=True, help="The list checked: URL or document.")
@pass_context
def as_of(context: Context, day: datetime, source: str) -> None:
    """Record that the registry's signatories are the whole list as of DAY: every other
    state counts as not a signatory up to that day."""
    with user_errors():
        count = _file(context).as_of(day.date(), source)
        click.echo(f"list of {day.date().isoformat()} recorded: {count} signatories ({source})")


COMMANDS = [signatories]
