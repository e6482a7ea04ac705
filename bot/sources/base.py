"""The interface every vote source implements, bundled data and live UN pages alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.domain.model import Vote

if TYPE_CHECKING:  # dhl.py builds on this module
    from bot.sources.dhl import TallyReport


class SourceError(Exception):
    """A source could not be read this time; the pipeline reports it and carries on."""


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

    def __str__(self) -> str:
        about = f"{self.symbol}: " if self.symbol else ""
        where = f" ({self.url})" if self.url else ""
        return f"held for review: {about}{self.reason}{where}"


@dataclass(frozen=True)
class PollResult:
    """A poll's reports, plus the problems met on the way (a bad record does not hide good ones).

    `rejections` are votes mentioned but not read cleanly (each is also in `errors`, as text);
    `tallies` come from sources that give counts but no per-member votes (the Library's tables).
    """

    reports: tuple[VoteReport, ...]
    errors: tuple[str, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    tallies: tuple[TallyReport, ...] = ()


class VoteSource(Protocol):
    name: str

    def poll(self) -> PollResult: ...
