"""Every user-facing string of cards, alt texts and post texts, in one place (English).

French and Spanish can follow as sibling tables without touching the layout, the painter or
the text builders: those only pick entries from here and fill in names, numbers and dates.
"""

from __future__ import annotations

from datetime import date

from bot.domain.model import Choice
from bot.domain.registry import SignatoryStatus

HASHTAG = "#ACTcodeofconduct"

CHOICE_WORD = {
    Choice.YES: "In favour",
    Choice.NO: "Against",
    Choice.ABSTAIN: "Abstained",
    Choice.NOT_VOTING: "Did not vote",
}
CHOICE_VERB = {
    Choice.YES: "voted in favour",
    Choice.NO: "voted against",
    Choice.ABSTAIN: "abstained",
    Choice.NOT_VOTING: "did not vote",
}

# Headlines: the outcome in plain words.
VETOED_BY = "Vetoed by {members}"
ADOPTED = "Adopted {tally}"
ADOPTED_ALONE = "Adopted"
ADOPTED_PROCEDURAL = "Adopted {tally} (procedural)"
ADOPTED_PROCEDURAL_ALONE = "Adopted in a procedural vote, where no veto applies"
NOT_ADOPTED = "Not adopted: {yes} in favour, {no} against"
TALLY_DASHED = "{yes}–{no}–{abstain}"
TALLY_WORDS = "{yes} in favour, {no} against, {abstain} abstained"

# The kicker above the headline: who voted, on what, when.
COUNCIL = "UN Security Council"
DRAFT_LABEL = "Draft {symbol}"
RESOLUTION_LABEL = "Resolution {symbol}"

# Member tiles.
PERMANENT_MARK = "P5"
VETO_WORD = "veto"
VETO_MARK = "(veto)"
SIGNATORY = "Code signatory"
NOT_SIGNATORY = "Not a signatory"
SIGNATORY_SHORT = "Signatory"  # beside a P5 badge in bold; the footer names the Code
NOT_SIGNATORY_SHORT = "Not signed"
NOT_ON_LIST = "Not on the {year} list"  # not known: absent from the last list, no later source
NOT_ON_LIST_SHORT = "Not on {year} list"
NOT_LISTED = "Not listed"  # the shortest form, beside a P5 badge; the footer gives the list's date
ON_LATER_LIST = "On the {year} list"  # not known: on a later list, joining day not known
ON_LATER_LIST_SHORT = "On {year} list"

# The Code angle, worded as fact.
CODE_FLAGS = {
    Choice.NO: (
        "Code signatory voted against: {members}",
        "Code signatories voted against: {members}",
    ),
    Choice.ABSTAIN: (
        "Code signatory abstained: {members}",
        "Code signatories abstained: {members}",
    ),
    Choice.NOT_VOTING: (
        "Code signatory did not vote: {members}",
        "Code signatories did not vote: {members}",
    ),
}
ALL_SIGNATORIES_IN_FAVOUR = "Every Code signatory on the Council voted in favour"
ALL_KNOWN_SIGNATORIES_IN_FAVOUR = "Every known Code signatory on the Council voted in favour"
NO_SIGNATORY_SEATED = "No Code signatory sat on the Council for this vote"
NO_KNOWN_SIGNATORY_SEATED = (
    "No member known to be a Code signatory sat on the Council for this vote"
)
PREDATES = "Voted before the ACT Code of Conduct existed (launched 23 October 2015)"
NOT_ATROCITY = "Not classified as atrocity-related: no Code verdict"
UNDECIDED = "Not yet classified as atrocity-related: no Code verdict"

# Footer.
SOURCE = "Source: {sources}"
SIGNATORIES_AS_OF = "Code signatories as of {date}"
LEGEND_AS_OF = "P5: permanent member · ACT Code of Conduct signatories as of {date}"
SEPARATOR = " · "

# Alt text (read aloud: whole words, no symbols).
ALT_INTRO = "Scorecard of the UN Security Council vote on {symbol}, {date}{title}."
ALT_SOURCE = "Source: {sources}."

# Post texts.
POST_HEAD = "{headline}: {symbol}, {date}"

# Period scorecard.
PERIOD_KICKER = "UN Security Council · votes on atrocity-related drafts · {period}"
PERIOD_HEADLINE = "{period}: {drafts} atrocity-related {draft_word} put to a vote, {vetoed} vetoed"
PERIOD_HEADLINE_NONE = "{period}: no atrocity-related draft put to a vote"
DRAFT_WORD = ("draft", "drafts")
PERIOD_RANGE = "{start} – {end}"
PERIOD_FLAG_GROUP = {
    "against": (
        "Code signatory voted against: {members}",
        "Code signatories voted against: {members}",
    ),
    "abstained": ("Code signatory abstained: {members}", "Code signatories abstained: {members}"),
}
PERIOD_FLAG_MEMBER = "{member} ({count} {draft_word})"
PERIOD_NO_FLAGS = "No Code signatory voted against or abstained on these drafts"
PERIOD_NO_DRAFTS = "No atrocity-related draft was put to a vote in this period"
PERIOD_PREDATES = (
    "These votes came before the ACT Code of Conduct existed (launched 23 October 2015)"
)
PERIOD_VETOES = ("{count} veto", "{count} vetoes")
PERIOD_NOT_COUNTED = (
    "{count} other vote not classified atrocity-related is not counted",
    "{count} other votes not classified atrocity-related are not counted",
)
PERIOD_LEGEND = ("in favour", "against", "abstained")
PERIOD_SOURCE = "Sources: {sources}"
PERIOD_LEGEND_LEAD = "Votes of each member on these drafts:"
PERIOD_ALT_INTRO = (
    "Scorecard of UN Security Council votes on atrocity-related drafts, {period}: "
    "{drafts} {draft_word} put to a vote, {vetoed} vetoed."
)
PERIOD_ALT_COUNTS = {
    "in_favour": "{n} in favour",
    "against": "{n} against",
    "abstained": "{n} abstained",
    "not_voting": "{n} did not vote",
}
PERIOD_ALT_VETOES = ("{n} veto", "{n} vetoes")
PERIOD_ALT_NO_VOTES = "No votes"
PERIOD_POST_TOP_VETO = "Vetoes: {members}"

# Names that read with "the" in running text (UN style: "vetoed by the Russian Federation").
NAMES_WITH_ARTICLE = frozenset(
    {
        "Russian Federation",
        "United Kingdom",
        "United States",
        "United Arab Emirates",
        "Republic of Korea",
        "Dominican Republic",
        "Democratic Republic of the Congo",
        "Netherlands (Kingdom of the)",
        "Netherlands",
        "Niger",
        "Philippines",
        "Gambia",
        "Sudan",
        "Czech Republic",
        "Republic of Moldova",
    }
)


def with_article(name: str) -> str:
    """ "the Russian Federation" in running text; a bare name where no article belongs."""
    return f"the {name}" if name in NAMES_WITH_ARTICLE else name


def join_names(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C": the list style of UN press releases."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, forms: tuple[str, str]) -> str:
    return forms[0] if count == 1 else forms[1]


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


def status_words(status: SignatoryStatus, on_a_later_list: bool, as_of: date) -> str:
    """A tile's signatory line: "Code signatory", "Not a signatory", or, where no source
    says, what is known ("Not on the 2017 list", "On the 2017 list"); never an accusation."""
    candidates = status_candidates(status, on_a_later_list, as_of)
    return candidates[0] if candidates else ""


def status_candidates(status: SignatoryStatus, on_a_later_list: bool, as_of: date) -> list[str]:
    """The signatory line and its shorter forms, longest first, for a tile to fit."""
    if status is SignatoryStatus.SIGNATORY:
        return [SIGNATORY, SIGNATORY_SHORT]
    if status is SignatoryStatus.NOT_SIGNATORY:
        return [NOT_SIGNATORY, NOT_SIGNATORY_SHORT]
    if status is SignatoryStatus.NOT_KNOWN:
        forms = (
            (ON_LATER_LIST, ON_LATER_LIST_SHORT)
            if on_a_later_list
            else (NOT_ON_LIST, NOT_ON_LIST_SHORT, NOT_LISTED)
        )
        return [form.format(year=as_of.year) for form in forms]
    return []


def signatory_groups(
    signed: list[str],
    unsigned: list[str],
    *,
    capitalise: bool = False,
    not_on_list: list[str] | None = None,
    on_later_list: list[str] | None = None,
    as_of: date | None = None,
) -> str:
    """ "Code signatories France and Spain; not signatories Russia and China; not on the 2017
    list: Mozambique" (read aloud). The last two are states no source places on the day."""
    pieces = []
    if signed:
        word = SIGNATORY if len(signed) == 1 else "Code signatories"
        pieces.append(f"{word} {join_names(signed)}")
    if unsigned:
        word = "not a signatory" if len(unsigned) == 1 else "not signatories"
        pieces.append(f"{word} {join_names(unsigned)}")
    year = as_of.year if as_of else ""
    if not_on_list:
        pieces.append(f"not on the {year} list: {join_names(not_on_list)}")
    if on_later_list:
        pieces.append(f"on the {year} list, date of joining not known: {join_names(on_later_list)}")
    text = "; ".join(pieces)
    return text[:1].upper() + text[1:] if capitalise else text
