"""Small builders for domain objects in unit tests (real data lives in data/)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.domain.model import (
    Atrocity,
    Ballot,
    Choice,
    Classification,
    Outcome,
    SourceRef,
    Vote,
    expected_outcome,
)
from bot.domain.symbols import parse_draft_symbol, parse_resolution_symbol

COUNCIL_2016 = (
    "CHN",
    "FRA",
    "RUS",
    "GBR",
    "USA",
    "AGO",
    "EGY",
    "JPN",
    "MYS",
    "NZL",
    "SEN",
    "ESP",
    "UKR",
    "URY",
    "VEN",
)


def make_vote(
    choices: Mapping[str, Choice] | None = None,
    *,
    on: date = date(2016, 10, 8),
    draft: str | None = "S/2016/846",
    resolution: str | None = None,
    members: tuple[str, ...] = COUNCIL_2016,
    atrocity: Atrocity = Atrocity.YES,
    title: str = "Aleppo",
) -> Vote:
    choices = choices or {}
    ballots = tuple(Ballot(code, code, choices.get(code, Choice.YES)) for code in members)
    outcome = expected_outcome(ballots)
    return Vote(
        draft_symbol=parse_draft_symbol(draft) if draft else None,
        resolution_symbol=(
            parse_resolution_symbol(resolution or f"S/RES/2300 ({on.year})")
            if outcome is Outcome.ADOPTED
            else None
        ),
        date=on,
        outcome=outcome,
        ballots=ballots,
        title=title,
        sources=(SourceRef("test", "https://example.invalid/"),),
        classification=Classification(
            atrocity, "nobody" if atrocity is Atrocity.UNDECIDED else "test", "test"
        ),
    )
