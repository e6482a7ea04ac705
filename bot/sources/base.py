"""The interface every vote source implements, bundled data and live UN pages alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from bot.domain.model import Vote


class SourceError(Exception):
    """A source could not be read this time; the pipeline reports it and carries on."""


@dataclass(frozen=True)
class VoteReport:
    """What one source says about one vote."""

    source: str
    vote: Vote


@dataclass(frozen=True)
class PollResult:
    """A poll's reports, plus the problems met on the way (a bad record does not hide good ones)."""

    reports: tuple[VoteReport, ...]
    errors: tuple[str, ...] = ()


class VoteSource(Protocol):
    name: str

    def poll(self) -> PollResult: ...


def collect(source_name: str, votes: Iterable[Vote]) -> tuple[VoteReport, ...]:
    return tuple(VoteReport(source_name, vote) for vote in votes)
