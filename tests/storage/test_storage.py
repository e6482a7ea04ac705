"""Storage round trips, idempotent recording, reconciliation, the outbox and migrations."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.model import Atrocity, Choice, Classification, Outcome, SourceRef, VoteStatus
from bot.domain.reconcile import TallyFacts
from storage.db import DatabaseError, open_database
from storage.models import Base
from storage.outbox import Outbox, PostState, vote_subject
from storage.repository import Change, VoteRepository
from tests.support.factories import make_vote


@pytest.fixture
def sessions(database_url: str) -> sessionmaker[Session]:
    return open_database(database_url)


def test_a_vote_round_trips_with_its_ballots_sources_and_classification(
    sessions: sessionmaker[Session],
) -> None:
    repo = VoteRepository(sessions)
    vote = make_vote({"RUS": Choice.NO, "VEN": Choice.NO, "AGO": Choice.ABSTAIN})
    recorded = repo.record("bundled", vote)
    stored = recorded.stored
    assert recorded.change is Change.NEW
    loaded = repo.get("s/2016/846")
    assert loaded is not None
    assert loaded.vote == stored.vote
    assert loaded.vote.ballots == vote.ballots
    assert loaded.vote.sources == vote.sources
    assert loaded.vote.classification == vote.classification


def test_a_procedural_vote_stays_procedural(sessions: sessionmaker[Session]) -> None:
    """S/RES/2623 (2022) in miniature: adopted although a permanent member voted no."""
    repo = VoteRepository(sessions)
    made = make_vote({"CHN": Choice.ABSTAIN}, resolution="S/RES/2623 (2016)")
    choices = {"RUS": Choice.NO, "CHN": Choice.ABSTAIN, "AGO": Choice.ABSTAIN}
    ballots = tuple(replace(b, choice=choices.get(b.iso3, b.choice)) for b in made.ballots)
    vote = replace(made, ballots=ballots, procedural=True)
    repo.record("bundled", vote)
    loaded = repo.get("S/RES/2623 (2016)")
    assert loaded is not None and loaded.vote.procedural and loaded.vote.vetoed_by == ()
    assert repo.record("bundled", vote).change is Change.UNCHANGED
    ref = SourceRef("Library table", "https://www.un.org/depts/dhl/resguide/scact2016_table_en.htm")
    facts = TallyFacts(vote.date, Outcome.ADOPTED, (12, 1, 2), ())
    tallied = repo.record_tally("dhl-tables", (None, vote.resolution_symbol), facts, ref)
    assert tallied is not None and tallied.change is Change.UNCHANGED
    # A source refusing it ("adopted over a permanent no") leaves nothing to review.
    assert not repo.note_rejection("un-digital-library", "S/RES/2623 (2016)", "why", None, "")
    assert repo.open_rejections() == []
    assert repo.note_rejection("un-digital-library", "S/RES/9999 (2016)", "why", None, "")
    # A second per-member source that does not know the vote was procedural is a disagreement.
    other = repo.record("un-digital-library", replace(vote, procedural=False))
    assert other.change is Change.HELD
    assert "un-digital-library: procedural: stored yes, this source says no" in other.differences


def test_recording_is_idempotent_and_notices_corrections(sessions: sessionmaker[Session]) -> None:
    repo = VoteRepository(sessions)
    vote = make_vote({"RUS": Choice.NO})
    repo.record("bundled", vote)
    assert repo.record("bundled", vote).change is Change.UNCHANGED
    more_sources = replace(vote, sources=(*vote.sources, SourceRef("DHL", "https://x.invalid")))
    recorded = repo.record("bundled", more_sources)
    assert recorded.change is Change.UNCHANGED
    assert len(recorded.stored.vote.sources) == 2
    corrected = replace(vote, ballots=make_vote({"RUS": Choice.NO, "CHN": Choice.NO}).ballots)
    assert repo.record("bundled", corrected).change is Change.CHANGED  # a source corrects itself
    assert len(repo.all()) == 1


def test_an_operator_classification_survives_later_polls(sessions: sessionmaker[Session]) -> None:
    repo = VoteRepository(sessions)
    stored = repo.record("bundled", make_vote(atrocity=Atrocity.UNDECIDED)).stored
    repo.classify(stored.id, Classification(Atrocity.NO, "operator", "rival text"))
    repo.record("bundled", make_vote(atrocity=Atrocity.YES))
    again = repo.get("S/2016/846")
    assert again is not None
    assert again.vote.classification == Classification(Atrocity.NO, "operator", "rival text")


def test_a_bare_resolution_number_finds_its_vote(sessions: sessionmaker[Session]) -> None:
    repo = VoteRepository(sessions)
    repo.record("bundled", make_vote(draft="S/2016/900", resolution="S/RES/2328 (2016)"))
    for spelling in ("2328", "S/RES/2328(2016)", "S/RES/2328 (2016)", "S/2016/900"):
        found = repo.get(spelling)
        assert found is not None and str(found.vote.symbol) == "S/RES/2328 (2016)"
    assert repo.get("2329") is None


def test_the_outbox_moves_a_post_through_its_lifecycle(sessions: sessionmaker[Session]) -> None:
    now = datetime(2026, 1, 1, 12, 0)
    repo, outbox = VoteRepository(sessions), Outbox(sessions, clock=lambda: now)
    stored = repo.record("bundled", make_vote()).stored
    subject = vote_subject(stored.id)
    record = outbox.ensure(subject, "x", stored.id)
    assert record is not None and record.state is PostState.PENDING
    assert record.symbol == str(stored.vote.symbol)
    assert outbox.ensure(subject, "x", stored.id) is None  # never twice
    assert outbox.claim(record.id, "attempt-1")
    assert not outbox.claim(record.id, "attempt-2")  # only one claimant wins
    assert not outbox.mark_retry(record.id, "attempt-2", "503", None)  # not that attempt's
    assert outbox.mark_retry(record.id, "attempt-1", "503", now + timedelta(minutes=5))
    assert outbox.due(["x"]) == []
    later = Outbox(sessions, clock=lambda: now + timedelta(minutes=6))
    assert [r.id for r in later.due(["x"])] == [record.id]
    assert later.claim(record.id, "attempt-3")
    assert later.mark_posted(
        record.id, "attempt-3", platform_id="123", platform_url="https://x.com/i/123"
    )
    assert not later.release(record.id, "attempt-3", "too late")  # posted stays posted
    [posted] = outbox.records(vote_id=stored.id)
    assert (posted.state, posted.attempts, posted.platform_id) == (PostState.POSTED, 2, "123")
    forced = outbox.add_forced(subject, "x", stored.id)
    assert forced.generation == 1 and forced.state is PostState.PENDING
    period = outbox.ensure("period:2016-01-01/2016-12-31", "x")
    assert period is not None and period.vote_id is None
    assert period.symbol == "period:2016-01-01/2016-12-31"


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


ALEPPO = {"RUS": Choice.NO, "VEN": Choice.NO, "AGO": Choice.ABSTAIN, "CHN": Choice.ABSTAIN}


def test_a_live_vote_is_provisional_until_a_second_source_agrees(
    sessions: sessionmaker[Session],
) -> None:
    repo = VoteRepository(sessions)
    first = repo.record("press-release", make_vote(ALEPPO))
    assert (first.change, first.stored.vote.status) == (Change.NEW, VoteStatus.PROVISIONAL)
    assert repo.record("press-release", make_vote(ALEPPO)).change is Change.UNCHANGED
    second = repo.record("undl", make_vote(ALEPPO))
    assert (second.change, second.stored.vote.status) == (Change.CONFIRMED, VoteStatus.CONFIRMED)


def test_a_tally_cannot_confirm_ballots_but_a_wrong_one_holds(
    sessions: sessionmaker[Session],
) -> None:
    repo = VoteRepository(sessions)
    vote = make_vote(ALEPPO)
    repo.record("press-release", vote)
    symbols = (vote.draft_symbol, None)
    ref = SourceRef("Library table", "https://www.un.org/depts/dhl/resguide/scact2016_table_en.htm")
    good = TallyFacts(vote.date, Outcome.FAILED, (11, 2, 2), ("RUS",))
    matched = repo.record_tally("dhl-tables", symbols, good, ref)
    assert matched is not None and matched.change is Change.UNCHANGED
    assert matched.stored.vote.status is VoteStatus.PROVISIONAL  # who voted how is unconfirmed
    bad = TallyFacts(vote.date, Outcome.FAILED, (11, 1, 3), ("RUS",))
    held = repo.record_tally("dhl-tables", symbols, bad, ref)
    assert held is not None and held.change is Change.HELD
    assert held.differences == ("dhl-tables: tally: stored 11-2-2, this source says 11-1-3",)
    unknown = repo.record_tally(
        "dhl-tables", (make_vote(draft="S/2016/1").draft_symbol, None), good, ref
    )
    assert unknown is None


def test_disagreeing_sources_hold_the_vote_until_the_operator_decides(
    sessions: sessionmaker[Session],
) -> None:
    repo = VoteRepository(sessions)
    repo.record("press-release", make_vote(ALEPPO))
    other = ALEPPO | {"AGO": Choice.YES, "EGY": Choice.ABSTAIN}
    held = repo.record("undl", make_vote(other))
    assert held.change is Change.HELD
    assert held.stored.vote.status is VoteStatus.HELD
    assert "undl: vote of AGO: stored A, this source says Y" in held.differences
    assert "undl: vote of EGY: stored Y, this source says A" in held.differences
    assert held.stored.vote.choices["AGO"] is Choice.ABSTAIN  # stored facts stay as they were
    [(waiting, why)] = repo.held()
    assert waiting.id == held.stored.id and why == held.differences

    accepted = repo.accept(held.stored.id, source="undl")
    assert accepted.vote.status is VoteStatus.CONFIRMED
    assert accepted.vote.choices["AGO"] is Choice.YES
    assert repo.held() == []
    # A new disagreement after the operator's accept reopens the review.
    again = repo.record("press-release", make_vote(ALEPPO | {"JPN": Choice.ABSTAIN}))
    assert again.stored.vote.status is VoteStatus.HELD

    rejected = repo.reject(held.stored.id)
    assert rejected.vote.status is VoteStatus.REJECTED
    assert repo.record("undl", make_vote(other)).stored.vote.status is VoteStatus.REJECTED
    with pytest.raises(LookupError, match="no per-member report from 'dhl'"):
        repo.accept(held.stored.id, source="dhl")


def test_upgrading_a_database_keeps_its_votes_ballots_and_posts(database_url: str) -> None:
    """Built at the first schema with real rows, then migrated to the newest at start-up."""
    from alembic import command
    from alembic.config import Config

    from storage.db import MIGRATIONS, create_engine_for

    engine = create_engine_for(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO votes (id, symbol, draft_symbol, date, title, short_title, agenda,"
                " outcome, status, atrocity, classified_by, classification_reason, cross_check,"
                " fingerprint, created_at, updated_at) VALUES (1, 'S/2016/846', 'S/2016/846',"
                " '2016-10-08', 't', 's', 'a', 'failed', 'confirmed', 'yes', 'data', 'r', 'c',"
                " 'f', '2026-01-01', '2026-01-01')"
            )
        )
        for position, (code, choice) in enumerate(make_vote(ALEPPO).choices.items()):
            connection.execute(
                text(
                    "INSERT INTO ballots (vote_id, iso3, position, name, choice)"
                    " VALUES (1, :code, :position, :code, :choice)"
                ),
                {"code": code, "position": position, "choice": choice.value},
            )
        connection.execute(
            text(
                "INSERT INTO posts (vote_id, network, generation, state, attempts, platform_id,"
                " created_at, updated_at) VALUES (1, 'x', 0, 'posted', 1, '123', '2026-01-01',"
                " '2026-01-01')"
            )
        )
    engine.dispose()
    sessions = open_database(database_url)  # migrates to the newest schema
    [stored] = VoteRepository(sessions).all()
    assert str(stored.vote.symbol) == "S/2016/846"
    assert stored.vote.choices == make_vote(ALEPPO).choices
    [post] = Outbox(sessions).records()
    assert (post.subject, post.state, post.platform_id) == ("vote:1", PostState.POSTED, "123")
    assert post.symbol == "S/2016/846"


def test_long_source_names_are_stored_and_survive_a_downgrade(database_url: str) -> None:
    """PostgreSQL enforces VARCHAR lengths (SQLite does not): names of any length are kept
    since 0008, and going back to 0007 cuts them to fit instead of failing."""
    from alembic import command
    from alembic.config import Config

    from storage.db import MIGRATIONS, create_engine_for

    long = SourceRef("P" * 250, "https://example.org/", "I" * 100, ("votes",))
    vote = replace(make_vote(ALEPPO), sources=(long,))
    repo = VoteRepository(open_database(database_url))
    repo.record("bundled", vote)
    stored = repo.get("S/2016/846")
    assert stored is not None and stored.vote.sources[0] == long
    engine = create_engine_for(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":  # as storage.db.migrate does: no cascading drops
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
        publisher, ref_id = connection.execute(
            text("SELECT publisher, ref_id FROM vote_sources")
        ).one()
    engine.dispose()
    assert publisher.startswith("P" * 200) and ref_id.startswith("I" * 80)
    if database_url.startswith("postgresql"):
        assert (len(publisher), len(ref_id)) == (200, 80)
    again = VoteRepository(open_database(database_url)).get("S/2016/846")  # upgrades again
    assert again is not None and again.vote.choices == vote.choices


def test_the_daily_cap_holds_when_many_claim_at_once(sessions: sessionmaker[Session]) -> None:
    """Twelve claims race for a cap of 5: the check and the claim are one step, on SQLite and
    on PostgreSQL alike, so never more than 5 win."""
    import threading

    now = datetime(2026, 1, 1, 12, 0)
    outbox = Outbox(sessions, clock=lambda: now)
    records = [
        outbox.add_forced(f"period:2016-01-{day:02d}/2016-12-31", "x") for day in range(1, 13)
    ]
    start = threading.Barrier(len(records))
    won: list[int] = []

    def claim(record_id: int) -> None:
        start.wait()
        if Outbox(sessions, clock=lambda: now).claim(
            record_id, f"attempt-{record_id}", cap=5, since=now - timedelta(days=1)
        ):
            won.append(record_id)

    threads = [threading.Thread(target=claim, args=(record.id,)) for record in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 5
    posting = outbox.records(network="x", states=[PostState.POSTING])
    assert sorted(record.id for record in posting) == sorted(won)


def test_processes_starting_together_on_a_new_database_all_open_it(database_url: str) -> None:
    """Four processes open one new database at once: the migration lock lets one create
    the tables and the others find them done; none fails."""
    import subprocess
    import sys

    code = "import sys; from storage.db import open_database; open_database(sys.argv[1])"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, database_url],
            cwd=Path(__file__).resolve().parents[2],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [
        (process.wait(timeout=120), process.stderr.read() if process.stderr else "")
        for process in processes
    ]
    assert all(code == 0 for code, _ in results), results
    VoteRepository(open_database(database_url)).count()


def test_two_processes_recording_the_same_new_vote_meet_without_failing(
    sessions: sessionmaker[Session],
) -> None:
    import threading

    vote = make_vote({"RUS": Choice.NO})
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def record(source: str) -> None:
        start.wait()
        try:
            VoteRepository(sessions).record(source, vote)
        except BaseException as error:  # the test reports any, rather than losing it
            errors.append(error)

    threads = [threading.Thread(target=record, args=(f"source-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert VoteRepository(sessions).count() == 1


def test_the_database_password_comes_from_a_secret_file(
    tmp_path: Path, postgres_server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """database.url names user and host; ACTBOT_DATABASE_PASSWORD_FILE holds the password,
    which stays out of messages; without it the server refuses, in one line."""
    from sqlalchemy.engine import make_url

    from bot.app import build_app
    from bot.config import load_settings
    from bot.domain.errors import ActbotError

    parsed = make_url(postgres_server_url)
    password = parsed.password
    assert password
    without = parsed._replace(password=None).render_as_string(hide_password=False)
    secret = tmp_path / "db-password"
    secret.write_text(password + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    environ = {"ACTBOT_DATABASE__URL": without}

    with pytest.raises(ActbotError) as refused:
        build_app(load_settings(None, environ), new_database=True)
    assert "\n" not in str(refused.value) and password not in str(refused.value)

    monkeypatch.setenv("ACTBOT_DATABASE_PASSWORD_FILE", str(secret))
    app = build_app(load_settings(None, environ), new_database=True)
    assert app.votes.count() == 0

    monkeypatch.setenv("ACTBOT_DATABASE__URL", f"sqlite:///{tmp_path}/x.sqlite3")
    with pytest.raises(ActbotError, match="SQLite takes no password"):
        build_app(load_settings(None), new_database=True)
