"""The shape of a language's table: every word a card, an alt text or a post text uses.

One `Words` per language (cards/strings/en.py, fr.py, es.py). It is a dataclass without
defaults, so a table that leaves a string out fails when it is built, never on a card. The
layouts and text builders pick entries from it and fill in names, numbers and dates; the
few rules that differ by language (plurals, lists, dates) are functions of the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.domain.model import Choice
from bot.domain.registry import SignatoryStatus

Forms = tuple[str, str]
"""(singular, plural) of one phrase; the language's `is_singular` picks one."""


@dataclass(frozen=True)
class Words:
    LANGUAGE: str
    HASHTAG: str
    COLON: str  # ": " in English and Spanish; French sets a no-break space before it

    # Member tiles and lists of votes.
    CHOICE_WORD: Mapping[Choice, str]
    PERMANENT_MARK: str
    VETO_WORD: str
    VETO_MARK: str
    SIGNATORY: str
    NOT_SIGNATORY: str
    SIGNATORY_SHORT: str  # beside a P5 badge in bold; the footer names the Code
    NOT_SIGNATORY_SHORT: str
    NOT_ON_LIST: str  # not known: absent from the last list, no later source
    NOT_ON_LIST_SHORT: str
    NOT_LISTED: str  # the shortest form, beside a P5 badge; the footer gives the list's date
    ON_LATER_LIST: str  # not known: on a later list, joining day not known
    ON_LATER_LIST_SHORT: str

    # Headlines: the outcome in plain words.
    VETOED_BY: str
    ADOPTED: str
    ADOPTED_ALONE: str
    ADOPTED_PROCEDURAL: str
    ADOPTED_PROCEDURAL_ALONE: str
    NOT_ADOPTED: str
    NOT_ADOPTED_ALONE: str
    TALLY_DASHED: str
    TALLY_IN_FAVOUR: Forms
    TALLY_AGAINST: Forms
    TALLY_ABSTAINED: Forms
    TALLY_NOT_VOTING: Forms

    # The kicker above the headline: who voted, on what, when.
    COUNCIL: str
    DRAFT_LABEL: str
    RESOLUTION_LABEL: str
    DRAFT_IN_TEXT: str  # "draft S/2016/846", as a sentence carries it
    RESOLUTION_IN_TEXT: str

    # The Code angle, worded as fact.
    CODE_FLAGS: Mapping[Choice, Forms]
    ALL_SIGNATORIES_IN_FAVOUR: str
    ALL_KNOWN_SIGNATORIES_IN_FAVOUR: str
    NO_SIGNATORY_SEATED: str
    NO_KNOWN_SIGNATORY_SEATED: str
    PREDATES: str
    NOT_ATROCITY: str
    UNDECIDED: str

    # Footer.
    SOURCE: str
    SIGNATORIES_AS_OF: str
    LEGEND_AS_OF: str
    SEPARATOR: str

    # Alt text (read aloud: whole words, no symbols).
    ALT_INTRO: str
    ALT_GROUP: str  # "Against, 3: "
    ALT_PERMANENT: str
    ALT_SOURCE: str
    GROUP_SIGNED: Forms
    GROUP_UNSIGNED: Forms
    GROUP_NOT_ON_LIST: Forms
    GROUP_ON_LATER_LIST: Forms
    GROUP_SEPARATOR: str  # between the groups of one vote: "; "
    GROUPS_CAPITALISED: bool  # "Against, 3: Code signatory ..." (English capitalises)

    # Post texts.
    POST_HEAD: str

    # Period scorecard.
    PERIOD_KICKER: str
    PERIOD_HEADLINE: str
    PERIOD_COUNTS: str
    PERIOD_DRAFTS: Forms  # "atrocity-related draft(s) put to a vote"
    PERIOD_VETOED: Forms
    PERIOD_COUNTS_NONE: str  # PERIOD_COUNTS when no draft was put to a vote
    DRAFT_WORD: Forms
    PERIOD_RANGE: str
    PERIOD_FLAGS: Mapping[str, Forms]  # "against", "abstained"
    PERIOD_FLAG_MEMBER: str
    PERIOD_NO_FLAGS: str
    PERIOD_NO_DRAFTS: str
    PERIOD_PREDATES: str
    PERIOD_VETOES: Forms
    PERIOD_NOT_COUNTED: Forms
    PERIOD_LEGEND: tuple[str, str, str]  # in favour, against, abstained
    PERIOD_SOURCE: str
    PERIOD_SOURCES_TOP: str  # the most used publisher, when all of them do not fit
    PERIOD_LEGEND_LEAD: str
    PERIOD_ALT_INTRO: str
    PERIOD_ALT_DRAFTS: Forms  # the intro has said atrocity-related already
    PERIOD_ALT_COUNTS: Mapping[str, Forms]  # in_favour, against, abstained, not_voting
    PERIOD_ALT_VETOES: Forms
    PERIOD_ALT_NO_VOTES: str
    PERIOD_ALT_EACH: str
    PERIOD_POST_TOP_VETO: str
    PERIOD_POST_VETO_MEMBER: str  # one item of that line: "the Russian Federation 3"

    # Shorter forms, for when the names do not fit on the card (the tiles still show each).
    VETOED_BY_COUNT: str  # "Vetoed by {count} permanent members"
    CODE_FLAGS_TALLY: Forms  # "Code signatories: {counts}" (singular when one signatory)
    CODE_FLAG_COUNT: Mapping[Choice, Forms]  # "{count} voted against", for CODE_FLAGS_TALLY

    # The rules that differ by language.
    is_singular: Callable[[int], bool]
    is_plural_name: Callable[[str], bool]  # "les États-Unis": one name that takes the plural
    join_names: Callable[[list[str]], str]
    long_date: Callable[[date], str]
    short_date: Callable[[date], str]

    def plural(self, count: int, forms: Forms) -> str:
        return forms[0] if self.is_singular(count) else forms[1]

    def status_words(self, status: SignatoryStatus, on_a_later_list: bool, as_of: date) -> str:
        """A tile's signatory line: "Code signatory", "Not a signatory", or, where no source
        says, what is known ("Not on the 2017 list"); never an accusation."""
        candidates = self.status_candidates(status, on_a_later_list, as_of)
        return candidates[0] if candidates else ""

    def status_candidates(
        self, status: SignatoryStatus, on_a_later_list: bool, as_of: date
    ) -> list[str]:
        """The signatory line and its shorter forms, longest first, for a tile to fit."""
        if status is SignatoryStatus.SIGNATORY:
            return [self.SIGNATORY, self.SIGNATORY_SHORT]
        if status is SignatoryStatus.NOT_SIGNATORY:
            return [self.NOT_SIGNATORY, self.NOT_SIGNATORY_SHORT]
        if status is SignatoryStatus.NOT_KNOWN:
            forms = (
                (self.ON_LATER_LIST, self.ON_LATER_LIST_SHORT)
                if on_a_later_list
                else (self.NOT_ON_LIST, self.NOT_ON_LIST_SHORT, self.NOT_LISTED)
            )
            return [form.format(year=as_of.year) for form in forms]
        return []

    def signatory_groups(
        self,
        signed: list[str],
        unsigned: list[str],
        *,
        capitalise: bool = False,
        not_on_list: list[str] | None = None,
        on_later_list: list[str] | None = None,
        as_of: date | None = None,
    ) -> str:
        """ "Code signatories France and Spain; not signatories Russia and China; not on the
        2017 list: Mozambique" (read aloud). The last two are states no source places."""
        year = as_of.year if as_of else ""
        pieces = []
        if signed:
            pieces.append(self._group(signed, self.GROUP_SIGNED))
        if unsigned:
            pieces.append(self._group(unsigned, self.GROUP_UNSIGNED))
        if not_on_list:
            pieces.append(self._group(not_on_list, self.GROUP_NOT_ON_LIST, year))
        if on_later_list:
            pieces.append(self._group(on_later_list, self.GROUP_ON_LATER_LIST, year))
        text = self.GROUP_SEPARATOR.join(pieces)
        return capitalised(text) if capitalise else text

    def _group(self, names: list[str], forms: Forms, year: object = "") -> str:
        """One group of names and the words that describe it, which agree in number with the
        names: one name with a plural article is plural ("les États-Unis, non signataires")."""
        count = len(names)
        if count == 1 and self.is_plural_name(names[0]):
            count = 2
        return self.plural(count, forms).format(names=self.join_names(names), year=year)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def starts_with(*articles: str) -> Callable[[str], bool]:
    """A name is plural when it starts with one of the language's plural articles."""
    return lambda name: name.startswith(articles) if articles else False


def join_with(conjunction: str) -> Callable[[list[str]], str]:
    """ "A", "A and B", "A, B and C": the list style of UN press releases."""

    def join(items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]

    return join
