"""`actbot review` and `actbot classify`: the operator's say over held and unclassified votes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from bot.cli.support import Context, fail, pass_context, user_errors

if TYPE_CHECKING:
    from bot.app import App
    from storage.rows import StoredVote


@click.group(invoke_without_command=True)
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
    from bot.domain.symbols import parse_symbol

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


@click.command()
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
    from bot.domain.model import Atrocity, Classification

    with user_errors():
        stored = _stored_or_fail(context.app, symbol)
        context.app.votes.classify(stored.id, Classification(Atrocity(atrocity), "operator", note))
        click.echo(f"{stored.vote.symbol}: atrocity-related = {atrocity}")


def _stored_or_fail(app: App, symbol: str) -> StoredVote:
    """A vote that is stored already: review and classify never look one up."""
    stored = app.votes.get(symbol)
    if stored is None:
        fail(f"no stored vote {symbol!r}; `actbot status` lists what is stored")
    return stored


COMMANDS = [review, classify]
