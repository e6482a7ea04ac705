"""A release page as text: its paragraphs, headline, deck, dateline, release number, meeting.

Only the words matter to the reader; this module turns HTML (or plain text pasted by an
operator) into paragraphs and sentences and finds the release's own facts around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import cast

import lxml.html
from lxml import etree

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
    """Paragraphs separated by blank lines; HTML whitespace collapsed, plain text kept.

    HTML is read with lxml (libxml2), which stays linear on broken markup: a page of
    250 KB of "<!--" must not hold a poll for seconds, as Python's html.parser did.
    """
    html_or_text = html_or_text[:_MAX_PARSED]
    if not _LOOKS_LIKE_HTML.search(html_or_text):
        return PageText(_paragraphs(html_or_text), "", ())
    try:
        document = lxml.html.document_fromstring(html_or_text)
    except (etree.ParserError, ValueError):
        return PageText("", "", ())
    dates = tuple(_dates(document))
    for skipped in list(document.iter(*_SKIPPED)):
        cast(lxml.html.HtmlElement, skipped).drop_tree()  # keeps the text that follows it
    headline = ""
    first_h1 = cast(lxml.html.HtmlElement | None, next(document.iter("h1"), None))
    if first_h1 is not None:
        headline = " ".join(first_h1.text_content().split())
        first_h1.drop_tree()  # a headline summarises ("... with United States Abstaining")
    main = next(document.iter("article", "main"), None)
    body = _block_text(main) if main is not None else ""
    if len(body.strip()) <= 200:
        body = _block_text(document)
    text = _paragraphs(body)
    return PageText(text, headline, dates, bool(headline) and _has_deck(text))


def _dates(document: lxml.html.HtmlElement) -> list[str]:
    """Machine-readable dates: <time datetime>, and <meta> of a publication date."""
    found = [
        str(element.get("datetime")) for element in document.iter("time") if element.get("datetime")
    ]
    for meta in document.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in _DATE_META and meta.get("content"):
            found.append(str(meta.get("content")))
    return found


def _block_text(root: lxml.html.HtmlElement) -> str:
    """The text under `root`, a blank line around every block element (paragraphs, cells)."""
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):  # a comment or processing instruction
            if event == "end" and element.tail:
                parts.append(element.tail)
            continue
        block = element.tag.lower() in _BLOCKS
        if event == "start":
            if block:
                parts.append("\n\n")
            if element.text:
                parts.append(element.text)
        else:
            if block:
                parts.append("\n\n")
            if element.tail and element is not root:
                parts.append(element.tail)
    return "".join(parts)


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
