"""`actbot render`: write a vote card or a period scorecard to a file, with its texts.

For reviewing what the bot would post: the PNG comes from the same renderer the dry-run
outbox and the publishers use, and the alt text and each network's text are written next
to it (FILE.alt.txt, FILE.x.txt, FILE.bluesky.txt).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import click

from bot.cli_support import Context, fail, found_or_fail, pass_context, user_errors
from bot.domain.period import Period, PeriodError
from cards import post_text
from cards.period_layout import PeriodTooLarge
from cards.period_post import prepare_period_post
from cards.texts import NETWORKS

NETWORK_NAMES = {"x": "X", "bluesky": "Bluesky"}


@click.command()
@click.option(
    "--resolution",
    "symbol",
    metavar="SYMBOL",
    help="One stored vote: S/2016/846, 'S/RES/2728 (2024)', 2728.",
)
@click.option(
    "--period", "year", type=click.IntRange(1946, 2100), metavar="YEAR", help="A calendar year."
)
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (YYYY-MM-DD).")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the PNG; the texts go next to it.",
)
@pass_context
def render(
    context: Context,
    symbol: str | None,
    year: int | None,
    start: datetime | None,
    end: datetime | None,
    out: Path,
) -> None:
    """Render the card of one vote (--resolution) or a period scorecard (--period YEAR, or
    --from DATE --to DATE) from the stored votes, and write it with its alt text and texts.

    \b
    Examples:
      actbot render --resolution S/2016/846 --out aleppo.png
      actbot render --period 2024 --out 2024.png
    """
    chosen = [bool(symbol), year is not None, start is not None or end is not None]
    if sum(chosen) != 1:
        raise click.UsageError("give exactly one of --resolution, --period, or --from with --to")
    if (start is None) != (end is None):
        raise click.UsageError("--from and --to go together")
    with user_errors():
        app = context.app
        link = app.settings.card.link
        if symbol:
            stored = found_or_fail(app, symbol)
            card, rendered = app.render(stored)
            png, alt = rendered.png, rendered.alt_text
            texts: Mapping[str, str] = {
                network: post_text(card, network, link=link) for network in NETWORKS
            }
        else:
            period = period_from_options(year, start, end)
            votes = [stored.vote for stored in app.votes.all()]
            if not votes:
                fail("no votes stored yet; `actbot run --once` loads the bundled record")
            reference = app.reference
            try:
                post = prepare_period_post(
                    votes,
                    period,
                    registry=reference.registry,
                    membership=reference.membership,
                    names=reference.names,
                    renderer=app.renderer,
                    link=link,
                )
            except (PeriodError, PeriodTooLarge) as error:
                fail(str(error))
            png, alt, texts = post.png, post.alt_text, post.texts
        written = _write(out, png, alt, texts)
    click.echo(f"card: {written[0]} ({len(png) // 1024} kB)")
    for label, path in zip(
        ["alt text", *(f"{NETWORK_NAMES[n]} text" for n in texts)], written[1:], strict=True
    ):
        click.echo(f"{label}: {path}")


def period_from_options(year: int | None, start: datetime | None, end: datetime | None) -> Period:
    if year is not None:
        return Period.calendar_year(year)
    assert start is not None and end is not None  # checked by the caller
    try:
        return Period(date(start.year, start.month, start.day), date(end.year, end.month, end.day))
    except PeriodError as error:
        fail(str(error))


def _write(out: Path, png: bytes, alt: str, texts: Mapping[str, str]) -> list[Path]:
    """The PNG and its texts, each written whole (aside, then renamed)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        files: list[tuple[Path, bytes]] = [
            (out, png),
            (_beside(out, "alt"), (alt + "\n").encode("utf-8")),
        ]
        files += [
            (_beside(out, network), (text + "\n").encode("utf-8"))
            for network, text in texts.items()
        ]
        for path, content in files:
            staging = path.with_name(f".{path.name}.tmp")
            staging.write_bytes(content)
            staging.replace(path)
    except OSError as error:
        fail(f"cannot write {out}: {error.strerror}")
    return [path for path, _ in files]


def _beside(out: Path, kind: str) -> Path:
    """FILE.png -> FILE.alt.txt, FILE.x.txt, FILE.bluesky.txt."""
    return out.with_name(f"{out.stem}.{kind}.txt")
