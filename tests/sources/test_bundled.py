"""The bundled source reports only files that changed since their votes were stored."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.app import App, build_app
from bot.config import load_settings
from bot.reference import load_reference
from bot.sources.bundled import BundledSource
from tests.conftest import DATA


class MemoryState:
    """A StateStore in a dict, for the pure tests of what the source asks to remember."""

    def __init__(self) -> None:
        self.saved: dict[str, dict[str, str]] = {}

    def load(self, source: str) -> dict[str, str]:
        return dict(self.saved.get(source, {}))

    def save(self, source: str, changes: Mapping[str, str | None]) -> None:
        stored = self.saved.setdefault(source, {})
        for key, value in changes.items():
            if value is None:
                stored.pop(key, None)
            else:
                stored[key] = value


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_only_the_changed_file_is_reported_after_its_votes_were_stored(data: Path) -> None:
    state = MemoryState()
    source = BundledSource(data, load_reference(data), state)
    first = source.poll()
    assert len(first.reports) > 150
    assert source.poll().reports  # nothing remembered until the pipeline saves the state

    state.save(source.name, first.state)
    assert source.poll().reports == ()

    edited = data / "votes" / "vetoed-2016.json"
    record = json.loads(edited.read_text())
    record["votes"][0]["title"] = record["votes"][0].get("title", "") + " (corrected)"
    edited.write_text(json.dumps(record, indent=2))
    again = source.poll()
    reported = {str(report.vote.symbol) for report in again.reports}
    in_file = {vote["draft_symbol"] or vote["resolution_symbol"] for vote in record["votes"]}
    assert reported and reported <= in_file, reported
    state.save(source.name, again.state)
    assert source.poll().reports == ()


def test_a_touched_but_unchanged_file_reports_nothing(data: Path) -> None:
    state = MemoryState()
    source = BundledSource(data, load_reference(data), state)
    state.save(source.name, source.poll().state)
    path = data / "votes" / "vetoed-2016.json"
    path.write_bytes(path.read_bytes())  # a new modification time, the same content
    result = source.poll()
    assert result.reports == ()
    assert set(result.state) == {"vetoed-2016.json"}  # the new time, to skip the hash next


def test_a_file_with_a_bad_record_is_read_again_until_fixed(data: Path) -> None:
    state = MemoryState()
    source = BundledSource(data, load_reference(data), state)
    state.save(source.name, source.poll().state)
    path = data / "votes" / "vetoed-2016.json"
    good = path.read_text()
    record = json.loads(good)
    record["votes"][0]["date"] = "not a date"
    path.write_text(json.dumps(record))
    for _ in range(2):
        result = source.poll()
        state.save(source.name, result.state)
        assert any("vetoed-2016.json" in problem for problem in result.errors)
        assert "vetoed-2016.json" not in result.state
    path.write_text(good + "\n")
    fixed = source.poll()
    assert fixed.errors == () and fixed.reports


def test_other_reference_data_reports_every_file_again(data: Path) -> None:
    state = MemoryState()
    source = BundledSource(data, load_reference(data), state)
    state.save(source.name, source.poll().state)
    members = data / "members.json"
    members.write_text(members.read_text() + "\n")
    restarted = BundledSource(data, load_reference(data), state)
    assert len(restarted.poll().reports) > 150


def test_a_removed_file_is_forgotten(data: Path) -> None:
    state = MemoryState()
    source = BundledSource(data, load_reference(data), state)
    state.save(source.name, source.poll().state)
    (data / "votes" / "vetoed-2016.json").unlink()
    result = source.poll()
    assert result.state == {"vetoed-2016.json": None}


def make_app(tmp_path: Path, data: Path) -> App:
    settings = load_settings(
        None,
        environ={
            "ACTBOT_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "ACTBOT_OUTBOX": str(tmp_path / "outbox"),
            "ACTBOT_DATA_DIR": str(data),
        },
    )
    return build_app(settings)


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every SQL statement that changes rows, on any engine, while the test runs."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    yield seen
    event.remove(Engine, "before_cursor_execute", count)


def test_a_cycle_with_nothing_new_writes_nothing_and_reads_no_vote(
    tmp_path: Path, data: Path, statements: list[str]
) -> None:
    make_app(tmp_path, data).pipeline().run_cycle()
    assert statements  # the first cycle stores the record and posts
    statements.clear()
    app = make_app(tmp_path, data)  # a restart: only the database remembers
    report = app.pipeline().run_cycle()
    assert (report.new, report.changed, report.posted) == ([], [], [])
    assert statements == []


def test_a_cycle_that_dies_while_storing_reads_the_files_again(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files are remembered only after their votes are stored: a cycle that dies half
    way leaves them unread, and the next cycle stores everything."""
    app = make_app(tmp_path, data)
    apply = app.votes._apply
    calls = 0

    def dies_on_the_fiftieth(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 50:
            raise OSError("disk full")
        return apply(*args)

    monkeypatch.setattr(app.votes, "_apply", dies_on_the_fiftieth)
    with pytest.raises(OSError, match="disk full"):
        app.pipeline([]).run_cycle()
    assert app.source_state.load("bundled") == {}
    stored_before = app.votes.count()
    assert stored_before < 50

    restarted = make_app(tmp_path, data)
    report = restarted.pipeline([]).run_cycle()
    assert len(report.new) == restarted.votes.count() - stored_before > 150
    assert restarted.source_state.load("bundled")
