"""Read UN Meetings Coverage press releases (press.un.org, SC/nnnnn): the same-day source.

A release names only the minority ("13 in favour to 2 against (China, Russian Federation)"), so
"in favour" is filled from the members seated that year. The wording changes from release to
release (digits or words, clauses in any order, the veto sometimes named only as "a negative
vote of a permanent member"), so each count clause is read on its own and then the whole must
add up: every named member sits on the Council that year, the counts sum to the seated
members, the stated outcome follows from the ballots, the vetoes match. Anything less becomes a
Rejection for the review queue, never a guessed vote: missing data beats wrong data.

`parse_press_release` and `parse_rss` are pure; `PressReleaseSource` adds the fetching.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin
from xml.etree.ElementTree import Element  # the type only: parsing goes through defusedxml

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bot.domain import rules
from bot.domain.model import (
    Ballot,
    Choice,
    Outcome,
    SourceRef,
    Vote,
    VoteStatus,
    derive_vetoes,
    expected_outcome,
)
from bot.domain.registry import CouncilMembership, MemberNames
from bot.domain.symbols import DraftSymbol, ResolutionSymbol, SymbolError, normalise_meeting
from bot.sources.base import PollResult, Rejection, SourceError, VoteReport
from bot.sources.http import Fetcher

PUBLISHER = "UN Meetings Coverage press release"
SOURCE_NAME = "un-press"

PressResult = Vote | Rejection

# --------------------------------------------------------------------------------------------
# Member names -> ISO3
# --------------------------------------------------------------------------------------------

_EXTRA_ALIASES: Mapping[str, tuple[str, ...]] = {
    # Forms seen in UN texts and in the press besides the UN short names in data/members.json.
    "USA": ("United States of America", "United States", "USA", "U.S.A."),
    "GBR": (
        "United Kingdom of Great Britain and Northern Ireland",
        "United Kingdom",
        "UK",
        "U.K.",
        "Britain",
    ),
    "RUS": ("Russian Federation", "Russia"),
    "CIV": ("Cote d'Ivoire", "Ivory Coast"),
    "KOR": ("Republic of Korea", "South Korea"),
    "TUR": ("Turkiye", "Turkey"),
    "CZE": ("Czech Republic",),
    "MKD": ("former Yugoslav Republic of Macedonia", "Macedonia"),
    "CPV": ("Cape Verde",),
    "VNM": ("Vietnam",),
    "MDA": ("Moldova",),
    "VCT": ("St. Vincent and the Grenadines", "St Vincent and the Grenadines"),
    "KNA": ("St. Kitts and Nevis", "St Kitts and Nevis"),
    "COD": ("Democratic Republic of Congo", "DR Congo"),
    "TLS": ("East Timor",),
    "PSE": ("Palestine",),
    "NLD": ("Netherlands",),
    "BOL": ("Bolivia",),
    "VEN": ("Venezuela",),
}

_SEPARATORS = re.compile(r"(?:\s+|,|;|&|\band\b|\bthe\b|\bas well as\b)+")
_UNKNOWN_TOKEN = re.compile(r"[^,;&]*?(?=\s+and\s+|\s*[,;&]|$)")
_PARENTHETICAL = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<qualifier>[^()]+)\)$")


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, one space: Côte d’Ivoire -> cote d'ivoire."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(plain.lower().split())


class MemberIndex:
    """Finds members by any of their names: the UN short name, its parts, and common variants."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._aliases = dict(aliases)
        ordered = sorted(self._aliases, key=len, reverse=True)
        self._pattern = re.compile(
            "(?:" + "|".join(re.escape(alias) for alias in ordered) + r")(?![a-z0-9])"
        )

    @classmethod
    def from_names(
        cls, names: MemberNames, extra: Mapping[str, Iterable[str]] | None = None
    ) -> MemberIndex:
        aliases: dict[str, str] = {}

        def add(alias: str, code: str) -> None:
            folded = fold(alias)
            if folded.startswith("the "):
                folded = folded[4:]
            if folded:
                aliases.setdefault(folded, code)

        for code, name in names.names.items():
            add(name, code)
            add(code, code)
            parts = _PARENTHETICAL.match(name)
            if parts:  # "Bolivia (Plurinational State of)" -> also "Plurinational State of Bolivia"
                add(parts["base"], code)
                add(f"{parts['qualifier']} {parts['base']}", code)
        for source in (_EXTRA_ALIASES, extra or {}):
            for code, variants in source.items():
                for variant in variants:
                    add(variant, code)
        return cls(aliases)

    def lookup(self, name: str) -> str | None:
        folded = fold(name)
        if folded.startswith("the "):
            folded = folded[4:]
        return self._aliases.get(folded)

    def parse_list(self, text: str) -> tuple[list[str], list[str]]:
        """All members in a list like "Angola, China and the Russian Federation".

        Returns (codes, unknown names): names join with commas and "and", but "Trinidad and
        Tobago" is one name, so the longest known name is taken at each step.
        """
        folded = fold(text)
        codes: list[str] = []
        unknown: list[str] = []
        position = 0
        while position < len(folded):
            gap = _SEPARATORS.match(folded, position)
            if gap:
                position = gap.end()
                continue
            found = self._pattern.match(folded, position)
            if found:
                codes.append(self._aliases[found.group()])
                position = found.end()
                continue
            token = _UNKNOWN_TOKEN.match(folded, position)
            end = token.end() if token and token.end() > position else len(folded)
            unknown.append(folded[position:end].strip())
            position = end
        return codes, unknown

    def parse_leading(self, text: str) -> list[str]:
        """The members at the start of `text`, stopping at the first word that is not one.

        For phrases like "vetoed by the Russian Federation, which said ..." where the list has
        no closing bracket.
        """
        folded = fold(text)
        codes: list[str] = []
        position = 0
        while position < len(folded):
            gap = _SEPARATORS.match(folded, position)
            if gap:
                position = gap.end()
                continue
            found = self._pattern.match(folded, position)
            if not found:
                break
            codes.append(self._aliases[found.group()])
            position = found.end()
        return codes


# --------------------------------------------------------------------------------------------
# Page -> text
# --------------------------------------------------------------------------------------------

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "nav", "footer", "aside", "form", "select"}
)
_BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
        "th", "table", "section", "article", "main", "header", "blockquote", "dd", "dt",
    }
)  # fmt: skip
_DATE_META = frozenset({"article:published_time", "dcterms.date", "date", "dc.date"})


class _PageText(HTMLParser):
    """The readable text of a page (the <article> or <main> when there is one), its headline,
    and machine-readable dates (<time datetime>, <meta>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.everything: list[str] = []
        self.main: list[str] = []
        self.headline: list[str] = []
        self.dates: list[str] = []
        self._skip_depth = 0
        self._main_depth = 0
        self._in_h1 = False
        self._h1_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): value or "" for key, value in attrs}
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag in ("article", "main"):
            self._main_depth += 1
        elif tag == "h1" and not self._h1_done:
            self._in_h1 = True
        elif tag == "time" and values.get("datetime"):
            self.dates.append(values["datetime"])
        elif tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key in _DATE_META and values.get("content"):
                self.dates.append(values["content"])
        if tag in _BLOCKS:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in ("article", "main"):
            self._main_depth = max(0, self._main_depth - 1)
        elif tag == "h1" and self._in_h1:
            self._in_h1 = False
            self._h1_done = True
        if tag in _BLOCKS:
            self._emit("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_h1:  # a headline summarises ("... with United States Abstaining"): not read
            self.headline.append(data)
            return
        self._emit(data)

    def _emit(self, text: str) -> None:
        if self._skip_depth:
            return
        self.everything.append(text)
        if self._main_depth:
            self.main.append(text)


@dataclass(frozen=True)
class PageText:
    text: str
    headline: str
    dates: tuple[str, ...]


_LOOKS_LIKE_HTML = re.compile(r"<(?:!doctype|html|head|body|p|div|article|h1|span|br)\b", re.I)


def page_text(html_or_text: str) -> PageText:
    """Paragraphs separated by blank lines; HTML whitespace collapsed, plain text kept."""
    if not _LOOKS_LIKE_HTML.search(html_or_text):
        return PageText(html_or_text, "", ())
    parser = _PageText()
    try:
        parser.feed(html_or_text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        stripped = re.sub(r"<[^>]*>", "\n\n", html_or_text)
        return PageText(stripped, "", ())
    main = "".join(parser.main)
    body = main if len(main.strip()) > 200 else "".join(parser.everything)
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", body))
    text = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    return PageText(text, " ".join("".join(parser.headline).split()), tuple(parser.dates))


# --------------------------------------------------------------------------------------------
# The vote sentence
# --------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "zero": 0, "none": 0, "no": 0, "one": 1, "a single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
}  # fmt: skip
_NUM = r"(?P<n>\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_WHO = r"(?:(?:council\s+)?members?\s+)?"
_COUNT_PATTERNS: tuple[tuple[Choice, re.Pattern[str]], ...] = tuple(
    (choice, re.compile(pattern, re.IGNORECASE))
    for choice, pattern in (
        (Choice.YES, rf"\b{_NUM}\s+{_WHO}(?:(?:voted|voting)\s+)?(?:votes?\s+)?in\s+favou?r\b"),
        (Choice.YES, rf"\b{_NUM}\s+affirmative\s+votes?\b"),
        (
            Choice.YES,
            rf"\b(?:support|backing|votes?)\s+(?:[\w-]+\s+){{0,4}}?(?:of|from)\s+{_NUM}\s+"
            r"(?:council\s+)?members\b",
        ),
        (Choice.NO, rf"\b{_NUM}\s+{_WHO}(?:(?:voted|voting)\s+)?(?:votes?\s+)?against\b"),
        (Choice.NO, rf"\b{_NUM}\s+negative\s+votes?\b"),
        (Choice.ABSTAIN, rf"\b{_NUM}\s+abstentions?\b"),
        (Choice.ABSTAIN, rf"\b{_NUM}\s+{_WHO}(?:abstaining|abstained)\b"),
        (
            Choice.NOT_VOTING,
            rf"\b{_NUM}\s+{_WHO}(?:not\s+(?:participating|voting)|did\s+not\s+(?:participate|vote))\b",
        ),
    )
)
_WITH_ABSTAINING = re.compile(r"\bwith\s+(?P<list>[^.;:()]+?)\s+abstaining\b", re.IGNORECASE)
_VETO_BY = re.compile(
    r"\b(?:veto(?:ed|es)?\s+(?:cast\s+)?by|negative\s+votes?\s+(?:cast\s+)?by"
    r"|negative\s+votes?\s+of\s+(?:the\s+)?permanent\s+members?)\s+(?P<rest>.*)",
    re.IGNORECASE,
)
_VETO_MENTIONED = re.compile(
    r"\bveto(?:ed|es)?\b|\bnegative\s+votes?\s+of\s+(?:a|one|two|three|its|the)?\s*"
    r"permanent\s+members?\b",
    re.IGNORECASE,
)
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.IGNORECASE)
_FAILED = re.compile(
    r"\b(?:fail(?:ed|s|ing)?\s+to\s+(?:pass|adopt|be\s+adopted|win|gain|obtain|secure|garner)"
    r"|not\s+adopted|did\s+not\s+(?:pass|adopt)|rejected|voted\s+down|defeated"
    r"|veto(?:ed|es)?\b|negative\s+votes?\s+of\s+(?:a|one|two|its|the)?\s*permanent)",
    re.IGNORECASE,
)
_ADOPTED = re.compile(
    r"\b(?:adopt(?:ed|s|ing)\s+(?:unanimously\s+)?(?:its\s+|the\s+)?resolution\s+\d"
    r"|unanimously\s+adopt(?:ed|s|ing)|adopted\s+unanimously|(?:was|were)\s+adopted\b"
    r"|as\s+resolution\s+\d)",
    re.IGNORECASE,
)
_RESOLUTION_ADOPTED = re.compile(
    r"\b(?:adopt(?:ed|s|ing)\s+(?:unanimously\s+)?(?:its\s+|the\s+)?resolution|as\s+resolution)"
    r"\s+(?P<number>\d{1,4})\s*\((?P<year>\d{4})\)",
    re.IGNORECASE,
)
_RESOLUTION_ANY = re.compile(r"\bresolution\s+(?P<number>\d{1,4})\s*\((?P<year>\d{4})\)", re.I)
_DRAFT_SYMBOL = re.compile(r"\bS/(?P<year>\d{4})/(?P<number>\d{1,4})(?P<rev>/Rev\.\d+)?")
_DRAFT_CUE = re.compile(r"\b(?:draft|text)\b", re.IGNORECASE)
_PROCEDURAL = re.compile(r"\bprocedural\b", re.IGNORECASE)
_ABBREVIATION = re.compile(r"(?:\b(?:St|Mr|Ms|Mrs|Dr|No|Nos|Messrs|a\.m|p\.m|[A-Z])|\.[A-Z])\.$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class _Count:
    choice: Choice
    count: int
    named: tuple[str, ...] | None
    start: int


@dataclass
class _Clauses:
    """What one sentence says about a vote, before it is checked against the membership."""

    counts: list[_Count]
    unknown_names: list[str]
    vetoes: list[str]
    veto_mentioned: bool
    unanimous: bool
    outcome: Outcome | None
    ambiguous_outcome: bool
    resolution: ResolutionSymbol | None
    resolution_problem: str

    @property
    def is_vote(self) -> bool:
        return bool(self.counts) or (self.unanimous and self.outcome is Outcome.ADOPTED)


def _number(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


def _bracketed(text: str, position: int) -> tuple[str, int] | None:
    """The balanced "( ... )" group starting at `position` (after spaces), and where it ends.

    Balanced, because names carry brackets: "(Bolivia (Plurinational State of), China)".
    """
    while position < len(text) and text[position] in " \t":
        position += 1
    if position >= len(text) or text[position] != "(":
        return None
    depth = 0
    for index in range(position, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return text[position + 1 : index], index + 1
    return None


def _read_clauses(sentence: str, index: MemberIndex, around: tuple[str, ...]) -> _Clauses:
    """The counts, names, vetoes and outcome of one sentence.

    When the sentence gives counts but not the outcome ("It received 4 votes in favour ..."),
    the outcome is taken from the sentence before, else the one after (`around`).
    """
    counts: list[_Count] = []
    unknown: list[str] = []
    taken: list[tuple[int, int]] = []
    for choice, pattern in _COUNT_PATTERNS:
        for match in pattern.finditer(sentence):
            if any(start <= match.start() < end for start, end in taken):
                continue
            named: tuple[str, ...] | None = None
            end = match.end()
            group = _bracketed(sentence, end)
            if group is not None:
                codes, strangers = index.parse_list(group[0])
                if codes or strangers:
                    named = tuple(codes)
                    unknown.extend(strangers)
                    end = group[1]
            taken.append((match.start(), end))
            counts.append(_Count(choice, _number(match["n"]), named, match.start()))
    for match in _WITH_ABSTAINING.finditer(sentence):
        codes, strangers = index.parse_list(match["list"])
        if codes:
            unknown.extend(strangers)
            counts.append(_Count(Choice.ABSTAIN, len(codes) + len(strangers), tuple(codes), 0))
    vetoes: list[str] = []
    for match in _VETO_BY.finditer(sentence):
        vetoes.extend(index.parse_leading(match["rest"]))
    stated_in = sentence
    failed = _FAILED.search(sentence) is not None
    adopted = _ADOPTED.search(sentence) is not None
    for neighbour in around:  # "The Council adopted resolution 2640 (2022). The vote was ..."
        if failed or adopted:
            break
        stated_in = neighbour
        failed = _FAILED.search(neighbour) is not None
        adopted = _ADOPTED.search(neighbour) is not None
    outcome = None
    if failed != adopted:
        outcome = Outcome.FAILED if failed else Outcome.ADOPTED
    resolution, resolution_problem = _resolution(stated_in) if adopted else (None, "")
    return _Clauses(
        counts=counts,
        unknown_names=unknown,
        vetoes=vetoes,
        veto_mentioned=_VETO_MENTIONED.search(sentence) is not None,
        unanimous=_UNANIMOUS.search(sentence) is not None,
        outcome=outcome,
        ambiguous_outcome=failed and adopted,
        resolution=resolution,
        resolution_problem=resolution_problem,
    )


def _resolution(sentence: str) -> tuple[ResolutionSymbol | None, str]:
    numbers = {
        ResolutionSymbol(int(m["number"]), int(m["year"]))
        for m in _RESOLUTION_ADOPTED.finditer(sentence)
    }
    if not numbers:
        numbers = {
            ResolutionSymbol(int(m["number"]), int(m["year"]))
            for m in _RESOLUTION_ANY.finditer(sentence)
        }
    if len(numbers) == 1:
        return numbers.pop(), ""
    if not numbers:
        return None, "says a resolution was adopted but gives no resolution number"
    listed = ", ".join(str(number) for number in sorted(numbers))
    return None, f"names several resolutions ({listed}); cannot tell which was adopted"


def _ballots(
    clauses: _Clauses, seated: frozenset[str], year: int, names: MemberNames
) -> tuple[tuple[Ballot, ...] | None, str]:
    """All seated members' ballots, or None and the reason the sentence does not add up.

    Members named against, abstaining or not voting are taken as named; "in favour" is the rest
    of the Council, and its count must match. A count whose members are not all named (other
    than "in favour") cannot be filled in, so it is a rejection.
    """
    if clauses.unknown_names:
        return None, "names no Council member: " + ", ".join(sorted(set(clauses.unknown_names)))
    stated: dict[Choice, int] = {}
    named: dict[Choice, set[str]] = {choice: set() for choice in Choice}
    for count in clauses.counts:
        if count.choice in stated and stated[count.choice] != count.count:
            return None, (
                f"gives two counts '{_LABEL[count.choice]}' ({stated[count.choice]} and "
                f"{count.count}); this may be two votes in one sentence"
            )
        stated[count.choice] = count.count
        if count.named is not None:
            named[count.choice].update(count.named)
    named[Choice.NO].update(clauses.vetoes)
    everyone = [code for codes in named.values() for code in codes]
    absent = sorted({code for code in everyone if code not in seated})
    if absent:
        return None, f"names members not on the Council in {year}: {', '.join(absent)}"
    twice = sorted({code for code in everyone if everyone.count(code) > 1})
    if twice:
        return None, f"names a member under two different votes: {', '.join(twice)}"
    if clauses.unanimous and not stated:
        stated[Choice.YES] = len(seated)
    for choice in (Choice.NO, Choice.ABSTAIN, Choice.NOT_VOTING):
        given, listed = stated.get(choice), len(named[choice])
        if given is not None and given > listed:
            who = f"only {listed} named" if listed else "without naming them"
            return None, f"{given} {_LABEL[choice]} {who}; cannot tell who"
        if given is not None and given < listed:
            return None, f"{given} {_LABEL[choice]} but {listed} named"
    minority = named[Choice.NO] | named[Choice.ABSTAIN] | named[Choice.NOT_VOTING]
    rest = seated - minority
    if named[Choice.YES] and named[Choice.YES] != rest:
        missing = sorted(rest - named[Choice.YES])
        return None, f"seated members without a vote: {', '.join(missing)}"
    yes = stated.get(Choice.YES)
    if yes is None:
        return None, "gives no count in favour, so the members not named cannot be filled in"
    if yes != len(rest):
        stated_total = yes + len(minority)
        return None, (
            f"counts add up to {stated_total} ({_tally_text(stated, named)}), "
            f"but {len(seated)} members sat on the Council in {year}"
        )
    ballots = [Ballot(code, names.name(code), Choice.YES) for code in sorted(rest)]
    for choice in (Choice.NO, Choice.ABSTAIN, Choice.NOT_VOTING):
        ballots.extend(Ballot(code, names.name(code), choice) for code in sorted(named[choice]))
    return tuple(ballots), ""


_LABEL = {
    Choice.YES: "in favour",
    Choice.NO: "against",
    Choice.ABSTAIN: "abstaining",
    Choice.NOT_VOTING: "not voting",
}


def _tally_text(stated: Mapping[Choice, int], named: Mapping[Choice, set[str]]) -> str:
    parts = []
    for choice in Choice:
        count = stated.get(choice, len(named[choice]))
        parts.append(f"{count} {_LABEL[choice]}")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# The release
# --------------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ),
        start=1,
    )
}  # fmt: skip
_TEXT_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)\b")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")
_RELEASE_ID = re.compile(r"\b(?P<prefix>[A-Z]{2,4})/(?P<number>\d{3,6})\b")
_RELEASE_URL = re.compile(r"/(?P<prefix>[a-z]{2,4})(?P<number>\d{3,6})\.doc\.htm", re.I)
_MEETING_NUMBER = re.compile(r"\b(?P<number>\d{3,5})(?:st|nd|rd|th)\s+meeting\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int
    paragraph: int


def _sentences(text: str) -> list[_Sentence]:
    """Paragraphs split into sentences, but not after "St." or "Mr." nor inside brackets
    ("(St. Vincent and the Grenadines)" is one list item, not two sentences)."""
    found: list[_Sentence] = []
    offset = 0
    for number, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        flat = " ".join(paragraph.split())
        position = 0
        for boundary in _SENTENCE_END.finditer(flat):
            before = flat[position : boundary.start()]
            if _ABBREVIATION.search(before) or before.count("(") > before.count(")"):
                continue
            found.append(_Sentence(before, offset + position, number))
            position = boundary.end()
        if flat[position:]:
            found.append(_Sentence(flat[position:], offset + position, number))
        offset += len(flat) + 2
    return found


def _release_id(text: str, url: str | None) -> str | None:
    if url:
        match = _RELEASE_URL.search(url)
        if match:
            return f"{match['prefix'].upper()}/{int(match['number'])}"
    match = _RELEASE_ID.search(text)
    return f"{match['prefix']}/{match['number']}" if match else None


def _release_date(page: PageText, release_id: str | None) -> date | None:
    """The dateline: <time datetime>/<meta> first, else a "8 October 2016" near the SC number."""
    for value in page.dates:
        match = _ISO_DATE.match(value.strip())
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    text = page.text
    anchor = text.find(release_id) if release_id else -1
    windows = [text[max(0, anchor - 300) : anchor + 300]] if anchor >= 0 else []
    windows.append(text[:600])
    for window in windows:
        for match in _TEXT_DATE.finditer(window):
            month = MONTHS.get(match["month"].lower())
            if month is None:
                continue
            try:
                return date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                continue
    return None


def _meeting(text: str) -> str | None:
    match = _MEETING_NUMBER.search(text)
    if not match:
        return None
    try:
        return normalise_meeting(f"S/PV.{match['number']}")
    except SymbolError:
        return None


@dataclass(frozen=True)
class _Candidate:
    symbol: DraftSymbol
    position: int
    sentence: int
    cued: bool


def _draft_candidates(sentences: list[_Sentence]) -> list[_Candidate]:
    found = []
    for number, sentence in enumerate(sentences):
        for match in _DRAFT_SYMBOL.finditer(sentence.text):
            before = sentence.text[max(0, match.start() - 60) : match.start()]
            symbol = DraftSymbol(
                int(match["year"]), int(match["number"]), (match["rev"] or "").title()
            )
            cued = _DRAFT_CUE.search(before) is not None
            found.append(_Candidate(symbol, sentence.start + match.start(), number, cued))
    return found


def _nearest_draft(
    candidates: list[_Candidate], sentence: int, position: int, *, cued_only: bool
) -> DraftSymbol | None:
    """The draft a vote sentence is about: in the sentence, else just before it, else just after.

    Symbols after "draft" or "text" are preferred over other documents (reports, letters).
    """
    pool = [c for c in candidates if c.cued or not cued_only]
    same = [c for c in pool if c.sentence == sentence]
    if same:
        return min(same, key=lambda c: (not c.cued, abs(c.position - position))).symbol
    before = [c for c in pool if c.sentence < sentence]
    if before:
        return min(before, key=lambda c: (not c.cued, position - c.position)).symbol
    after = [c for c in pool if c.sentence == sentence + 1]
    if after:
        return min(after, key=lambda c: (not c.cued, c.position - position)).symbol
    return None


def parse_press_release(
    html_or_text: str,
    membership: CouncilMembership,
    names: MemberNames,
    url: str | None = None,
    *,
    retrieved_at: datetime | None = None,
    index: MemberIndex | None = None,
) -> list[PressResult]:
    """Every vote a release reports, each a provisional Vote or a Rejection saying why not.

    A release without any vote sentence (most meetings are debates) gives an empty list. This
    function never raises on any input text.
    """
    try:
        return _parse(html_or_text, membership, names, url, retrieved_at, index)
    except Exception as error:  # a parser bug must become a review item, not a crash
        return [Rejection(SOURCE_NAME, f"the parser failed on this page ({error!r})", url=url)]


def _parse(
    html_or_text: str,
    membership: CouncilMembership,
    names: MemberNames,
    url: str | None,
    retrieved_at: datetime | None,
    index: MemberIndex | None,
) -> list[PressResult]:
    index = index or MemberIndex.from_names(names)
    page = page_text(html_or_text)
    release_id = _release_id(page.text, url)

    def reject(reason: str, symbol: object = None, excerpt: str = "") -> Rejection:
        about = f"{release_id}: " if release_id else ""
        return Rejection(
            SOURCE_NAME, about + reason, str(symbol) if symbol else None, url, excerpt[:500]
        )

    sentences = _sentences(page.text)
    clauses = [
        _read_clauses(sentence.text, index, _around(sentences, number))
        for number, sentence in enumerate(sentences)
    ]
    votes_at = [n for n, c in enumerate(clauses) if c.is_vote]
    if not votes_at:
        return []
    if release_id and not release_id.startswith("SC/"):
        return [reject("not a Security Council release; its votes are not Council votes")]
    when = _release_date(page, release_id)
    if when is None:
        return [reject("no date found in the release", excerpt=sentences[votes_at[0]].text)]
    if not membership.knows(when.year):
        return [reject(f"no Council membership known for {when.year}")]
    seated = membership.seated(when.year)
    meeting = _meeting(page.text)
    candidates = _draft_candidates(sentences)
    retrieved = retrieved_at or datetime.now(UTC)
    results: list[PressResult] = []
    for number in votes_at:
        sentence, found = sentences[number], clauses[number]
        position = sentence.start + min((c.start for c in found.counts), default=0)
        adopted = found.outcome is Outcome.ADOPTED
        draft = _nearest_draft(candidates, number, position, cued_only=adopted)
        symbol = found.resolution or draft
        if _PROCEDURAL.search(sentence.text):
            why = "a procedural vote, not a vote on a draft"
            results.append(reject(why, symbol, sentence.text))
            continue
        if found.ambiguous_outcome or found.outcome is None:
            why = (
                "says both adopted and not adopted"
                if found.ambiguous_outcome
                else ("gives vote counts but does not say whether the draft was adopted")
            )
            results.append(reject(why, symbol, sentence.text))
            continue
        if adopted and found.resolution is None:
            results.append(reject(found.resolution_problem, symbol, sentence.text))
            continue
        if not adopted and draft is None:
            results.append(reject("a failed draft without a draft symbol", None, sentence.text))
            continue
        ballots, problem = _ballots(found, seated, when.year, names)
        if ballots is None:
            results.append(reject(problem, symbol, sentence.text))
            continue
        problem = _outcome_problem(found, ballots)
        if problem:
            results.append(reject(problem, symbol, sentence.text))
            continue
        supports = ("votes", "tally", "outcome", "date") + (("meeting",) if meeting else ())
        vote = Vote(
            draft_symbol=draft,
            resolution_symbol=found.resolution if adopted else None,
            date=when,
            outcome=found.outcome,
            ballots=ballots,
            title=page.headline,
            meeting=meeting,
            sources=(SourceRef(PUBLISHER, url, release_id, supports, retrieved),),
            status=VoteStatus.PROVISIONAL,
            cross_check="in favour = seated members not named against, abstaining or not voting",
        )
        broken = rules.problems(vote, membership)
        if broken:
            results.append(reject("; ".join(broken), symbol, sentence.text))
            continue
        results.append(vote)
    return _one_per_symbol(results)


def _around(sentences: list[_Sentence], number: int) -> tuple[str, ...]:
    before = (sentences[number - 1].text,) if number > 0 else ()
    after = (sentences[number + 1].text,) if number + 1 < len(sentences) else ()
    return before + after


def _outcome_problem(found: _Clauses, ballots: tuple[Ballot, ...]) -> str:
    outcome = found.outcome
    assert outcome is not None
    implied = expected_outcome(ballots)
    vetoes = derive_vetoes(outcome, ballots)
    if implied is not outcome:
        if outcome is Outcome.ADOPTED:
            return f"says adopted, but {rules.adoption_problem(ballots)}"
        return f"says {outcome} but the ballots imply {implied}"
    if found.vetoes and sorted(set(found.vetoes)) != sorted(vetoes):
        return f"names the veto of {', '.join(sorted(set(found.vetoes)))} but the ballots show " + (
            ", ".join(vetoes) or "no veto"
        )
    if found.veto_mentioned and outcome is Outcome.FAILED and not vetoes:
        return "mentions a veto but no permanent member voted against"
    return ""


def _one_per_symbol(results: list[PressResult]) -> list[PressResult]:
    """Two sentences about one draft must agree; if they do not, neither is trusted."""
    by_symbol: dict[str, list[Vote]] = {}
    for result in results:
        if isinstance(result, Vote):
            by_symbol.setdefault(str(result.symbol), []).append(result)
    kept: list[PressResult] = []
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, Vote):
            kept.append(result)
            continue
        key = str(result.symbol)
        if key in seen:
            continue
        seen.add(key)
        versions = by_symbol[key]
        if len({tuple(sorted(v.choices.items())) for v in versions}) > 1:
            source = result.sources[0]
            kept.append(
                Rejection(
                    SOURCE_NAME,
                    f"{source.id or 'release'}: two sentences give different votes for {key}",
                    key,
                    source.url,
                )
            )
            continue
        kept.append(result)
    return kept


# --------------------------------------------------------------------------------------------
# RSS
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """A Security Council release announced in the press.un.org RSS feed."""

    release_id: str
    url: str
    title: str
    published: datetime | None


def parse_rss(xml: bytes | str, base_url: str = "https://press.un.org/") -> list[FeedItem]:
    """The Security Council (SC/) releases in an RSS 2.0 feed, newest first as listed.

    Raises SourceError for a feed that is not XML (truncated, an HTML error page).
    """
    try:
        root = SafeET.fromstring(xml)
    except (SafeET.ParseError, DefusedXmlException) as error:
        raise SourceError(f"the RSS feed is not well-formed XML ({error})") from None
    items: list[FeedItem] = []
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip()
        title = " ".join((item.findtext("title") or "").split())
        text = " ".join((item.findtext(tag) or "") for tag in ("title", "description", "guid"))
        release_id = _feed_release_id(link, text)
        if release_id is None or not release_id.startswith("SC/") or not link:
            continue
        items.append(FeedItem(release_id, urljoin(base_url, link), title, _pub_date(item)))
    return items


def _feed_release_id(link: str, text: str) -> str | None:
    match = _RELEASE_URL.search(link)
    if match:
        return f"{match['prefix'].upper()}/{int(match['number'])}"
    found = _RELEASE_ID.search(text)
    return f"{found['prefix']}/{found['number']}" if found else None


def _pub_date(item: Element) -> datetime | None:
    value = item.findtext("pubDate")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------------------------
# The source
# --------------------------------------------------------------------------------------------


class PressReleaseSource:
    """Polls the press.un.org RSS feed and reads each new Security Council release once.

    When the feed answers 304 the poll costs one request. A release is remembered once read,
    so a later poll does not fetch it again; one that failed to download is tried again.
    """

    name = SOURCE_NAME

    def __init__(
        self,
        fetcher: Fetcher,
        membership: CouncilMembership,
        names: MemberNames,
        *,
        feed_url: str = "https://press.un.org/en/rss.xml",
        clock: Callable[[], datetime] | None = None,
        max_releases_per_poll: int = 20,
    ) -> None:
        self._fetcher = fetcher
        self._membership = membership
        self._names = names
        self._index = MemberIndex.from_names(names)
        self.feed_url = feed_url
        self._now = clock or (lambda: datetime.now(UTC))
        self._max_releases = max_releases_per_poll
        self._read: set[str] = set()

    def poll(self) -> PollResult:
        try:
            feed = self._fetcher.fetch(self.feed_url)
        except SourceError as error:
            return PollResult((), (str(error),))
        if feed.unchanged:
            return PollResult(())
        try:
            items = parse_rss(feed.body, self.feed_url)
        except SourceError as error:
            self._fetcher.forget(self.feed_url)
            return PollResult((), (str(error),))
        reports: list[VoteReport] = []
        errors: list[str] = []
        rejections: list[Rejection] = []
        self._read &= {item.url for item in items}  # forget releases that left the feed
        for item in [i for i in items if i.url not in self._read][: self._max_releases]:
            try:
                page = self._fetcher.fetch(item.url, conditional=False)
            except SourceError as error:
                errors.append(str(error))
                self._fetcher.forget(self.feed_url)  # see the item again next poll
                continue
            self._read.add(item.url)
            for result in self.parse(page.text(), item.url):
                if isinstance(result, Vote):
                    reports.append(VoteReport(self.name, result))
                else:
                    rejections.append(result)
                    errors.append(str(result))
        return PollResult(tuple(reports), tuple(errors), tuple(rejections))

    def parse(self, html_or_text: str, url: str | None) -> list[PressResult]:
        return parse_press_release(
            html_or_text,
            self._membership,
            self._names,
            url,
            retrieved_at=self._now(),
            index=self._index,
        )


def import_release(
    target: str,
    membership: CouncilMembership,
    names: MemberNames,
    *,
    fetcher: Fetcher | None = None,
    retrieved_at: datetime | None = None,
) -> list[PressResult]:
    """For `actbot import press-release PATH_OR_URL`: a saved page, or a release fetched now.

    Raises SourceError when the page cannot be read (the CLI exits non-zero with it).
    """
    url: str | None = None
    if target.startswith(("http://", "https://")):
        if fetcher is None:
            raise SourceError("fetching a URL needs the fetcher (User-Agent with a contact)")
        text, url = fetcher.fetch(target, conditional=False).text(), target
    else:
        try:
            text = Path(target).read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise SourceError(f"cannot read {target}: {error.strerror}") from None
    return parse_press_release(text, membership, names, url, retrieved_at=retrieved_at)
