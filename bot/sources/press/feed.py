"""The press.un.org RSS feed: which Security Council releases (SC/nnnnn) are new."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin
from xml.etree.ElementTree import Element  # the type only: parsing goes through defusedxml

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bot.sources.base import SourceError

_RELEASE_ID = re.compile(r"\b(?P<prefix>[A-Z]{2,4})/(?P<number>\d{3,6})\b")
_RELEASE_URL = re.compile(r"/(?P<prefix>[a-z]{2,4})(?P<number>\d{3,6})\.doc\.htm", re.I)


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
