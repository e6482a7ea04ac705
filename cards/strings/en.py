"""The English table: the words of the UN's English press releases and of the Code as issued
(A/70/621–S/2015/978). English is the language votes are recorded in and the default."""

from __future__ import annotations

from datetime import date

from bot.domain.model import Choice
from cards.strings.words import Words, join_with, starts_with

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""Month names spelt here, not taken from the locale, so output never depends on the machine."""


def long_date(day: date) -> str:
    """ "8 October 2016": day without a leading zero, as UN documents write dates."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """ "8 Oct 2016", for footers and post texts where space is tight."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def _flags(verb: str) -> tuple[str, str]:
    return (f"Code signatory {verb}: {{members}}", f"Code signatories {verb}: {{members}}")


ENGLISH = Words(
    LANGUAGE="en",
    HASHTAG="#ACTcodeofconduct",
    COLON=": ",
    CHOICE_WORD={
        Choice.YES: "In favour",
        Choice.NO: "Against",
        Choice.ABSTAIN: "Abstained",
        Choice.NOT_VOTING: "Did not vote",
    },
    PERMANENT_MARK="P5",
    VETO_WORD="veto",
    VETO_MARK="(veto)",
    SIGNATORY="Code signatory",
    NOT_SIGNATORY="Not a signatory",
    SIGNATORY_SHORT="Signatory",
    NOT_SIGNATORY_SHORT="Not signed",
    NOT_ON_LIST="Not on the {year} list",
    NOT_ON_LIST_SHORT="Not on {year} list",
    NOT_LISTED="Not listed",
    ON_LATER_LIST="On the {year} list",
    ON_LATER_LIST_SHORT="On {year} list",
    VETOED_BY="Vetoed by {members}",
    ADOPTED="Adopted {tally}",
    ADOPTED_ALONE="Adopted",
    ADOPTED_PROCEDURAL="Adopted {tally} (procedural)",
    ADOPTED_PROCEDURAL_ALONE="Adopted in a procedural vote, where no veto applies",
    NOT_ADOPTED="Not adopted: {yes} in favour, {no} against",
    NOT_ADOPTED_ALONE="Not adopted",
    TALLY_DASHED="{yes}–{no}–{abstain}",
    TALLY_IN_FAVOUR=("{n} in favour", "{n} in favour"),
    TALLY_AGAINST=("{n} against", "{n} against"),
    TALLY_ABSTAINED=("{n} abstained", "{n} abstained"),
    TALLY_NOT_VOTING=("{n} did not vote", "{n} did not vote"),
    COUNCIL="UN Security Council",
    DRAFT_LABEL="Draft {symbol}",
    RESOLUTION_LABEL="Resolution {symbol}",
    DRAFT_IN_TEXT="draft {symbol}",
    RESOLUTION_IN_TEXT="resolution {symbol}",
    CODE_FLAGS={
        Choice.NO: _flags("voted against"),
        Choice.ABSTAIN: _flags("abstained"),
        Choice.NOT_VOTING: _flags("did not vote"),
    },
    ALL_SIGNATORIES_IN_FAVOUR="Every Code signatory on the Council voted in favour",
    ALL_KNOWN_SIGNATORIES_IN_FAVOUR="Every known Code signatory on the Council voted in favour",
    NO_SIGNATORY_SEATED="No Code signatory sat on the Council for this vote",
    NO_KNOWN_SIGNATORY_SEATED=(
        "No member known to be a Code signatory sat on the Council for this vote"
    ),
    PREDATES="Voted before the ACT Code of Conduct existed (launched 23 October 2015)",
    NOT_ATROCITY="Not classified as about atrocity crimes, so the Code's pledge does not apply",
    UNDECIDED="Not yet classified as about atrocity crimes, so not measured against the Code",
    SOURCE="Source: {sources}",
    SIGNATORIES_AS_OF="Code signatories as of {date}",
    LEGEND_AS_OF="P5: permanent member · ACT Code of Conduct signatories as of {date}",
    SEPARATOR=" · ",
    ALT_INTRO="Scorecard of the UN Security Council vote on {symbol}, {date}{title}.",
    ALT_GROUP="{choice}, {count}: ",
    ALT_PERMANENT="Permanent members: {members}.",
    ALT_SOURCE="Source: {sources}.",
    GROUP_SIGNED=("Code signatory {names}", "Code signatories {names}"),
    GROUP_UNSIGNED=("not a signatory {names}", "not signatories {names}"),
    GROUP_NOT_ON_LIST=("not on the {year} list: {names}", "not on the {year} list: {names}"),
    GROUP_ON_LATER_LIST=(
        "on the {year} list, date of joining not known: {names}",
        "on the {year} list, date of joining not known: {names}",
    ),
    GROUP_SEPARATOR="; ",
    GROUPS_CAPITALISED=True,
    POST_HEAD="{headline}: {symbol}, {date}",
    PERIOD_KICKER="UN Security Council · votes on atrocity-related drafts · {period}",
    PERIOD_HEADLINE="{period}: {counts}",
    PERIOD_COUNTS="{drafts} {drafts_phrase}, {vetoed} {vetoed_word}",
    PERIOD_DRAFTS=("atrocity-related draft put to a vote", "atrocity-related drafts put to a vote"),
    PERIOD_VETOED=("vetoed", "vetoed"),
    PERIOD_COUNTS_NONE="no atrocity-related draft put to a vote",
    DRAFT_WORD=("draft", "drafts"),
    PERIOD_RANGE="{start} – {end}",
    PERIOD_FLAGS={"against": _flags("voted against"), "abstained": _flags("abstained")},
    PERIOD_FLAG_MEMBER="{member} ({count} {draft_word})",
    PERIOD_NO_FLAGS="No Code signatory voted against or abstained on these drafts",
    PERIOD_NO_DRAFTS="No atrocity-related draft was put to a vote in this period",
    PERIOD_PREDATES=(
        "These votes came before the ACT Code of Conduct existed (launched 23 October 2015)"
    ),
    PERIOD_VETOES=("{count} veto", "{count} vetoes"),
    PERIOD_NOT_COUNTED=(
        "{count} other vote not classified atrocity-related is not counted",
        "{count} other votes not classified atrocity-related are not counted",
    ),
    PERIOD_LEGEND=("in favour", "against", "abstained"),
    PERIOD_SOURCE="Sources: {sources}",
    PERIOD_SOURCES_TOP="{publisher} ({count} of {total}) and others",
    PERIOD_LEGEND_LEAD="Votes of each member on these drafts:",
    PERIOD_ALT_INTRO=(
        "Scorecard of UN Security Council votes on atrocity-related drafts, {period}: {counts}."
    ),
    PERIOD_ALT_DRAFTS=("draft put to a vote", "drafts put to a vote"),
    PERIOD_ALT_COUNTS={
        "in_favour": ("{n} in favour", "{n} in favour"),
        "against": ("{n} against", "{n} against"),
        "abstained": ("{n} abstained", "{n} abstained"),
        "not_voting": ("{n} did not vote", "{n} did not vote"),
    },
    PERIOD_ALT_VETOES=("{n} veto", "{n} vetoes"),
    PERIOD_ALT_NO_VOTES="No votes",
    PERIOD_ALT_EACH="{counts} each",
    PERIOD_POST_TOP_VETO="Vetoes: {members}",
    PERIOD_POST_VETO_MEMBER="{member} {count}",
    # Shorter forms where the names do not fit; the tiles still show each member.
    VETOED_BY_COUNT="Vetoed by {count} permanent members",
    CODE_FLAGS_TALLY=("Code signatory: {counts}", "Code signatories: {counts}"),
    CODE_FLAG_COUNT={
        Choice.NO: ("{count} voted against", "{count} voted against"),
        Choice.ABSTAIN: ("{count} abstained", "{count} abstained"),
        Choice.NOT_VOTING: ("{count} did not vote", "{count} did not vote"),
    },
    is_singular=lambda count: count == 1,
    is_plural_name=starts_with(),
    join_names=join_with("and"),
    long_date=long_date,
    short_date=short_date,
)
