"""The operator hears of every failure: a command that did not do its job exits non-zero with
one plain line, `check` names each broken part, no secret reaches any text the bot writes,
and with JSON logging every stderr line parses.

Read-only and full filesystems are real tmpfs mounts (tests/support/mounts.py); the echoing
server is a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import DATA, data_with_votes
from tests.support import run_actbot
from tests.support.mounts import make_read_only, read_only_view, tmpfs

Actbot = Callable[..., Result]


def post_states(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return sorted({state for (state,) in db.execute("SELECT state FROM posts")})


def one_plain_line(result: Result) -> None:
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) <= 1, result.output


def test_a_read_only_outbox_fails_the_run_loses_nothing_and_check_names_it(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tmpfs(workdir / "outbox") as outbox:
        make_read_only(outbox)
        monkeypatch.setenv("ACTBOT_OUTBOX", str(outbox))
        run = actbot("run", "--once")
        assert run.exit_code == 1, run.output
        assert "cannot write to the outbox" in run.output and "Read-only file system" in run.output
        one_plain_line(run)
        assert post_states(workdir / "var" / "actbot.sqlite3") == ["pending"]
        check = actbot("check")
        assert check.exit_code == 1
        assert "PROBLEM  posting: dry run into" in check.output
        assert "read-only or no permission" in check.output
    monkeypatch.setenv("ACTBOT_OUTBOX", str(workdir / "writable"))
    with sqlite3.connect(workdir / "var" / "actbot.sqlite3") as db:
        db.execute("UPDATE posts SET not_before = NULL")
    fixed = actbot("run", "--once")
    assert fixed.exit_code == 0, fixed.output
    assert post_states(workdir / "var" / "actbot.sqlite3") == ["posted"]


def test_a_full_outbox_fails_the_run(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tmpfs(workdir / "outbox", size_kb=64) as outbox:
        monkeypatch.setenv("ACTBOT_OUTBOX", str(outbox))
        run = actbot("run", "--once")
        assert run.exit_code == 1, run.output
        assert "No space left on device" in run.output
        one_plain_line(run)
        # what did not fit waits in the queue; nothing is marked posted that was not written
        assert "pending" in post_states(workdir / "var" / "actbot.sqlite3")
        written = {path.name for path in outbox.iterdir() if not path.name.startswith(".")}
        with sqlite3.connect(workdir / "var" / "actbot.sqlite3") as db:
            posted = {
                symbol.replace("/", "-").replace(" ", "-").replace("(", "").replace(")", "")
                for (symbol,) in db.execute(
                    "SELECT v.draft_symbol FROM posts p JOIN votes v ON v.id = p.vote_id "
                    "WHERE p.state = 'posted' AND v.draft_symbol IS NOT NULL"
                )
            }
        assert posted <= written


def test_a_read_only_database_is_one_line_and_check_names_it(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tmpfs(workdir / "db", size_kb=65536) as folder:
        monkeypatch.setenv("ACTBOT_DATABASE_URL", f"sqlite:///{folder}/actbot.sqlite3")
        first = actbot("run", "--once")
        assert first.exit_code == 0, first.output
        before = (folder / "actbot.sqlite3").read_bytes()
        with read_only_view(folder, workdir / "db-ro") as view:
            monkeypatch.setenv("ACTBOT_DATABASE_URL", f"sqlite:///{view}/actbot.sqlite3")
            for args in (["run", "--once"], ["classify", "S/2016/846", "--atrocity", "no"]):
                result = actbot(*args)
                assert result.exit_code == 1, (args, result.output)
                one_plain_line(result)
                assert "read-only" in result.output or "readonly" in result.output, result.output
            check = actbot("check")
            assert check.exit_code == 1
            assert "PROBLEM  database:" in check.output
        assert (folder / "actbot.sqlite3").read_bytes() == before


def test_a_full_database_disk_is_one_line_and_the_database_stays_sound(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tmpfs(workdir / "db", size_kb=400) as folder:
        database = folder / "actbot.sqlite3"
        monkeypatch.setenv("ACTBOT_DATABASE_URL", f"sqlite:///{database}")
        result = actbot("run", "--once")
        assert result.exit_code == 1, result.output
        one_plain_line(result)
        assert "full" in result.output, result.output
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_check_names_a_broken_data_file(
    actbot: Actbot, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    votes = data_copy / "votes" / "vetoed-2016.json"
    votes.write_text(votes.read_text(encoding="utf-8")[:500], encoding="utf-8")
    monkeypatch.setenv("ACTBOT_DATA_DIR", str(data_copy))
    check = actbot("check")
    assert check.exit_code == 1
    assert "PROBLEM  data in" in check.output and "vetoed-2016.json" in check.output


# -- secrets ------------------------------------------------------------------------------------


class _Echo(BaseHTTPRequestHandler):
    """Answers every request with an error whose body repeats the request, as some proxies
    and misconfigured servers do."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        echoed = json.dumps(
            {
                "error": "InternalServerError",
                "message": f"bad request: {body.decode(errors='replace')} "
                f"headers: {dict(self.headers.items())}",
            }
        ).encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(echoed)))
        self.end_headers()
        self.wfile.write(echoed)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def echo_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_no_secret_reaches_output_logs_database_or_files(
    actbot: Actbot,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    echo_server: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    password = "planted-app-pw-9Xq2-zz7k-l0l0"  # noqa: S105 - planted to be searched for
    monkeypatch.setenv("ACTBOT_BLUESKY_APP_PASSWORD", password)
    data = data_with_votes(workdir / "data", "vetoed-2025.json")
    (workdir / "config.toml").write_text(
        f"""
[sources.bundled]
data_dir = "{data}"
[publishing]
dry_run = false
networks = ["bluesky"]
[posting]
not_before = 2025-01-01
[bluesky]
handle = "bot.test"
base_url = "{echo_server}"
""",
        encoding="utf-8",
    )
    check = actbot("--config", "config.toml", "check")
    run = actbot("--config", "config.toml", "run", "--once")
    status = actbot("--config", "config.toml", "status")
    assert check.exit_code == 1 and run.exit_code == 1
    texts = "\n".join([check.output, run.output, status.output, caplog.text])
    assert password not in texts
    written = b"".join(
        path.read_bytes()
        for path in workdir.rglob("*")
        if path.is_file() and "data" not in path.parts
    )
    assert password.encode() not in written
    with sqlite3.connect(workdir / "var" / "actbot.sqlite3") as db:
        errors = [error for (error,) in db.execute("SELECT last_error FROM posts") if error]
    assert errors and all(password not in error and len(error) <= 300 for error in errors)


def test_a_database_password_with_an_at_sign_is_masked_whole(actbot: Actbot) -> None:
    url = "postgresql+psycopg://bot:s3cr@t:pa55@127.0.0.1:1/actbot"
    result = actbot("status", env={"ACTBOT_DATABASE_URL": url})
    assert result.exit_code == 1
    assert "s3cr" not in result.output and "pa55" not in result.output, result.output
    from storage.db import safe_url

    assert safe_url(url) == "postgresql+psycopg://bot:***@127.0.0.1:1/actbot"


# -- logs ---------------------------------------------------------------------------------------


def test_with_json_logging_every_stderr_line_parses(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    (tmp_path / "config.toml").write_text(
        f"""
[database]
url = "sqlite:///{tmp_path}/bot.sqlite3"
[sources.bundled]
data_dir = "{DATA}"
[publishing]
outbox = "{tmp_path}/not-a-folder"
[logging]
format = "json"
level = "DEBUG"
""",
        encoding="utf-8",
    )
    result = run_actbot(tmp_path, "--config", "config.toml", "run", "--once")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines
    for line in lines:
        event = json.loads(line)
        assert {"time", "level", "message"} <= set(event)
    assert any("cannot write to the outbox" in json.loads(line)["message"] for line in lines)


# -- notifications ------------------------------------------------------------------------------


class _Receiver(BaseHTTPRequestHandler):
    """A webhook endpoint: what Apprise's json:// sends is kept in `server.received`."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.received.append(json.loads(self.rfile.read(length)))  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, str]]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"json://127.0.0.1:{server.server_address[1]}/", server.received  # type: ignore[attr-defined]
    server.shutdown()


def test_a_failed_run_is_notified_once_and_nothing_is_lost(
    actbot: Actbot,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    receiver: tuple[str, list[dict[str, str]]],
) -> None:
    url, received = receiver
    monkeypatch.setenv("ACTBOT_NOTIFY_URLS", url)
    with tmpfs(workdir / "outbox") as outbox:
        make_read_only(outbox)
        monkeypatch.setenv("ACTBOT_OUTBOX", str(outbox))
        first = actbot("run", "--once")
        assert first.exit_code == 1
        assert len(received) == 1, received
        assert "cannot write to the outbox" in received[0]["message"]
        assert received[0]["title"] == "ACT Scorecard Bot"
        again = actbot("run", "--once")  # the same failure next cycle: not told again
        assert again.exit_code == 1 and len(received) == 1
    assert post_states(workdir / "var" / "actbot.sqlite3") == ["pending"]


def test_notify_test_sends_one_message_and_a_dead_service_is_one_line(
    actbot: Actbot, monkeypatch: pytest.MonkeyPatch, receiver: tuple[str, list[dict[str, str]]]
) -> None:
    url, received = receiver
    monkeypatch.setenv("ACTBOT_NOTIFY_URLS", url)
    sent = actbot("notify", "--test")
    assert sent.exit_code == 0, sent.output
    assert len(received) == 1 and "Test message" in received[0]["message"]
    monkeypatch.setenv("ACTBOT_NOTIFY_URLS", "json://127.0.0.1:9/")  # nobody listens
    dead = actbot("notify", "--test")
    assert dead.exit_code == 1
    one_plain_line(dead)
    monkeypatch.delenv("ACTBOT_NOTIFY_URLS")
    none = actbot("notify", "--test")
    assert none.exit_code == 1 and "no notification URL" in none.output


def test_a_failing_notifier_never_stops_a_cycle(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACTBOT_NOTIFY_URLS", "json://127.0.0.1:9/")
    (workdir / "not-a-folder").write_text("x")
    monkeypatch.setenv("ACTBOT_OUTBOX", str(workdir / "not-a-folder"))
    result = actbot("run", "--once")
    assert result.exit_code == 1
    one_plain_line(result)
    assert "new vote(s)" in result.output  # the cycle ran to the end


# -- a lost or mistyped database ----------------------------------------------------------------


def test_a_deleted_or_mistyped_database_posts_nothing_and_says_why(
    actbot: Actbot, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = actbot("run", "--once")
    assert first.exit_code == 0
    posted = sorted(p.name for p in (workdir / "var" / "outbox").iterdir())
    assert posted
    (workdir / "var" / "actbot.sqlite3").unlink()
    lost = actbot("run", "--once")
    assert lost.exit_code == 1
    assert "is new, but this bot has run before" in lost.output
    assert "--new-database" in lost.output
    one_plain_line(lost)
    assert not (workdir / "var" / "actbot.sqlite3").exists()
    monkeypatch.setenv("ACTBOT_DATABASE_URL", f"sqlite:///{workdir}/vra/actbot.sqlite3")
    typo = actbot("run", "--once")
    assert typo.exit_code == 1 and "is new, but this bot has run before" in typo.output
    assert not (workdir / "vra" / "actbot.sqlite3").exists()
    assert sorted(p.name for p in (workdir / "var" / "outbox").iterdir()) == posted
    monkeypatch.delenv("ACTBOT_DATABASE_URL")
    again = actbot("--new-database", "run", "--once")  # on purpose: starts over
    assert again.exit_code == 0, again.output
