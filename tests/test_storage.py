"""Storage round trips, idempotent upserts, the outbox lifecycle and migrations."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.model import Atrocity, Choice, Classification, SourceRef
from storage.db import DatabaseError, open_database
from storage.models import Base
from storage.outbox import Outbox, PostState
from storage.repository import Change, VoteRepository
from tests.factories import make_vote


@pytest.fixture
def sessions(database_url: str) -> sessionmaker[Session]:
    return open_database(database_url)


def test_a_vote_round_trips_with_its_ballots_sources_and_classification(
    sessions: sessionmaker[Session],
) -> None:
    repo = VoteRepository(sessions)
    vote = make_vote({"RUS": Choice.NO, "VEN": Choice.NO, "AGO": Choice.ABSTAIN})
    change, stored = repo.upsert(vote)
    assert change is Change.NEW
    loaded = repo.get("s/2016/846")
    assert loaded is not None
    assert loaded.vote == stored.vote
    assert loaded.vote.ballots == vote.ballots
    assert loaded.vote.sources == vote.sources
    assert loaded.vote.classification == vote.classification


def test_upsert_is_idempotent_and_notices_changes(sessions: sessionmaker[Session]) -> None:
    repo = VoteRepository(sessions)
    vote = make_vote({"RUS": Choice.NO})
    repo.upsert(vote)
    assert repo.upsert(vote)[0] is Change.UNCHANGED
    more_sources = replace(vote, sources=(*vote.sources, SourceRef("DHL", "https://x.invalid")))
    change, stored = repo.upsert(more_sources)
    assert change is Change.UNCHANGED
    assert len(stored.vote.sources) == 2
    corrected = replace(vote, ballots=make_vote({"RUS": Choice.NO, "CHN": Choice.NO}).ballots)
    assert repo.upsert(corrected)[0] is Change.CHANGED
    assert len(repo.all()) == 1


def test_an_operator_classification_survives_later_polls(sessions: sessionmaker[Session]) -> None:
    repo = VoteRepository(sessions)
    _, stored = repo.upsert(make_vote(atrocity=Atrocity.UNDECIDED))
    repo.classify(stored.id, Classification(Atrocity.NO, "operator", "rival text"))
    repo.upsert(make_vote(atrocity=Atrocity.YES))
    again = repo.get("S/2016/846")
    assert again is not None
    assert again.vote.classification == Classification(Atrocity.NO, "operator", "rival text")


def test_a_bare_resolution_number_finds_its_vote(sessions: sessionmaker[Session]) -> None:
    repo = VoteRepository(sessions)
    repo.upsert(make_vote(draft="S/2016/900", resolution="S/RES/2328 (2016)"))
    for spelling in ("2328", "S/RES/2328(2016)", "S/RES/2328 (2016)", "S/2016/900"):
        found = repo.get(spelling)
        assert found is not None and str(found.vote.symbol) == "S/RES/2328 (2016)"
    assert repo.get("2329") is None


def test_the_outbox_moves_a_post_through_its_lifecycle(sessions: sessionmaker[Session]) -> None:
    now = datetime(2026, 1, 1, 12, 0)
    repo, outbox = VoteRepository(sessions), Outbox(sessions, clock=lambda: now)
    _, stored = repo.upsert(make_vote())
    record = outbox.ensure(stored.id, "x")
    assert record is not None and record.state is PostState.PENDING
    assert outbox.ensure(stored.id, "x") is None  # never twice
    assert outbox.claim(record.id, "attempt-1")
    assert not outbox.claim(record.id, "attempt-2")  # only one claimant wins
    outbox.mark_retry(record.id, "503", now + timedelta(minutes=5))
    assert outbox.due(["x"]) == []
    later = Outbox(sessions, clock=lambda: now + timedelta(minutes=6))
    assert [r.id for r in later.due(["x"])] == [record.id]
    assert later.claim(record.id, "attempt-3")
    later.mark_posted(record.id, platform_id="123", platform_url="https://x.com/i/123")
    [posted] = outbox.records(vote_id=stored.id)
    assert (posted.state, posted.attempts, posted.platform_id) == (PostState.POSTED, 2, "123")
    forced = outbox.add_forced(stored.id, "x")
    assert forced.generation == 1 and forced.state is PostState.PENDING


def test_migrations_create_exactly_the_models(database_url: str) -> None:
    engine = open_database(database_url).kw["bind"]
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert {"votes", "ballots", "vote_sources", "posts"} <= set(inspect(engine).get_table_names())
    open_database(database_url)  # re-opening is a no-op


def test_a_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="not a SQLAlchemy URL"):
        open_database("not a url")
    (tmp_path / "file").write_text("x")
    with pytest.raises(DatabaseError, match="cannot open the database"):
        open_database(f"sqlite:///{tmp_path}/file/db.sqlite3")
