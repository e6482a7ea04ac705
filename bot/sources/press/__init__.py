"""UN Meetings Coverage press releases (press.un.org, SC/nnnnn): the same-day source.

`text` turns a page into paragraphs and sentences, `counts` reads counts and member lists,
`outcome` reads the result and vetoes, `segments` splits a release into one passage per vote
and ties each to its symbol, `reader` checks that a passage adds up and makes the vote, `feed`
reads the RSS feed and `source` polls it.
"""

from bot.sources.press.feed import FeedItem, parse_rss
from bot.sources.press.reader import (
    PUBLISHER,
    SOURCE_NAME,
    PressResult,
    ReleaseReading,
    parse_press_release,
    read_release,
)
from bot.sources.press.source import PressReleaseSource, import_release

__all__ = [
    "PUBLISHER",
    "SOURCE_NAME",
    "FeedItem",
    "PressReleaseSource",
    "PressResult",
    "ReleaseReading",
    "import_release",
    "parse_press_release",
    "parse_rss",
    "read_release",
]
