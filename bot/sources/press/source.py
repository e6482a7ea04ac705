"""The press-release source: poll the feed, read each new Security Council release once.

The feed is cheap to poll (a conditional request answered 304 when nothing changed), so it is
polled often; a release is fetched once, except a same-day preview, which is read again on a
later poll until it reports its vote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin

from bot.domain.model import Vote
from bot.domain.registry import CouncilMembership, MemberNames
from bot.sources.base import PollResult, Rejection, SourceError, VoteReport
from bot.sources.http import Fetcher
from bot.sources.names import MemberIndex
from bot.sources.press.feed import parse_rss
from bot.sources.press.reader import SOURCE_NAME, PressResult, ReleaseReading, read_release

_RELEASE = re.compile(r"(?P<prefix>SC)/(?P<number>\d{3,6})", re.IGNORECASE)


class PressReleaseSource:
    """Polls the press.un.org RSS feed and reads each new Security Council release once.

    When the feed answers 304 the poll costs one request (plus one conditional request per
    preview still waiting for its vote). A release is remembered once read, so a later poll
    does not fetch it again; one that failed to download is tried again.
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
        self._pending: set[str] = set()  # previews: no vote yet, read again later

    def poll(self) -> PollResult:
        found = _Found()
        try:
            feed = self._fetcher.fetch(self.feed_url)
        except SourceError as error:
            found.errors.append(str(error))
            self._read_previews(found)
            return found.result()
        if not feed.unchanged:
            try:
                items = parse_rss(feed.body, self.feed_url)
            except SourceError as error:
                self._fetcher.forget(self.feed_url)
                found.errors.append(str(error))
                items = []
            else:
                self._read &= {item.url for item in items}  # forget releases that left the feed
            new = [i.url for i in items if i.url not in self._read and i.url not in self._pending]
            for url in new[: self._max_releases]:
                self._read_release(url, found, conditional=False)
        self._read_previews(found)
        return found.result()

    def _read_previews(self, found: _Found) -> None:
        """Same-day previews seen earlier: read again (cheaply, conditionally) for their vote."""
        for url in sorted(self._pending):
            self._read_release(url, found, conditional=True)

    def _read_release(self, url: str, found: _Found, *, conditional: bool) -> None:
        try:
            page = self._fetcher.fetch(url, conditional=conditional)
        except SourceError as error:
            found.errors.append(str(error))
            if url not in self._pending:
                self._fetcher.forget(self.feed_url)  # see the item again next poll
            return
        if page.unchanged:
            return
        reading = self.read(page.text(), url)
        if reading.pending:
            self._pending.add(url)
            return
        self._pending.discard(url)
        self._read.add(url)
        for result in reading.results:
            if isinstance(result, Vote):
                found.reports.append(VoteReport(self.name, result))
            else:
                found.rejections.append(result)

    def release_url(self, release: str, day: date) -> str | None:
        """Where press.un.org keeps a release: /en/2016/sc12545.doc.htm beside the feed."""
        match = _RELEASE.fullmatch(release.strip())
        if match is None:
            return None
        return urljoin(
            self.feed_url, f"/en/{day.year}/{match['prefix'].lower()}{match['number']}.doc.htm"
        )

    def read_release_id(self, release: str, day: date) -> PollResult:
        """One release by its number (the Library's tables name it beside each vote)."""
        found = _Found()
        url = self.release_url(release, day)
        if url is None:
            return PollResult((), (f"not a press release number: {release!r}",))
        self._read_release(url, found, conditional=False)
        return found.result()

    def read(self, html_or_text: str, url: str | None) -> ReleaseReading:
        return read_release(
            html_or_text,
            self._membership,
            self._names,
            url,
            retrieved_at=self._now(),
            index=self._index,
        )

    def parse(self, html_or_text: str, url: str | None) -> list[PressResult]:
        return list(self.read(html_or_text, url).results)


class _Found:
    """What one poll collected so far."""

    def __init__(self) -> None:
        self.reports: list[VoteReport] = []
        self.errors: list[str] = []
        self.rejections: list[Rejection] = []

    def result(self) -> PollResult:
        return PollResult(tuple(self.reports), tuple(self.errors), tuple(self.rejections))


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
    reading = read_release(text, membership, names, url, retrieved_at=retrieved_at)
    if reading.pending:
        raise SourceError(f"{target}: {reading.pending}; import it again once the vote is reported")
    return list(reading.results)
