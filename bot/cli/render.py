"""`actbot render`: write a vote card or a period scorecard to a file, with its texts.

For reviewing what the bot would post: the PNG comes from the same renderer the dry-run
outbox and the publishers use, and the alt text and each network's text are written next
to it (FILE.alt.txt, FILE.x.txt, FILE.bluesky.txt).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import click

from bot.cli.options import chosen_period, language_option, subject_options
from bot.cli.support import Context, fail, found_or_fail, pass_context, user_errors


@click.command()
@subject_options("One vote")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the PNG; the texts go next to it.",
)
@language_option("The card's language (default: the first of publishing.languages).")
@pass_context
def render(
    context: Context,
    symbol: str | None,
    year: int | None,
    start: datetime | None,
    end: datetime | None,
    out: Path,
    language: str | None,
) -> None:
    """Render the card of one vote (--resolution) or a period scorecard (--period YEAR, or
    --from DATE --to DATE) from the stored votes, and write it with its alt text and texts.

    \b
    Examples:
      actbot render --resolution S/2016/846 --out aleppo.png
      actbot render --period 2024 --out 2024.png
      actbot render --resolution S/2016/846 --lang fr --out alep.png
    """
    period = chosen_period(symbol, year, start, end)
    with user_errors():
        from bot import networks

        app = context.app
        app.text_networks = networks.names()  # every network's text, for review
        language = language or app.settings.publishing.languages[0]
        if period is None:
            assert symbol is not None
            post = app.prepare_vote(found_or_fail(app, symbol), 0, "render", language)
        else:
            if not app.votes.count():
                fail("no votes stored yet; `actbot run --once` loads the bundled record")
            post = app.prepare_period(period, 0, "render", language)
        written = _write(out, post.card_png, post.alt_text, post.texts)
    click.echo(f"card: {written[0]} ({len(post.card_png) // 1024} kB)")
    labels = ["alt text", *(f"{networks.get(name).label} text" for name in post.texts)]
    for label, path in zip(labels, written[1:], strict=True):
        click.echo(f"{label}: {path}")


def _write(out: Path, png: bytes, alt: str, texts: Mapping[str, str]) -> list[Path]:
    """The PNG and its texts, each written whole (aside, then renamed)."""
    from bot.files import write_atomic

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
            write_atomic(path, content)
    except OSError as error:
        fail(f"cannot write {out}: {error.strerror}")
    return [path for path, _ in files]


def _beside(out: Path, kind: str) -> Path:
    """FILE.png -> FILE.alt.txt, FILE.x.txt, FILE.bluesky.txt."""
    return out.with_name(f"{out.stem}.{kind}.txt")


COMMANDS = [render]
