"""The interface every vote source implements, bundled data and live UN pages alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from bot.domain.errors import ActbotError
from bot.domain.model import Ballot, Outcome, SourceRef, Vote
from bot.domain.reconcile import TallyFacts
from bot.domain.symbols import DraftSymbol, ResolutionSymbol, Symbol


class SourceError(ActbotError):
    """A source could not be read this time; the pipeline reports it and carries on.

    `pauses_host`: the host failed in a way that retrying its other pages this cycle would
    only repeat (every retry spent, an answer too slow to finish)."""

    def __init__(self, message: str, *, pauses_host: bool = False) -> None:
        super().__init__(message)
        self.pauses_host = pauses_host


@dataclass(frozen=True)
class VoteReport:
    """What one source says about one vote."""

    source: str
    vote: Vote


@dataclass(frozen=True)
class Rejection:
    """A vote a source mentions but the bot will not trust: it goes to review, never to posting.

    `symbol` is the draft or resolution symbol when one could be read; `excerpt` is the text
    the reason is about (the vote sentence, the record id), so the operator can check it.
    """

    source: str
    reason: str
    symbol: str | None = None
    url: str | None = None
    excerpt: str = ""
    reading: tuple[Ballot, ...] = ()
    """The ballots the text did give, when it gave all 15 but something else was missing (the
    draft's symbol): what the operator checks before accepting it from another source."""

    def __str__(self) -> str:
        about = f"{self.symbol}: " if self.symbol else ""
        where = f" ({self.url})" if self.url else ""
        return f"held for review: {about}{self.reason}{where}"


@dataclass(frozen=True)
class TallyReport:
    """What a tally source (the Library's tables) says about one draft: counts and vetoes,
    no ballots. It confirms a stored vote's tally; it never makes a vote."""

    draft_symbol: DraftSymbol | None
    resolution_symbol: ResolutionSymbol | None
    date: date
    outcome: Outcome
    tally: tuple[int, int, int] | None
    vetoed_by: tuple[str, ...] = ()
    meeting: str | None = None
    press_release: str | None = None
    topic: str = ""
    publisher: str = "a tally source"
    url: str | None = None
    note: str = ""
    retrieved_at: datetime | None = None

    @property
    def symbol(self) -> DraftSymbol | ResolutionSymbol:
        symbol = self.resolution_symbol or self.draft_symbol
        assert symbol is not None  # every report is built with one of them
        return symbol

    def facts(self) -> TallyFacts:
        """What VoteRepository.record_tally compares with the stored vote."""
        return TallyFacts(self.date, self.outcome, self.tally, self.vetoed_by)

    def source_ref(self) -> SourceRef:
        supports = ("outcome", "date") + (("tally",) if self.tally else ())
        supports += (("vetoes",) if self.outcome is Outcome.FAILED else ()) + (
            ("meeting",) if self.meeting else ()
        )
        return SourceRef(self.publisher, self.url, None, supports, self.retrieved_at)

    def tally_text(self) -> str:
        return "-".join(str(n) for n in self.tally) if self.tally else self.note or "no tally"


def is_about(vote: Vote, report: TallyReport) -> bool:
    """Whether a report concerns this vote: the same resolution, or the same draft."""
    if report.resolution_symbol is not None and vote.resolution_symbol is not None:
        return _same_resolution(report.resolution_symbol, vote.resolution_symbol)
    if report.draft_symbol is not None and vote.draft_symbol is not None:
        return report.draft_symbol == vote.draft_symbol
    return False


def _same_resolution(a: ResolutionSymbol, b: ResolutionSymbol) -> bool:
    return a.number == b.number and (a.year is None or b.year is None or a.year == b.year)


def unmatched(reports: Iterable[TallyReport], votes: Iterable[Vote]) -> list[TallyReport]:
    """Recorded votes (with a tally or a veto) that no known vote covers: a source missed them."""
    known = list(votes)
    return [
        report
        for report in reports
        if (report.tally is not None or report.vetoed_by)
        and not any(is_about(vote, report) for vote in known)
    ]


@dataclass(frozen=True)
class PollResult:
    """A poll's reports, plus the problems met on the way (a bad record does not hide good ones).

    `errors` are problems with the source itself (a page that failed, a feed that is broken);
    `rejections` are votes mentioned but not read cleanly, each once, held for review;
    `tallies` come from sources that give counts but no per-member votes (the Library's tables).
    """

    reports: tuple[VoteReport, ...]
    errors: tuple[str, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    tallies: tuple[TallyReport, ...] = ()
    state: Mapping[str, str | None] = field(default_factory=dict)
    """What the source remembers once these reports are stored (None: forget the key); the
    pipeline saves it after storing them, so a crash in between re-reads rather than loses."""


class StateStore(Protocol):
    """Small facts a source keeps between runs, by source name (storage.source_state)."""

    def load(self, source: str) -> dict[str, str]: ...

    def save(self, source: str, changes: Mapping[str, str | None]) -> None: ...


class VoteSource(Protocol):
    name: str

    def poll(self) -> PollResult: ...


@runtime_checkable
class FindsVotes(Protocol):
    """A source that can look up one vote by its symbol (for `post`/`render --resolution` of
    a vote not yet stored). Tallies it returns may name the vote's press release."""

    name: str

    def find(self, symbol: Symbol) -> PollResult: ...


@runtime_checkable
class ReadsReleases(Protocol):
    """A source that can read one press release by its number, given the day it is from."""

    name: str

    def read_release_id(self, release: str, day: date) -> PollResult: ...


def is_vote_of(vote: Vote | TallyReport, symbol: Symbol) -> bool:
    """Whether `symbol` (any spelling: a bare resolution number too) names this vote."""
    if isinstance(symbol, DraftSymbol):
        return vote.draft_symbol == symbol
    resolution = vote.resolution_symbol
    return (
        resolution is not None
        and resolution.number == symbol.number
        and (symbol.year is None or resolution.year in (None, symbol.year))
    )


def years_to_poll(today: date) -> list[int]:
    """This year; in January also last year, whose late votes are still being published."""
    return [today.year - 1, today.year] if today.month == 1 else [today.year]
