"""The words of a vote card: headline, Code line, alt text and each network's post text.

Pure functions of the Scorecard (no pixels, no I/O), shared by the card layout and the
publishers, so the picture and the words can never tell different stories.
"""

from __future__ import annotations

from bot.domain.model import Choice, Outcome, Vote
from bot.domain.registry import SignatoryStatus
from bot.domain.scorecard import CodeContext, Flag, Row, Scorecard
from bot.domain.text_limits import ALT_TEXT_LIMIT, TextLimit
from cards import strings

CHOICE_ORDER = (Choice.NO, Choice.ABSTAIN, Choice.NOT_VOTING, Choice.YES)
"""The order a reader needs: the votes that decided or broke with the Code first."""

_FLAG_CHOICE = {
    Flag.SIGNATORY_AGAINST: Choice.NO,
    Flag.SIGNATORY_ABSTAINED: Choice.ABSTAIN,
    Flag.SIGNATORY_DID_NOT_VOTE: Choice.NOT_VOTING,
}


def headline(card: Scorecard) -> str:
    """The outcome in plain words: "Vetoed by the Russian Federation", "Adopted 13–0–2"."""
    vote = card.vote
    tally = vote.tally
    if card.vetoed_by:
        names = [strings.with_article(row.name) for row in card.vetoed_by]
        return strings.VETOED_BY.format(members=strings.join_names(names))
    if vote.outcome is Outcome.ADOPTED:
        template = strings.ADOPTED_PROCEDURAL if vote.procedural else strings.ADOPTED
        return template.format(
            tally=strings.TALLY_DASHED.format(yes=tally.yes, no=tally.no, abstain=tally.abstain)
        )
    return strings.NOT_ADOPTED.format(yes=tally.yes, no=tally.no)


def alt_outcome(card: Scorecard) -> str:
    """The headline as it is best heard: "Adopted", not "Adopted 14–0–1" (the tally follows)."""
    if card.vetoed_by or card.vote.outcome is not Outcome.ADOPTED:
        return headline(card).split(":")[0]
    return strings.ADOPTED_PROCEDURAL_ALONE if card.vote.procedural else strings.ADOPTED_ALONE


def tally_words(vote: Vote) -> str:
    """ "11 in favour, 2 against, 2 abstained", plus any member that did not vote."""
    tally = vote.tally
    words = strings.TALLY_WORDS.format(yes=tally.yes, no=tally.no, abstain=tally.abstain)
    if tally.not_voting:
        words += f", {tally.not_voting} {strings.CHOICE_VERB[Choice.NOT_VOTING]}"
    return words


def symbol_label(vote: Vote) -> str:
    """ "Draft S/2016/846" or "Resolution S/RES/2728 (2024)": what a journalist cites."""
    if vote.resolution_symbol is not None:
        return strings.RESOLUTION_LABEL.format(symbol=vote.resolution_symbol)
    return strings.DRAFT_LABEL.format(symbol=vote.symbol)


def title(vote: Vote) -> str:
    return vote.short_title or vote.title


def context_line(card: Scorecard) -> str:
    """Why the Code gives no verdict on this vote, or "" when it does."""
    return {
        CodeContext.PREDATES_CODE: strings.PREDATES,
        CodeContext.NOT_ATROCITY: strings.NOT_ATROCITY,
        CodeContext.UNDECIDED: strings.UNDECIDED,
        CodeContext.APPLIES: "",
    }[card.context]


def code_facts(card: Scorecard, *, short_names: bool = False) -> list[str]:
    """The Code angle as facts, e.g. "Code signatory voted against: United Arab Emirates"."""
    if card.context is not CodeContext.APPLIES:
        return []
    facts = []
    for flag, choice in _FLAG_CHOICE.items():
        rows = [row for row in card.rows if flag in row.flags]
        if rows:
            one, many = strings.CODE_FLAGS[choice]
            names = [row.label if short_names else row.name for row in rows]
            template = one if len(rows) == 1 else many
            facts.append(template.format(members=strings.join_names(names)))
    return facts


def code_line(
    card: Scorecard, *, short_names: bool = False, separator: str = strings.SEPARATOR
) -> str:
    """The one line a reader must not miss about the Code: facts, or why there are none."""
    if card.context is not CodeContext.APPLIES:
        return context_line(card)
    facts = code_facts(card, short_names=short_names)
    if facts:
        return separator.join(facts)
    unknown = any(row.status is SignatoryStatus.NOT_KNOWN for row in card.rows)
    if not any(row.signed for row in card.rows):
        return strings.NO_KNOWN_SIGNATORY_SEATED if unknown else strings.NO_SIGNATORY_SEATED
    return strings.ALL_KNOWN_SIGNATORIES_IN_FAVOUR if unknown else strings.ALL_SIGNATORIES_IN_FAVOUR


def source_names(vote: Vote, limit: int = 1) -> str:
    """ "UN Meetings Coverage press release SC/12545": the first sources, with their ids."""
    names = []
    for source in vote.sources[:limit]:
        names.append(f"{source.publisher} {source.id}" if source.id else source.publisher)
    return ", ".join(names)


def alt_text(card: Scorecard) -> str:
    """Everything the image shows, in sentences a screen reader speaks naturally (≤ 1000).

    Built from parts in order of importance; when the whole would be too long the least
    important parts (source, permanent members, the title) are left out before anything
    about the votes is.
    """
    vote = card.vote
    intro = strings.ALT_INTRO.format(
        symbol=_lower_first(symbol_label(vote)),
        date=strings.long_date(vote.date),
        title=f" ({title(vote)})" if title(vote) else "",
    )
    outcome = f"{alt_outcome(card)}: {tally_words(vote)}."
    groups = [_alt_group(card, choice) for choice in CHOICE_ORDER]
    code = code_line(card, separator=". ")
    permanent = [row.name for row in card.rows if row.permanent]
    parts: list[tuple[int, str]] = [  # (priority to keep: lower is dropped first, text)
        (3, intro),
        (9, outcome),
        *((9, group) for group in groups if group),
        (8, f"{code}." if code else ""),
        (2, f"Permanent members: {strings.join_names(permanent)}." if permanent else ""),
        (
            7,
            strings.SIGNATORIES_AS_OF.format(date=strings.long_date(card.signatories_as_of)) + ".",
        ),
        (1, strings.ALT_SOURCE.format(sources=source_names(vote)) if vote.sources else ""),
    ]
    return _fit_parts(parts, ALT_TEXT_LIMIT)


def _alt_group(card: Scorecard, choice: Choice) -> str:
    """ "Against, 3: Code signatory United Arab Emirates; not signatories China and ..."."""
    rows = [row for row in card.rows if row.choice is choice]
    if not rows:
        return ""
    head = f"{strings.CHOICE_WORD[choice]}, {len(rows)}: "
    if card.context is CodeContext.PREDATES_CODE:
        return head + strings.join_names([_alt_name(row) for row in rows]) + "."

    def named(status: SignatoryStatus, later: bool = False) -> list[str]:
        return [
            _alt_name(row)
            for row in rows
            if row.status is status and row.standing.on_a_later_list is later
        ]

    groups = strings.signatory_groups(
        named(SignatoryStatus.SIGNATORY),
        named(SignatoryStatus.NOT_SIGNATORY),
        capitalise=True,
        not_on_list=named(SignatoryStatus.NOT_KNOWN),
        on_later_list=named(SignatoryStatus.NOT_KNOWN, later=True),
        as_of=card.signatories_as_of,
    )
    return head + groups + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _alt_name(row: Row) -> str:
    return strings.with_article(row.name) + (
        f" ({strings.VETO_WORD})" if Flag.VETO in row.flags else ""
    )


def _fit_parts(parts: list[tuple[int, str]], limit: int) -> str:
    kept = [(priority, text) for priority, text in parts if text]
    for drop in range(10):
        text = " ".join(t for priority, t in kept if priority > drop)
        if len(text) <= limit:
            return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def post_text(card: Scorecard, limit: TextLimit, link: str = "") -> str:
    """The words posted beside the card: within the network's limit, ending in the hashtag.

    No link unless one is given (on X a link costs far more per post). Lines are dropped
    from the least important up (title, then the Code note in long names, then the Code
    note) until the text fits.
    """
    vote = card.vote
    head = strings.POST_HEAD.format(
        headline=headline(card),
        symbol=vote.symbol,
        date=strings.short_date(vote.date),
    )
    long_note = code_line(card)
    short_note = code_line(card, short_names=True)
    candidates = [
        [head, title(vote), long_note],
        [head, title(vote), short_note],
        [head, long_note],
        [head, short_note],
        [head],
    ]
    for lines in candidates:
        text = _assemble([line for line in lines if line], link)
        if limit.fits(text):
            return text
    return _assemble([shorten_to_fit(head, link, limit)], link)


def _assemble(lines: list[str], link: str) -> str:
    body = list(lines)
    if link:
        body.append(link)
    body.append(strings.HASHTAG)
    return "\n".join(body)


def shorten_to_fit(head: str, link: str, limit: TextLimit) -> str:
    """The head cut at the last character that still fits, with an ellipsis."""
    while head and not limit.fits(_assemble([head + "…"], link)):
        head = head[:-1]
    return head + "…"
