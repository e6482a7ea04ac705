"""Real vote records for the card tests, and a check that the pinned copies are still true.

The card tests build their scorecards from the bundled records (data/votes/), found by
symbol whichever file holds them. The golden-image tests use copies pinned in
tests/cards_golden/records.json, so that a curator's edit to a title or a source does not
silently change a reference image; the test below says when those copies drift from the
bundled facts (then regenerate the images deliberately: UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from bot.domain.model import Vote, fingerprint
from bot.domain.scorecard import Scorecard, build_scorecard
from bot.reference import (
    ReferenceData,
    load_reference,
    parse_vote_record,
    read_vote_file,
    vote_files,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
GOLDEN = Path(__file__).resolve().parents[1] / "cards_golden"

VETOED = "S/2016/846"  # vetoed by Russia; Venezuela (elected) also voted no
SIGNATORY_AGAINST = "S/2023/792"  # vetoed by China and Russia; the UAE, a signatory, voted no
ADOPTED = "S/RES/2728 (2024)"  # adopted 14-0-1, the United States abstaining
PREDATES = "S/2015/508"  # Srebrenica, July 2015: before the Code
NOT_ATROCITY = "S/RES/2722 (2024)"  # Red Sea shipping: classified not atrocity-related
SHORT_OF_NINE = "S/2016/847"  # 4-9-2: failed without a veto
REVIEW_SYMBOLS = (VETOED, SIGNATORY_AGAINST, ADOPTED)


@cache
def reference() -> ReferenceData:
    return load_reference(DATA)


@cache
def bundled_votes() -> dict[str, Vote]:
    votes: dict[str, Vote] = {}
    for path in vote_files(DATA):
        for vote in read_vote_file(path, reference()):
            votes[str(vote.symbol)] = vote
    return votes


def bundled_vote(symbol: str) -> Vote:
    votes = bundled_votes()
    if symbol not in votes:
        pytest.skip(f"{symbol} is not in the bundled data (yet)")
    return votes[symbol]


@cache
def pinned_votes() -> dict[str, Vote]:
    records = json.loads((GOLDEN / "records.json").read_text(encoding="utf-8"))["votes"]
    votes = [parse_vote_record(record, reference().names) for record in records]
    return {str(vote.symbol): vote for vote in votes}


def scorecard(vote: Vote) -> Scorecard:
    return build_scorecard(vote, reference().registry, reference().names)


def bundled_card(symbol: str) -> Scorecard:
    return scorecard(bundled_vote(symbol))


def pinned_card(symbol: str) -> Scorecard:
    return scorecard(pinned_votes()[symbol])


@pytest.mark.parametrize("symbol", sorted(pinned_votes()))
def test_pinned_records_agree_with_the_bundled_data(symbol: str) -> None:
    bundled = bundled_votes().get(symbol)
    if bundled is None:
        pytest.skip(f"{symbol} is no longer bundled; the pinned copy still serves the images")
    pinned = pinned_votes()[symbol]
    assert fingerprint(pinned) == fingerprint(bundled), (
        f"{symbol} changed in data/: update tests/cards_golden/records.json and regenerate "
        "the images with UPDATE_GOLDEN=1"
    )
    assert pinned.classification.atrocity is bundled.classification.atrocity


def test_the_period_reference_is_drawn_from_every_shipped_vote_of_its_year() -> None:
    """The 2024 period card's reference image holds every 2024 vote the record ships, so a
    vote added to data/ shows up here (re-pin the year and regenerate the images)."""
    shipped = {symbol for symbol, vote in bundled_votes().items() if vote.date.year == 2024}
    pinned = {symbol for symbol, vote in pinned_votes().items() if vote.date.year == 2024}
    assert pinned == shipped, f"pin {sorted(shipped - pinned)}; unpin {sorted(pinned - shipped)}"
