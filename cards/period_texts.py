"""The words of a period scorecard: headline, Code line, alt text and post texts (pure)."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from bot.domain.model import Choice
from bot.domain.period import MemberRecord, PeriodScorecard
from bot.domain.registry import SignatoryStatus
from bot.domain.text_limits import ALT_TEXT_LIMIT, TextLimit
from cards.strings import Words, capitalised, words_for
from cards.texts import assemble, flag_tally, shorten_to_fit


def period_words(card: PeriodScorecard) -> Words:
    return words_for(card.language)


def period_label(card: PeriodScorecard, *, short: bool = False) -> str:
    """ "2024" for a calendar year, else "1 March 2024 – 30 June 2024" (or, `short`,
    "1 Mar. 2024 – 30 June 2024")."""
    w = period_words(card)
    period = card.period
    if period.year is not None:
        return str(period.year)
    day = w.short_date if short else w.long_date
    return w.PERIOD_RANGE.format(start=day(period.start), end=day(period.end))


def period_kicker_candidates(card: PeriodScorecard) -> list[str]:
    """The line above the headline, from the fullest to the shortest, so a date range fits."""
    w = period_words(card)
    return [
        w.PERIOD_KICKER.format(period=period_label(card)),
        w.PERIOD_KICKER.format(period=period_label(card, short=True)),
        w.SEPARATOR.join([w.COUNCIL, period_label(card, short=True)]),
    ]


def period_counts(card: PeriodScorecard, *, in_alt_text: bool = False) -> str:
    """ "11 atrocity-related drafts put to a vote, 4 vetoed"."""
    w = period_words(card)
    drafts, vetoed = len(card.drafts), len(card.vetoed)
    return w.PERIOD_COUNTS.format(
        drafts=drafts,
        drafts_phrase=w.plural(drafts, w.PERIOD_ALT_DRAFTS if in_alt_text else w.PERIOD_DRAFTS),
        vetoed=vetoed,
        vetoed_word=w.plural(vetoed, w.PERIOD_VETOED),
    )


def period_headline(card: PeriodScorecard, *, short: bool = False) -> str:
    w = period_words(card)
    return w.PERIOD_HEADLINE.format(
        period=period_label(card, short=short), counts=headline_counts(card)
    )


def headline_counts(card: PeriodScorecard) -> str:
    """What the headline says of the drafts: their counts, or that there were none."""
    return period_counts(card) if card.drafts else period_words(card).PERIOD_COUNTS_NONE


def period_headline_candidates(card: PeriodScorecard) -> list[str]:
    """The headline; for a date range too long for it, the short dates, then the counts
    alone (the line above names the period)."""
    alone = capitalised(headline_counts(card))
    return [period_headline(card), period_headline(card, short=True), alone]


def period_code_facts(
    card: PeriodScorecard, *, short_names: bool = False, drafts: bool = True
) -> list[str]:
    """ "Code signatories voted against: France (1 draft), Japan (1 draft)" and the like;
    without `drafts`, the names alone."""
    w = period_words(card)
    facts = []
    for kind, attribute in (("against", "signatory_against"), ("abstained", "signatory_abstained")):
        members = [m for m in card.members if getattr(m, attribute)]
        if not members:
            continue
        names = [
            w.PERIOD_FLAG_MEMBER.format(
                member=m.label if short_names else m.name,
                count=getattr(m, attribute),
                draft_word=w.plural(getattr(m, attribute), w.DRAFT_WORD),
            )
            if drafts
            else (m.label if short_names else m.name)
            for m in members
        ]
        template = w.plural(len(members), w.PERIOD_FLAGS[kind])
        facts.append(template.format(members=w.join_names(names)))
    return facts


def period_code_line(
    card: PeriodScorecard, *, short_names: bool = False, drafts: bool = True
) -> str:
    w = period_words(card)
    if not card.drafts:
        return w.PERIOD_NO_DRAFTS
    if card.predates_code:
        return w.PERIOD_PREDATES
    facts = period_code_facts(card, short_names=short_names, drafts=drafts)
    return w.SEPARATOR.join(facts) if facts else w.PERIOD_NO_FLAGS


def period_code_line_candidates(card: PeriodScorecard) -> list[str]:
    """The Code line from the fullest to the shortest: names with their drafts, labels with
    their drafts, labels alone, then how many signatories ("Code signatories: 3 voted
    against, 1 abstained"); the tiles carry each member's numbers."""
    candidates = [
        period_code_line(card),
        period_code_line(card, short_names=True),
        period_code_line(card, short_names=True, drafts=False),
    ]
    if not card.drafts or card.predates_code:
        return candidates[:1]
    counts = [
        (Choice.NO, sum(1 for m in card.members if m.signatory_against)),
        (Choice.ABSTAIN, sum(1 for m in card.members if m.signatory_abstained)),
    ]
    signatories = sum(1 for m in card.members if m.signatory_against or m.signatory_abstained)
    tally = flag_tally(period_words(card), counts, signatories)
    return [*candidates, tally] if tally else candidates


def not_counted_line(card: PeriodScorecard) -> str:
    if not card.not_counted:
        return ""
    w = period_words(card)
    return w.plural(card.not_counted, w.PERIOD_NOT_COUNTED).format(count=card.not_counted)


def member_counts(member: MemberRecord, w: Words) -> str:
    """ "1 in favour, 3 against, 1 abstained, 3 vetoes" (zeros left out, as people say it)."""
    parts = [
        w.plural(getattr(member, attribute), forms).format(n=getattr(member, attribute))
        for attribute, forms in w.PERIOD_ALT_COUNTS.items()
        if getattr(member, attribute)
    ]
    if member.vetoes:
        parts.append(w.plural(member.vetoes, w.PERIOD_ALT_VETOES).format(n=member.vetoes))
    return ", ".join(parts) or w.PERIOD_ALT_NO_VOTES


def period_alt_text(card: PeriodScorecard) -> str:
    """Every member's counts and signatory status, grouped where records are identical."""
    w = period_words(card)
    intro = w.PERIOD_ALT_INTRO.format(
        period=period_label(card), counts=period_counts(card, in_alt_text=True)
    )
    closing = [
        period_code_line(card) + ".",
        not_counted_line(card) + "." if card.not_counted else "",
        w.SIGNATORIES_AS_OF.format(date=w.long_date(card.signatories_as_of)) + ".",
    ]
    for detailed in (True, False):
        groups = [
            _alt_group(list(members), detailed, card.signatories_as_of, w)
            for _, members in groupby(card.members, key=lambda m: member_counts(m, w))
        ]
        text = " ".join(part for part in [intro, *groups, *closing] if part)
        if len(text) <= ALT_TEXT_LIMIT:
            return text
    return text[: ALT_TEXT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _alt_group(members: list[MemberRecord], detailed: bool, as_of: date, w: Words) -> str:
    """ "China, not a signatory: 4 in favour, 1 against, 1 veto." for one member;
    "5 in favour each: Code signatories France and Japan; not a signatory Ecuador." for
    several with the same record."""
    counts = member_counts(members[0], w)
    if len(members) == 1:
        member = members[0]
        words = w.status_words(member.signatory, member.standing.on_a_later_list, as_of)
        status = ", " + (words if member.signatory is SignatoryStatus.SIGNATORY else words.lower())
        status = status if words and detailed else ""
        return f"{capitalised(member.in_text)}{status}{w.COLON}{counts}."
    head = counts if counts == w.PERIOD_ALT_NO_VOTES else w.PERIOD_ALT_EACH.format(counts=counts)
    names = [m.in_text for m in members]
    if not detailed or all(m.signatory is SignatoryStatus.PREDATES_CODE for m in members):
        return f"{head}{w.COLON}{w.join_names(names)}."

    def named(status: SignatoryStatus, later: bool = False) -> list[str]:
        return [
            n
            for n, m in zip(names, members, strict=True)
            if m.signatory is status and m.standing.on_a_later_list is later
        ]

    groups = w.signatory_groups(
        named(SignatoryStatus.SIGNATORY),
        named(SignatoryStatus.NOT_SIGNATORY),
        not_on_list=named(SignatoryStatus.NOT_KNOWN),
        on_later_list=named(SignatoryStatus.NOT_KNOWN, later=True),
        as_of=as_of,
    )
    return f"{head}{w.COLON}{groups}."


def period_post_text(card: PeriodScorecard, limit: TextLimit, link: str = "") -> str:
    """The post beside the period card, within the network's limit, ending in the hashtag."""
    w = period_words(card)
    head = period_headline(card)
    vetoes = [m for m in card.members if m.vetoes]
    veto_line = (
        w.PERIOD_POST_TOP_VETO.format(
            members=w.join_names(
                [w.PERIOD_POST_VETO_MEMBER.format(member=m.in_text, count=m.vetoes) for m in vetoes]
            )
        )
        if vetoes
        else ""
    )
    candidates = [
        [head, veto_line, period_code_line(card)],
        [head, veto_line, period_code_line(card, short_names=True)],
        [head, period_code_line(card, short_names=True)],
        [head],
    ]
    for lines in candidates:
        text = assemble([line for line in lines if line], link, w.HASHTAG)
        if limit.fits(text):
            return text
    return assemble([shorten_to_fit(head, link, limit, w.HASHTAG)], link, w.HASHTAG)
