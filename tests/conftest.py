"""Shared fixtures. Every test runs offline: a guard fails any connection beyond loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli

pytest_plugins = ["tests.support.platforms", "tests.support.fake_network"]

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any name lookup or connection beyond loopback that a test did not arrange, even
    when the code under test caught the error (loopback servers are what tests arrange)."""
    from tests.support.http_server import block_non_loopback

    attempts: list[str] = []
    block_non_loopback(monkeypatch, attempts)
    yield
    if attempts:
        pytest.fail("tried to leave loopback: " + "; ".join(attempts))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder, as a user's clone would be: ./var is created by the bot."""
    monkeypatch.chdir(tmp_path)
    for variable in ("ACTBOT_DATABASE_URL", "ACTBOT_OUTBOX", "ACTBOT_DATA_DIR"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


@pytest.fixture
def actbot(workdir: Path) -> Callable[..., Result]:
    """Run the real click entry point in-process, like `actbot ...` in `workdir`."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs: Any) -> Result:
        return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the shipped data folder, for tests that edit or break it."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("held"))
    yield target


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """One PostgreSQL server per test session; in CI a missing server fails, never skips."""
    import os

    from tests.support.postgres import find_bin_dir, postgres_server

    if find_bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; .ci/run installs it")
        pytest.skip("PostgreSQL binaries not installed (apt-get install postgresql)")
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests against the embedded default and against PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/votes.sqlite3"
    import uuid

    from sqlalchemy import create_engine, text

    server: str = request.getfixturevalue("postgres_server_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


def data_with_votes(target: Path, *vote_files: str) -> Path:
    """A copy of the reference data whose record holds only the named vote files, so a test
    of posting does not change when curators add votes to the shipped record."""
    import shutil

    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("held", "votes"))
    (target / "votes").mkdir()
    for name in vote_files:
        shutil.copy(DATA / "votes" / name, target / "votes")
    return target
