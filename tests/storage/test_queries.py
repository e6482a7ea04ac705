"""Queries that read only what a command needs, and recording many votes in batches."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.model import Atrocity, Choice, Vote, VoteStatus
from bot.domain.policy import PostingPolicy
from storage.db import open_database
from storage.outbox import Outbox, vote_subject
from storage.repository import Change, VoteRepository
from storage.source_state import SourceStateStore
from tests.support.factories import make_vote


@pytest.fixture
def sessions(database_url: str) -> sessionmaker[Session]:
    return open_database(database_url)


def votes_over_years(count: int) -> list[Vote]:
    """`count` failed drafts, one a month from 2016, half of them atrocity-related."""
    return [
        make_vote(
            {"RUS": Choice.NO},
            on=date(2016 + index // 12, index % 12 + 1, 1),
            draft=f"S/{2016 + index // 12}/{100 + index}",
            atrocity=Atrocity.YES if index % 2 else Atrocity.NO,
        )
        for index in range(count)
    ]


def test_many_votes_are_recorded_in_batches_like_one_at_a_time(
    sessions: sessionmaker[Session],
) -> None:
    repo = VoteRepository(sessions)
    votes = votes_over_years(30)
    seen: list[tuple[int, int]] = []
    first = repo.record_many("bundled", votes, batch=7, progress=lambda d, t: seen.append((d, t)))
    assert [recorded.change for recorded in first] == [Change.NEW] * 30
    assert seen[-1] == (30, 30) and len(seen) == 5
    again = repo.record_many("bundled", votes + votes[:2], batch=7)  # a vote twice in a poll
    assert {recorded.change for recorded in again} == {Change.UNCHANGED}
    assert VoteRepository(sessions).count() == 30
    for vote in votes:
        stored = repo.get(str(vote.symbol))
        assert stored is not None and stored.vote.ballots == vote.ballots


def test_a_period_reads_only_its_votes_and_export_streams_them_all(
    sessions: sessionmaker[Session],
) -> None:
    repo = VoteRepository(sessions)
    repo.record_many("bundled", votes_over_years(40))
    in_2017 = repo.between(date(2017, 1, 1), date(2017, 12, 31))
    assert [stored.vote.date.month for stored in in_2017] == list(range(1, 13))
    assert {stored.vote.date.year for stored in repo.between(date(2018, 6, 1), None)} == {
        2018,
        2019,
    }
    streamed = list(repo.each(batch=6))
    assert [stored.id for stored in streamed] == [stored.id for stored in repo.all()]


def test_only_votes_without_a_post_record_are_candidates_for_posting(
    sessions: sessionmaker[Session],
) -> None:
    repo, outbox = VoteRepository(sessions), Outbox(sessions)
    repo.record_many("bundled", votes_over_years(10))
    policy = PostingPolicy("atrocity", not_before=date(2016, 3, 1))
    candidates = repo.unqueued(("x", "bluesky"), policy.candidates())
    assert [stored.vote.date.month for stored in candidates] == [4, 6, 8, 10]
    for stored in candidates[:2]:
        outbox.ensure(vote_subject(stored.id), "x", vote_id=stored.id)
    outbox.ensure(vote_subject(candidates[0].id), "bluesky", vote_id=candidates[0].id)
    left = repo.unqueued(("x", "bluesky"), policy.candidates())
    assert [stored.vote.date.month for stored in left] == [6, 8, 10]  # June lacks Bluesky
    held = candidates[3]
    repo.reject(held.id)
    assert held.id not in {s.id for s in repo.unqueued(("x",), policy.candidates())}
    assert repo.by_id(held.id).vote.status is VoteStatus.REJECTED
    everything = PostingPolicy("all").candidates()
    assert len(repo.unqueued(("x",), everything)) == 10 - 2 - 1


def test_source_state_writes_only_what_changed(sessions: sessionmaker[Session]) -> None:
    store = SourceStateStore(sessions)
    store.save("bundled", {"a.json": "1", "b.json": "2"})
    assert store.load("bundled") == {"a.json": "1", "b.json": "2"}
    assert store.load("http") == {}
    store.save("bundled", {"a.json": "1", "b.json": None, "c.json": "3"})
    assert store.load("bundled") == {"a.json": "1", "c.json": "3"}
