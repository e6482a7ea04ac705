"""`actbot run` as a real process: signals, crashes, the heartbeat and the health check."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.scheduler import cycle_stamp, heartbeat_age, write_heartbeat
from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    config = tmp_path / "config.toml"
    config.write_text(
        "[scheduler]\npoll_interval_minutes = 600\nheartbeat_file = 'var/heartbeat'\n",
        encoding="utf-8",
    )
    yield {
        **os.environ,
        "ACTBOT_DATABASE_URL": f"sqlite:///{tmp_path}/var/db.sqlite3",
        "ACTBOT_OUTBOX": str(tmp_path / "var" / "outbox"),
        "PYTHONPATH": str(REPO),
    }


def actbot(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "run_bot.py"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def start(cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "run_bot.py"), "run"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: object, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting")


def posts(tmp_path: Path) -> list[tuple[int, str, int, str]]:
    with sqlite3.connect(tmp_path / "var" / "db.sqlite3") as db:
        return db.execute("SELECT vote_id, network, generation, state FROM posts").fetchall()


def outbox_folders(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "var" / "outbox").iterdir())


def expected_folders(tmp_path: Path, env: dict[str, str]) -> set[str]:
    exported = json.loads(actbot("export", cwd=tmp_path, env=env).stdout)
    return {
        row["symbol"].replace("/RES/", "-RES-").replace("/", "-").replace(" (", "-").rstrip(")")
        for row in exported
        if row["atrocity_related"]
    }


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
@pytest.mark.parametrize("after_folders", [1, 8])
def test_stopping_mid_cycle_leaves_a_consistent_state_that_the_next_run_finishes(
    tmp_path: Path, env: dict[str, str], stop: signal.Signals, after_folders: int
) -> None:
    process = start(tmp_path, env)
    outbox = tmp_path / "var" / "outbox"
    wait_for(
        lambda: (
            process.poll() is not None
            or (outbox.exists() and len(list(outbox.glob("S-*"))) >= after_folders)
        )
    )
    assert process.poll() is None, process.communicate()
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    if stop is not signal.SIGKILL:
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
        assert all(state != "posting" for *_, state in posts(tmp_path))

    finish = actbot("run", "--once", cwd=tmp_path, env=env)
    assert finish.returncode == 0, finish.stderr
    records = posts(tmp_path)
    assert {state for *_, state in records} == {"posted"}
    assert len({(vote, network) for vote, network, *_ in records}) == len(records)
    assert all(generation == 0 for _, _, generation, _ in records)
    assert outbox_folders(tmp_path) == sorted(expected_folders(tmp_path, env))


def test_run_writes_a_heartbeat_that_health_reads(tmp_path: Path, env: dict[str, str]) -> None:
    assert actbot("health", cwd=tmp_path, env=env).returncode == 1
    process = start(tmp_path, env)
    try:
        wait_for(lambda: (tmp_path / "var" / "heartbeat").exists())
        healthy = actbot("health", cwd=tmp_path, env=env)
        assert healthy.returncode == 0 and "healthy" in healthy.stdout
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert process.returncode == 0


def test_a_stale_heartbeat_is_unhealthy(tmp_path: Path, env: dict[str, str]) -> None:
    beat = tmp_path / "var" / "heartbeat"
    write_heartbeat(beat)
    assert heartbeat_age(beat) is not None
    old = datetime.now(UTC) - timedelta(minutes=10)
    beat.write_text(old.isoformat(), encoding="utf-8")
    result = actbot("health", "--max-age", "120", cwd=tmp_path, env=env)
    assert result.returncode == 1 and "old (limit 120 s)" in result.stderr
    beat.write_text("garbage", encoding="utf-8")
    assert heartbeat_age(beat) is None
    # A fresh heartbeat with a poll cycle that last finished hours ago: a hung cycle.
    write_heartbeat(beat)
    cycle_stamp(beat).write_text((datetime.now(UTC) - timedelta(hours=2)).isoformat())
    hung = actbot("health", cwd=tmp_path, env=env)  # poll every 600 min: still within limits
    assert hung.returncode == 0
    (tmp_path / "config.toml").write_text("[scheduler]\npoll_interval_minutes = 15\n")
    hung = actbot("health", cwd=tmp_path, env=env)
    assert hung.returncode == 1 and "the last poll cycle finished 120 minutes ago" in hung.stderr
