"""The words of a period scorecard: headline, Code line, alt text and post texts (pure)."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from bot.domain.period import MemberRecord, PeriodScorecard
from bot.domain.registry import SignatoryStatus
from bot.domain.text_limits import ALT_TEXT_LIMIT, TextLimit
from cards import strings
from cards.texts import shorten_to_fit


def period_label(card: PeriodScorecard) -> str:
    """ "2024" for a calendar year, else "1 March 2024 – 30 June 2024"."""
    period = card.period
    if period.year is not None:
        return str(period.year)
    return strings.PERIOD_RANGE.format(
        start=strings.long_date(period.start), end=strings.long_date(period.end)
    )


def period_headline(card: PeriodScorecard) -> str:
    drafts = len(card.drafts)
    if not drafts:
        return strings.PERIOD_HEADLINE_NONE.format(period=period_label(card))
    return strings.PERIOD_HEADLINE.format(
        period=period_label(card),
        drafts=drafts,
        draft_word=strings.plural(drafts, strings.DRAFT_WORD),
        vetoed=len(card.vetoed),
    )


def period_code_facts(card: PeriodScorecard, *, short_names: bool = False) -> list[str]:
    """ "Code signatories voted against: France (1×), Japan (1×)" and the like."""
    facts = []
    for kind, attribute in (("against", "signatory_against"), ("abstained", "signatory_abstained")):
        members = [m for m in card.members if getattr(m, attribute)]
        if not members:
            continue
        names = [
            strings.PERIOD_FLAG_MEMBER.format(
                member=m.label if short_names else m.name,
                count=getattr(m, attribute),
                draft_word=strings.plural(getattr(m, attribute), strings.DRAFT_WORD),
            )
            for m in members
        ]
        one, many = strings.PERIOD_FLAG_GROUP[kind]
        template = one if len(members) == 1 else many
        facts.append(template.format(members=strings.join_names(names)))
    return facts


def period_code_line(card: PeriodScorecard, *, short_names: bool = False) -> str:
    if not card.drafts:
        return strings.PERIOD_NO_DRAFTS
    if card.predates_code:
        return strings.PERIOD_PREDATES
    facts = period_code_facts(card, short_names=short_names)
    return strings.SEPARATOR.join(facts) if facts else strings.PERIOD_NO_FLAGS


def not_counted_line(card: PeriodScorecard) -> str:
    if not card.not_counted:
        return ""
    one, many = strings.PERIOD_NOT_COUNTED
    return (one if card.not_counted == 1 else many).format(count=card.not_counted)


def member_counts(member: MemberRecord) -> str:
    """ "1 in favour, 3 against, 1 abstained, 3 vetoes" (zeros left out, as people say it)."""
    parts = [
        template.format(n=getattr(member, attribute))
        for attribute, template in strings.PERIOD_ALT_COUNTS.items()
        if getattr(member, attribute)
    ]
    if member.vetoes:
        parts.append(
            strings.plural(member.vetoes, strings.PERIOD_ALT_VETOES).format(n=member.vetoes)
        )
    return ", ".join(parts) or strings.PERIOD_ALT_NO_VOTES


def period_alt_text(card: PeriodScorecard) -> str:
    """Every member's counts and signatory status, grouped where records are identical."""
    drafts = len(card.drafts)
    intro = strings.PERIOD_ALT_INTRO.format(
        period=period_label(card),
        drafts=drafts,
        draft_word=strings.plural(drafts, strings.DRAFT_WORD),
        vetoed=len(card.vetoed),
    )
    closing = [
        period_code_line(card) + ".",
        not_counted_line(card) + "." if card.not_counted else "",
        strings.SIGNATORIES_AS_OF.format(date=strings.long_date(card.signatories_as_of)) + ".",
    ]
    for detailed in (True, False):
        groups = [
            _alt_group(list(members), detailed, card.signatories_as_of)
            for _, members in _groups(card)
        ]
        text = " ".join(part for part in [intro, *groups, *closing] if part)
        if len(text) <= ALT_TEXT_LIMIT:
            return text
    return text[: ALT_TEXT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _groups(card: PeriodScorecard) -> groupby[str, MemberRecord]:
    return groupby(card.members, key=member_counts)


def _alt_group(members: list[MemberRecord], detailed: bool, as_of: date) -> str:
    """ "China, not a signatory: 4 in favour, 1 against, 1 veto." for one member;
    "5 in favour each: Code signatories France and Japan; not a signatory Ecuador." for
    several with the same record."""
    counts = member_counts(members[0])
    if len(members) == 1:
        member = members[0]
        words = strings.status_words(member.signatory, member.standing.on_a_later_list, as_of)
        status = ", " + (words if member.signatory is SignatoryStatus.SIGNATORY else words.lower())
        status = status if words else ""
        name = strings.with_article(member.name)
        return f"{name[:1].upper()}{name[1:]}{status if detailed else ''}: {counts}."
    head = counts if counts == strings.PERIOD_ALT_NO_VOTES else f"{counts} each"
    names = [strings.with_article(m.name) for m in members]
    if not detailed or all(m.signatory is SignatoryStatus.PREDATES_CODE for m in members):
        return f"{head}: {strings.join_names(names)}."

    def named(status: SignatoryStatus, later: bool = False) -> list[str]:
        return [
            n
            for n, m in zip(names, members, strict=True)
            if m.signatory is status and m.standing.on_a_later_list is later
        ]

    groups = strings.signatory_groups(
        named(SignatoryStatus.SIGNATORY),
        named(SignatoryStatus.NOT_SIGNATORY),
        not_on_list=named(SignatoryStatus.NOT_KNOWN),
        on_later_list=named(SignatoryStatus.NOT_KNOWN, later=True),
        as_of=as_of,
    )
    return f"{head}: {groups}."


def period_post_text(card: PeriodScorecard, limit: TextLimit, link: str = "") -> str:
    """The post beside the period card, within the network's limit, ending in the hashtag."""
    head = period_headline(card)
    vetoes = [m for m in card.members if m.vetoes]
    veto_line = (
        strings.PERIOD_POST_TOP_VETO.format(
            members=strings.join_names(
                [f"{strings.with_article(m.name)} {m.vetoes}" for m in vetoes]
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
        text = _assemble([line for line in lines if line], link)
        if limit.fits(text):
            return text
    return _assemble([shorten_to_fit(head, link, limit)], link)


def _assemble(lines: list[str], link: str) -> str:
    return "\n".join([*lines, *([link] if link else []), strings.HASHTAG])
