"""The press reader on 41 real releases: each gives exactly its recorded vote, or, where the
text lacks the draft's symbol or does not name everyone it counts, a held vote with the reason.
No release ever gives a vote that differs from the record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.domain.model import Ballot, Choice, Vote
from bot.reference import load_reference
from bot.sources.base import Rejection
from bot.sources.press import parse_press_release

RELEASES = Path(__file__).resolve().parents[1] / "fixtures" / "press" / "releases"
EXPECTED: dict[str, dict[str, Any]] = json.loads((RELEASES / "expected.json").read_text())
REF = load_reference(Path(__file__).resolve().parents[2] / "data")


def minority(ballots: tuple[Ballot, ...]) -> dict[str, list[str]]:
    return {
        key: sorted(b.iso3 for b in ballots if b.choice is choice)
        for key, choice in (("N", Choice.NO), ("A", Choice.ABSTAIN), ("X", Choice.NOT_VOTING))
    }


def expected_minority(case: dict[str, Any]) -> dict[str, list[str]]:
    return {key: sorted(case[key]) for key in ("N", "A", "X")}


def lacks_symbol(name: str, case: dict[str, Any]) -> bool:
    """The stored excerpt does not carry the draft symbol (failed drafts) anywhere."""
    text = (RELEASES / name).read_text()
    return case["outcome"] == "failed" and case["draft_symbol"] not in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_release_gives_its_recorded_vote_or_holds_it(name: str) -> None:
    case = EXPECTED[name]
    results = parse_press_release(
        (RELEASES / name).read_text(), REF.membership, REF.names, case["url"]
    )
    mine = [r for r in results if isinstance(r, Vote) and str(r.symbol) == case["symbol"]]
    if case.get("minority_named_in_vote_sentence") is False and not mine:
        held = [r for r in results if isinstance(r, Rejection)]
        assert held and all(r.reason for r in held), results
        return
    if lacks_symbol(name, case):
        assert not mine
        held = [r for r in results if isinstance(r, Rejection) and r.reading]
        readings = [minority(r.reading) for r in held]
        assert expected_minority(case) in readings, [str(r) for r in results]
        first = next(r for r in held if minority(r.reading) == expected_minority(case))
        assert "symbol" in first.reason
        return
    assert len(mine) == 1, [str(r) for r in results]
    (vote,) = mine
    assert minority(vote.ballots) == expected_minority(case)
    assert str(vote.outcome) == case["outcome"]
    assert sorted(vote.vetoed_by) == sorted(case["vetoed_by"])
    assert str(vote.date) == case["date"]
    if case["draft_symbol"] and case["outcome"] == "failed":
        assert str(vote.draft_symbol) == case["draft_symbol"]


def test_no_release_gives_a_vote_that_differs_from_the_record() -> None:
    """Every vote any release gives, for any symbol the project's record holds, matches it."""
    from bot.sources.bundled import read_record

    data = Path(__file__).resolve().parents[2] / "data" / "votes"
    record = {str(vote.symbol): vote for vote in read_record(sorted(data.glob("*.json")), REF)[0]}
    checked = 0
    for name, case in EXPECTED.items():
        results = parse_press_release(
            (RELEASES / name).read_text(), REF.membership, REF.names, case["url"]
        )
        for vote in (r for r in results if isinstance(r, Vote)):
            known = record.get(str(vote.symbol))
            if known is None:
                continue
            checked += 1
            assert dict(vote.choices) == dict(known.choices), (name, str(vote.symbol))
            assert vote.outcome is known.outcome and vote.date == known.date, name
    assert checked >= 30
