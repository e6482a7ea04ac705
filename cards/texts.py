"""The words of a vote card: headline, Code line, alt text and each network's post text.

Pure functions of the Scorecard (no pixels, no I/O), shared by the card layout and the
publishers, so the picture and the words can never tell different stories.
"""

from __future__ import annotations

from bot.domain.languages import ENGLISH
from bot.domain.model import Choice, Outcome, Vote
from bot.domain.registry import SignatoryStatus
from bot.domain.scorecard import CodeContext, Flag, Row, Scorecard
from bot.domain.text_limits import ALT_TEXT_LIMIT, TextLimit
from cards.strings import Words, words_for

CHOICE_ORDER = (Choice.NO, Choice.ABSTAIN, Choice.NOT_VOTING, Choice.YES)
"""The order a reader needs: the votes that decided or broke with the Code first."""

_FLAG_CHOICE = {
    Flag.SIGNATORY_AGAINST: Choice.NO,
    Flag.SIGNATORY_ABSTAINED: Choice.ABSTAIN,
    Flag.SIGNATORY_DID_NOT_VOTE: Choice.NOT_VOTING,
}


def words(card: Scorecard) -> Words:
    """The table of the card's language (the language its member names are in)."""
    return words_for(card.language)


def headline(card: Scorecard) -> str:
    """The outcome in plain words: "Vetoed by the Russian Federation", "Adopted 13–0–2"."""
    w = words(card)
    vote = card.vote
    tally = vote.tally
    if card.vetoed_by:
        return w.VETOED_BY.format(members=w.join_names([row.in_text for row in card.vetoed_by]))
    if vote.outcome is Outcome.ADOPTED:
        template = w.ADOPTED_PROCEDURAL if vote.procedural else w.ADOPTED
        return template.format(
            tally=w.TALLY_DASHED.format(yes=tally.yes, no=tally.no, abstain=tally.abstain)
        )
    return w.NOT_ADOPTED.format(yes=tally.yes, no=tally.no)


def headline_candidates(card: Scorecard) -> list[str]:
    """The headline, then, for a veto by more members than one line can name, their number
    ("Vetoed by 5 permanent members"): the tiles below name each one."""
    w = words(card)
    if len(card.vetoed_by) < 2:
        return [headline(card)]
    return [headline(card), w.VETOED_BY_COUNT.format(count=len(card.vetoed_by))]


def alt_outcome(card: Scorecard) -> str:
    """The headline as it is best heard: "Adopted", not "Adopted 14–0–1" (the tally follows)."""
    w = words(card)
    if card.vetoed_by:
        return headline(card)
    if card.vote.outcome is not Outcome.ADOPTED:
        return w.NOT_ADOPTED_ALONE
    return w.ADOPTED_PROCEDURAL_ALONE if card.vote.procedural else w.ADOPTED_ALONE


def tally_words(vote: Vote, w: Words) -> str:
    """ "11 in favour, 2 against, 2 abstained", plus any member that did not vote."""
    tally = vote.tally
    counts = [
        (tally.yes, w.TALLY_IN_FAVOUR),
        (tally.no, w.TALLY_AGAINST),
        (tally.abstain, w.TALLY_ABSTAINED),
    ]
    if tally.not_voting:
        counts.append((tally.not_voting, w.TALLY_NOT_VOTING))
    return ", ".join(w.plural(n, forms).format(n=n) for n, forms in counts)


def symbol_label(vote: Vote, w: Words) -> str:
    """ "Draft S/2016/846" or "Resolution S/RES/2728 (2024)": what a journalist cites."""
    if vote.resolution_symbol is not None:
        return w.RESOLUTION_LABEL.format(symbol=vote.resolution_symbol)
    return w.DRAFT_LABEL.format(symbol=vote.symbol)


def symbol_in_text(vote: Vote, w: Words) -> str:
    """ "draft S/2016/846", as a sentence carries it."""
    if vote.resolution_symbol is not None:
        return w.RESOLUTION_IN_TEXT.format(symbol=vote.resolution_symbol)
    return w.DRAFT_IN_TEXT.format(symbol=vote.symbol)


def title(card: Scorecard) -> str:
    """The record's short title. Titles are recorded in English only, so a card in another
    language shows none rather than mix two languages in one sentence."""
    if card.language != ENGLISH:
        return ""
    return card.vote.short_title or card.vote.title


def context_line(card: Scorecard) -> str:
    """Why the Code gives no verdict on this vote, or "" when it does."""
    w = words(card)
    return {
        CodeContext.PREDATES_CODE: w.PREDATES,
        CodeContext.NOT_ATROCITY: w.NOT_ATROCITY,
        CodeContext.UNDECIDED: w.UNDECIDED,
        CodeContext.APPLIES: "",
    }[card.context]


def code_facts(card: Scorecard, *, short_names: bool = False) -> list[str]:
    """The Code angle as facts, e.g. "Code signatory voted against: United Arab Emirates"."""
    if card.context is not CodeContext.APPLIES:
        return []
    w = words(card)
    facts = []
    for flag, choice in _FLAG_CHOICE.items():
        rows = [row for row in card.rows if flag in row.flags]
        if rows:
            names = [row.label if short_names else row.name for row in rows]
            template = w.plural(len(rows), w.CODE_FLAGS[choice])
            facts.append(template.format(members=w.join_names(names)))
    return facts


def code_line(card: Scorecard, *, short_names: bool = False, separator: str = "") -> str:
    """The one line a reader must not miss about the Code: facts, or why there are none."""
    if card.context is not CodeContext.APPLIES:
        return context_line(card)
    w = words(card)
    facts = code_facts(card, short_names=short_names)
    if facts:
        return (separator or w.SEPARATOR).join(facts)
    unknown = any(row.status is SignatoryStatus.NOT_KNOWN for row in card.rows)
    if not any(row.signed for row in card.rows):
        return w.NO_KNOWN_SIGNATORY_SEATED if unknown else w.NO_SIGNATORY_SEATED
    return w.ALL_KNOWN_SIGNATORIES_IN_FAVOUR if unknown else w.ALL_SIGNATORIES_IN_FAVOUR


def code_line_candidates(card: Scorecard) -> list[str]:
    """The Code line, with UN short names, then card labels, then only the numbers
    ("Code signatories: 3 voted against, 2 abstained") when the names do not fit a line."""
    candidates = [code_line(card), code_line(card, short_names=True)]
    counts = [
        (choice, sum(1 for row in card.rows if flag in row.flags))
        for flag, choice in _FLAG_CHOICE.items()
    ]
    signatories = sum(1 for row in card.rows if row.flags - {Flag.VETO})
    tally = flag_tally(words(card), counts, signatories)
    return [*candidates, tally] if tally else candidates


def flag_tally(w: Words, counts: list[tuple[Choice, int]], signatories: int) -> str:
    """ "Code signatories: 3 voted against, 2 abstained" from (choice, signatories) pairs;
    `signatories` is how many members these are (in a period one may both vote against and
    abstain, and is one signatory, not two)."""
    kept = [(choice, count) for choice, count in counts if count]
    if not kept:
        return ""
    phrases = [w.plural(n, w.CODE_FLAG_COUNT[choice]).format(count=n) for choice, n in kept]
    return w.plural(signatories, w.CODE_FLAGS_TALLY).format(counts=", ".join(phrases))


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
    w = words(card)
    vote = card.vote
    intro = w.ALT_INTRO.format(
        symbol=symbol_in_text(vote, w),
        date=w.long_date(vote.date),
        title=f" ({title(card)})" if title(card) else "",
    )
    outcome = f"{alt_outcome(card)}{w.COLON}{tally_words(vote, w)}."
    groups = [_alt_group(card, choice) for choice in CHOICE_ORDER]
    code = code_line(card, separator=". ")
    permanent = [row.name for row in card.rows if row.permanent]
    parts: list[tuple[int, str]] = [  # (priority to keep: lower is dropped first, text)
        (3, intro),
        (9, outcome),
        *((9, group) for group in groups if group),
        (8, f"{code}." if code else ""),
        (2, w.ALT_PERMANENT.format(members=w.join_names(permanent)) if permanent else ""),
        (7, w.SIGNATORIES_AS_OF.format(date=w.long_date(card.signatories_as_of)) + "."),
        (1, w.ALT_SOURCE.format(sources=source_names(vote)) if vote.sources else ""),
    ]
    return _fit_parts(parts, ALT_TEXT_LIMIT)


def _alt_group(card: Scorecard, choice: Choice) -> str:
    """ "Against, 3: Code signatory United Arab Emirates; not signatories China and ..."."""
    w = words(card)
    rows = [row for row in card.rows if row.choice is choice]
    if not rows:
        return ""
    head = w.ALT_GROUP.format(choice=w.CHOICE_WORD[choice], count=len(rows))
    if card.context is CodeContext.PREDATES_CODE:
        return head + w.join_names([_alt_name(row, w) for row in rows]) + "."

    def named(status: SignatoryStatus, later: bool = False) -> list[str]:
        return [
            _alt_name(row, w)
            for row in rows
            if row.status is status and row.standing.on_a_later_list is later
        ]

    groups = w.signatory_groups(
        named(SignatoryStatus.SIGNATORY),
        named(SignatoryStatus.NOT_SIGNATORY),
        capitalise=w.GROUPS_CAPITALISED,
        not_on_list=named(SignatoryStatus.NOT_KNOWN),
        on_later_list=named(SignatoryStatus.NOT_KNOWN, later=True),
        as_of=card.signatories_as_of,
    )
    return head + groups + "."


def _alt_name(row: Row, w: Words) -> str:
    return row.in_text + (f" ({w.VETO_WORD})" if Flag.VETO in row.flags else "")


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
    w = words(card)
    vote = card.vote
    head = w.POST_HEAD.format(
        headline=headline(card),
        symbol=vote.symbol,
        date=w.short_date(vote.date),
    )
    long_note = code_line(card)
    short_note = code_line(card, short_names=True)
    candidates = [
        [head, title(card), long_note],
        [head, title(card), short_note],
        [head, long_note],
        [head, short_note],
        [head],
    ]
    for lines in candidates:
        text = assemble([line for line in lines if line], link, w.HASHTAG)
        if limit.fits(text):
            return text
    return assemble([shorten_to_fit(head, link, limit, w.HASHTAG)], link, w.HASHTAG)


def assemble(lines: list[str], link: str, hashtag: str) -> str:
    """The post: its lines, the link if any, and the hashtag last."""
    return "\n".join([*lines, *([link] if link else []), hashtag])


def shorten_to_fit(head: str, link: str, limit: TextLimit, hashtag: str) -> str:
    """The head cut at the last character that still fits, with an ellipsis."""
    while head and not limit.fits(assemble([head + "…"], link, hashtag)):
        head = head[:-1]
    return head + "…"
