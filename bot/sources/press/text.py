"""A release page as text: its paragraphs, headline, deck, dateline, release number, meeting.

Only the words matter to the reader; this module turns HTML (or plain text pasted by an
operator) into paragraphs and sentences and finds the release's own facts around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from bot.domain.symbols import SymbolError, normalise_meeting
from bot.sources.names import MONTHS

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
_MAX_PARSED = 2_000_000
"""Characters of a page that are parsed: a release is a few dozen kilobytes."""


class _PageParser(HTMLParser):
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
    """A page's body as paragraphs separated by blank lines, its headline and dates.

    `deck` is true when the first paragraph is the release's subtitle ("United States Lone
    Veto, Only Vote on Respective Texts"): a summary in title case, never read as a vote.
    """

    text: str
    headline: str
    dates: tuple[str, ...]
    deck: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return [paragraph for paragraph in self.text.split("\n\n") if paragraph]


_LOOKS_LIKE_HTML = re.compile(r"<(?:!doctype|html|head|body|p|div|article|h1|span|br)\b", re.I)
_DATELINE_BLOCK = re.compile(r"^(?:\S+\s+){0,6}\S*$")


def page_text(html_or_text: str) -> PageText:
    """Paragraphs separated by blank lines; HTML whitespace collapsed, plain text kept."""
    html_or_text = html_or_text[:_MAX_PARSED]
    if not _LOOKS_LIKE_HTML.search(html_or_text):
        return PageText(_paragraphs(html_or_text), "", ())
    parser = _PageParser()
    try:
        parser.feed(html_or_text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        stripped = re.sub(r"<[^>]*>", "\n\n", html_or_text)
        return PageText(_paragraphs(stripped), "", ())
    main = "".join(parser.main)
    body = main if len(main.strip()) > 200 else "".join(parser.everything)
    headline = " ".join("".join(parser.headline).split())
    text = _paragraphs(body)
    return PageText(text, headline, tuple(parser.dates), bool(headline) and _has_deck(text))


def _paragraphs(body: str) -> str:
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", body))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _has_deck(text: str) -> bool:
    """Whether the first paragraph after the dateline is a subtitle: no closing full stop,
    and most of its words capitalised, as press.un.org sets decks."""
    for paragraph in text.split("\n\n"):
        if _RELEASE_ID.search(paragraph) and _DATELINE_BLOCK.match(paragraph):
            continue  # "23 December 2016 SC/12653"
        if _TEXT_DATE.fullmatch(paragraph.strip()):
            continue
        words = re.findall(r"[A-Za-z][\w’'-]*", paragraph)
        if not words or paragraph.rstrip().endswith((".", "!", "?", ".”", '."')):
            return False
        long_words = [word for word in words if len(word) > 3]
        capitals = sum(1 for word in long_words if word[0].isupper())
        return bool(long_words) and capitals >= 0.6 * len(long_words)
    return False


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

_ABBREVIATION = re.compile(r"(?:\b(?:St|Mr|Ms|Mrs|Dr|No|Nos|Messrs|a\.m|p\.m|[A-Z])|\.[A-Z])\.$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    paragraph: int


def sentences(text: str) -> list[Sentence]:
    """Paragraphs split into sentences, but not after "St." or "Mr." nor inside brackets
    ("(St. Vincent and the Grenadines)" is one list item, not two sentences)."""
    found: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(text.split("\n\n")):
        flat = " ".join(paragraph.split())
        position = 0
        for boundary in _SENTENCE_END.finditer(flat):
            before = flat[position : boundary.start()]
            if _ABBREVIATION.search(before) or before.count("(") > before.count(")"):
                continue
            found.append(Sentence(before, offset + position, number))
            position = boundary.end()
        if flat[position:]:
            found.append(Sentence(flat[position:], offset + position, number))
        offset += len(flat) + 2
    return found


# --------------------------------------------------------------------------------------------
# The release's own facts
# --------------------------------------------------------------------------------------------

_TEXT_DATE = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)\b")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")
_RELEASE_ID = re.compile(r"\b(?P<prefix>[A-Z]{2,4})/(?P<number>\d{3,6})\b")
_RELEASE_URL = re.compile(r"/(?P<prefix>[a-z]{2,4})(?P<number>\d{3,6})\.doc\.htm", re.I)
_MEETING_NUMBER = re.compile(r"\b(?P<number>\d{3,5})(?:st|nd|rd|th)\s+meeting\b", re.IGNORECASE)


def release_id(text: str, url: str | None) -> str | None:
    """ "SC/12545", from the URL (sc12545.doc.htm) or else the first such number in the text."""
    if url:
        match = _RELEASE_URL.search(url)
        if match:
            return f"{match['prefix'].upper()}/{int(match['number'])}"
    match = _RELEASE_ID.search(text)
    return f"{match['prefix']}/{match['number']}" if match else None


def release_date(page: PageText, release: str | None) -> date | None:
    """The dateline: <time datetime>/<meta> first, else a "8 October 2016" near the SC number."""
    for value in page.dates:
        match = _ISO_DATE.match(value.strip())
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    text = page.text
    anchor = text.find(release) if release else -1
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


def meeting(text: str) -> str | None:
    """ "S/PV.7785" from "7785th Meeting (AM)"."""
    match = _MEETING_NUMBER.search(text)
    if not match:
        return None
    try:
        return normalise_meeting(f"S/PV.{match['number']}")
    except SymbolError:
        return None
