"""The Digital Library as a polled source: this year's records, checked against the Council."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime

from bot.domain import rules
from bot.domain.model import Vote
from bot.domain.registry import CouncilMembership, MemberNames
from bot.domain.symbols import (
    ResolutionSymbol,
    Symbol,
)
from bot.sources.base import (
    PollResult,
    Rejection,
    SourceError,
    VoteReport,
    is_vote_of,
    years_to_poll,
)
from bot.sources.http import Fetcher
from bot.sources.undl.marc import oai_resumption_token, parse_marcxml, read_marcxml
from bot.sources.undl.urls import (
    DEFAULT_BASE_URL,
    SOURCE_NAME,
    oai_list_records_url,
    search_url,
    symbol_search_url,
)

# --------------------------------------------------------------------------------------------
# The source
# --------------------------------------------------------------------------------------------


class UndlSource:
    """Polls the Digital Library's Voting Data search (or OAI-PMH) for this year's votes.

    Nothing changed costs one conditional request per year polled. Every vote is checked
    against the Council membership before it is reported.
    """

    name = SOURCE_NAME

    def __init__(
        self,
        fetcher: Fetcher,
        membership: CouncilMembership,
        names: MemberNames,
        *,
        base_url: str = DEFAULT_BASE_URL,
        page_size: int = 100,
        max_pages: int = 3,
        use_oai: bool = False,
        oai_set: str | None = None,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._fetcher = fetcher
        self._membership = membership
        self._names = names
        self.base_url = base_url.rstrip("/")
        self._page_size = page_size
        self._max_pages = max_pages
        self._use_oai = use_oai
        self._oai_set = oai_set
        self._today = today
        self._clock = clock
        self._next_token: str | None = None

    def years(self) -> list[int]:
        """This year; in January also last year, whose late votes are still being catalogued."""
        return years_to_poll(self._today())

    def poll(self) -> PollResult:
        found = _Checked(self._membership)
        for document_url, body in self._documents(found.errors):
            try:
                results = parse_marcxml(
                    body, self._names, base_url=self.base_url, retrieved_at=self._clock()
                )
            except SourceError as error:
                self._fetcher.forget(document_url)
                found.errors.append(f"{document_url}: {error}")
                continue
            found.take(results)
        return found.result()

    def find(self, symbol: Symbol) -> PollResult:
        """One adopted resolution's voting record (the Library records no failed drafts)."""
        if not isinstance(symbol, ResolutionSymbol) or symbol.year is None:
            return PollResult(())
        url = symbol_search_url(symbol, self.base_url)
        try:
            body = self._fetcher.fetch(url, conditional=False).body
            results = parse_marcxml(
                body, self._names, base_url=self.base_url, retrieved_at=self._clock()
            )
        except SourceError as error:
            return PollResult((), (_explain(f"{url}: {error}"),))
        found = _Checked(self._membership)
        found.take(r for r in results if not isinstance(r, Vote) or is_vote_of(r, symbol))
        return found.result()

    def _documents(self, errors: list[str]) -> Iterator[tuple[str, bytes]]:
        """Each changed page of results; a failed fetch is an error entry and ends that year."""
        for year in self.years():
            for page in range(self._max_pages):
                url = self._page_url(year, page)
                if url is None:
                    break
                try:
                    result = self._fetcher.fetch(url)
                except SourceError as error:
                    errors.append(_explain(str(error)))
                    break
                if result.unchanged:
                    break
                yield url, result.body
                if not self._has_more(result.body):
                    break

    def _page_url(self, year: int, page: int) -> str | None:
        if not self._use_oai:
            return search_url(year, 1 + page * self._page_size, self._page_size, self.base_url)
        if page == 0:
            return oai_list_records_url(
                self.base_url, from_date=date(year, 1, 1), set_spec=self._oai_set
            )
        token = self._next_token
        return oai_list_records_url(self.base_url, resumption_token=token) if token else None

    def _has_more(self, body: bytes) -> bool:
        try:
            if self._use_oai:
                self._next_token = oai_resumption_token(body)
                return self._next_token is not None
            return len(read_marcxml(body)) >= self._page_size
        except SourceError:
            return False


class _Checked:
    """Votes read from the Library, each checked against the Council rules before it is
    reported; a record that breaks one is held with the reason."""

    def __init__(self, membership: CouncilMembership) -> None:
        self._membership = membership
        self.reports: list[VoteReport] = []
        self.errors: list[str] = []
        self.rejections: list[Rejection] = []

    def take(self, results: Iterable[Vote | Rejection]) -> None:
        for result in results:
            if isinstance(result, Vote):
                problems = rules.problems(result, self._membership)
                if not problems:
                    self.reports.append(VoteReport(SOURCE_NAME, result))
                    continue
                source = result.sources[0]
                result = Rejection(
                    SOURCE_NAME,
                    f"record {source.id}: " + "; ".join(problems),
                    str(result.symbol),
                    source.url,
                )
            self.rejections.append(result)

    def result(self) -> PollResult:
        return PollResult(tuple(self.reports), tuple(self.errors), tuple(self.rejections))


def _explain(error: str) -> str:
    if "HTTP 202" in error:
        return (
            f"{error} (the Digital Library's firewall challenge for non-browser clients; "
            "OAI-PMH is open: set [sources.undl] use_oai = true)"
        )
    return error
