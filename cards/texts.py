"""Alt text and per-network post texts, built from the Scorecard alone (pure functions)."""

from __future__ import annotations

from twitter_text import parse_tweet  # type: ignore[import-untyped]

from bot.domain.model import Choice, Outcome
from bot.domain.scorecard import CodeContext, Flag, Scorecard
from cards import strings

X_LIMIT = 280
BLUESKY_LIMIT = 300
ALT_LIMIT = 1000


def headline(card: Scorecard) -> str:
    """The outcome in plain words: "Vetoed by the Russian Federation", "Adopted 13–0–2"."""
    vote = card.vote
    tally = vote.tally
    if card.vetoed_by:
        return strings.VETOED_BY.format(members=_join([row.name for row in card.vetoed_by]))
    if vote.outcome is Outcome.ADOPTED:
        return strings.ADOPTED.format(tally=f"{tally.yes}–{tally.no}–{tally.abstain}")
    return strings.NOT_ADOPTED.format(yes=tally.yes, no=tally.no)


def context_line(card: Scorecard) -> str:
    return {
        CodeContext.PREDATES_CODE: strings.PREDATES,
        CodeContext.NOT_ATROCITY: strings.NOT_ATROCITY,
        CodeContext.UNDECIDED: strings.UNDECIDED,
        CodeContext.APPLIES: "",
    }[card.context]


def alt_text(card: Scorecard) -> str:
    """Everything the image shows, in sentences a screen reader speaks naturally (≤ 1000 chars)."""
    vote = card.vote
    parts = [
        f"Scorecard of UN Security Council vote on {vote.symbol}, {vote.date:%d %B %Y}"
        + (f": {vote.short_title or vote.title}." if (vote.short_title or vote.title) else "."),
        headline(card) + ".",
    ]
    for choice in (Choice.NO, Choice.ABSTAIN, Choice.NOT_VOTING, Choice.YES):
        rows = [row for row in card.rows if row.choice is choice]
        if not rows:
            continue
        names = [row.name + (" (Code signatory)" if row.signatory else "") for row in rows]
        parts.append(f"{strings.CHOICE_WORD[choice]}: {_join(names)}.")
    context = context_line(card)
    if context:
        parts.append(context + ".")
    parts.append(strings.SIGNATORIES_AS_OF.format(date=f"{card.signatories_as_of:%d %B %Y}") + ".")
    text = " ".join(parts)
    if len(text) > ALT_LIMIT:
        text = text[: ALT_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def post_text(card: Scorecard, network: str, *, link: str = "") -> str:
    """The words posted beside the card; ends with the hashtag, within the network's limit."""
    vote = card.vote
    lines = [f"{headline(card)}: {vote.symbol} ({vote.date:%d %b %Y})"]
    if vote.short_title:
        lines.append(vote.short_title)
    notes = _code_notes(card)
    if notes:
        lines.append(notes)
    if link:
        lines.append(link)
    lines.append(strings.HASHTAG)
    text = "\n".join(lines)
    while not fits(text, network) and len(lines) > 2:
        lines.pop(1)  # drop the least important line first
        text = "\n".join(lines)
    return text


def fits(text: str, network: str) -> bool:
    if network == "x":
        return int(parse_tweet(text).weightedLength) <= X_LIMIT
    return len(text) <= BLUESKY_LIMIT


def _code_notes(card: Scorecard) -> str:
    if card.context is not CodeContext.APPLIES:
        return ""
    against = [row.name for row in card.rows if Flag.SIGNATORY_AGAINST in row.flags]
    abstained = [row.name for row in card.rows if Flag.SIGNATORY_ABSTAINED in row.flags]
    notes = []
    if against:
        notes.append(f"{strings.SIGNATORY} voting against: {_join(against)}.")
    if abstained:
        notes.append(f"{strings.SIGNATORY} abstaining: {_join(abstained)}.")
    return " ".join(notes)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
