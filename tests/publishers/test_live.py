"""The whole bot posting for real, on loopback: `check`, `run --once`, caps, faults, secrets.

X is the OAuth-checking fake (tests/fakes/x_api.py), Bluesky a real PDS; the CLI is the real
entry point, configured the way an operator would (config file plus secrets in the env).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from tests.conftest import data_with_votes
from tests.fakes.x_api import FakeX
from tests.support.platforms import BlueskyAccount, PdsServer, list_posts

pytestmark = [pytest.mark.usefixtures("loopback_only"), pytest.mark.xfake, pytest.mark.pds]


@pytest.fixture
def live(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_x: FakeX,
    pds: PdsServer,
    bluesky_account: BlueskyAccount,
) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    creds = fake_x.credentials
    secrets = {
        "ACTBOT_X_API_KEY": creds.api_key,
        "ACTBOT_X_API_KEY_SECRET": creds.api_key_secret,
        "ACTBOT_X_ACCESS_TOKEN": creds.access_token,
        "ACTBOT_X_ACCESS_TOKEN_SECRET": creds.access_token_secret,
        "ACTBOT_BLUESKY_APP_PASSWORD": bluesky_account.app_password,
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ACTBOT_X_API_BASE_URL", fake_x.url)
    return {"secrets": secrets, "fake_x": fake_x, "pds": pds, "account": bluesky_account}


def write_config(live: dict[str, Any], not_before: str = "2025-01-01", extra: str = "") -> None:
    account: BlueskyAccount = live["account"]
    data = data_with_votes(Path("data"), "vetoed-2024.json", "vetoed-2025.json")
    Path("config.toml").write_text(
        f"""
[sources.bundled]
data_dir = "{data.resolve()}"
[publishing]
dry_run = false
networks = ["x", "bluesky"]
[posting]
not_before = {not_before}
[bluesky]
handle = "{account.handle}"
base_url = "{live["pds"].url}"
{extra}
[logging]
level = "DEBUG"
format = "json"
""",
        encoding="utf-8",
    )


def actbot(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_verifies_both_networks_without_posting(live: dict[str, Any]) -> None:
    write_config(live)
    result = actbot("check")
    assert result.exit_code == 0, result.output
    assert "x: signed in to X as @actscorecard" in result.output
    assert f"bluesky: logged in to {live['pds'].url} as @{live['account'].handle}" in result.output
    assert live["fake_x"].tweets == [] and list_posts(live["pds"].url, live["account"].did) == []


def test_check_says_what_is_wrong(live: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(live)
    monkeypatch.setenv("ACTBOT_X_ACCESS_TOKEN_SECRET", "wrong")
    monkeypatch.setenv("ACTBOT_BLUESKY_APP_PASSWORD", "wrong-password")
    result = actbot("check")
    assert result.exit_code == 1
    assert "PROBLEM  x:" in result.output and "PROBLEM  bluesky:" in result.output
    monkeypatch.delenv("ACTBOT_X_API_KEY")
    missing = actbot("check")
    assert missing.exit_code == 1 and "ACTBOT_X_API_KEY" in missing.output


def test_run_once_posts_each_due_vote_once_on_both_networks_and_leaks_nothing(
    live: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    write_config(live)
    caplog.set_level(logging.DEBUG)
    first = actbot("run", "--once")
    assert first.exit_code == 0, first.output
    assert (
        "posted S/2025/353 on x" in first.output and "posted S/2025/353 on bluesky" in first.output
    )
    second = actbot("run", "--once")
    assert second.exit_code == 0 and "0 post(s) made" in second.output

    fake_x: FakeX = live["fake_x"]
    [tweet] = fake_x.tweets
    assert tweet.text.endswith("#ACTcodeofconduct") and "http" not in tweet.text
    [post] = list_posts(live["pds"].url, live["account"].did)
    assert post["value"]["facets"][-1]["features"][0]["tag"] == "ACTcodeofconduct"
    ratio = post["value"]["embed"]["images"][0]["aspectRatio"]
    assert (ratio["width"], ratio["height"]) == (1200, 675)

    status = actbot("status").output
    assert "x: posted" in status and "bluesky: posted" in status
    exported = actbot("export").output
    database = Path("var/actbot.sqlite3").read_bytes() + b"".join(
        p.read_bytes() for p in Path("var").glob("actbot.sqlite3-*")
    )
    session = Path("var/bluesky.session").read_text()
    everything = "\n".join([first.output, second.output, status, exported, caplog.text])
    for name, secret in live["secrets"].items():
        assert secret not in everything, f"{name} leaked"
        assert secret.encode() not in database, f"{name} stored in the database"
    assert session and session not in everything
    assert Path("var/bluesky.session").stat().st_mode & 0o077 == 0


def test_one_failing_network_never_stops_the_other(live: dict[str, Any]) -> None:
    write_config(live)
    fake_x: FakeX = live["fake_x"]
    fake_x.fail_next(1, "401")
    result = actbot("run", "--once")
    assert "posted S/2025/353 on bluesky" in result.output
    assert "NOT POSTED S/2025/353 on x (will retry)" in result.output  # waits, not dropped
    assert result.exit_code == 1
    assert fake_x.tweets == []
    with sqlite3.connect("var/actbot.sqlite3") as db:
        states = dict(db.execute("SELECT network, state FROM posts").fetchall())
        assert states == {"x": "pending", "bluesky": "posted"}
        # Once the operator has fixed the credentials, only X is retried.
        db.execute("UPDATE posts SET not_before = NULL")
    retried = actbot("run", "--once")
    assert "posted S/2025/353 on x" in retried.output
    assert "on bluesky" not in retried.output
    assert len(fake_x.tweets) == 1
    assert len(list_posts(live["pds"].url, live["account"].did)) == 1


def test_a_daily_cap_keeps_the_rest_queued_oldest_first(live: dict[str, Any]) -> None:
    write_config(live, not_before="2024-11-01", extra="[x]\ndaily_cap = 1\n")
    result = actbot("run", "--once")
    assert result.exit_code == 0, result.output
    assert "x: 1 posts in 24 hours reached" in result.output
    fake_x: FakeX = live["fake_x"]
    [tweet] = fake_x.tweets
    assert "S/2024/826" in tweet.text  # the oldest due vote went first
    assert len(list_posts(live["pds"].url, live["account"].did)) == 3
    with sqlite3.connect("var/actbot.sqlite3") as db:
        waiting = db.execute(
            "SELECT count(*) FROM posts WHERE network = 'x' AND state = 'pending'"
        ).fetchone()[0]
    assert waiting == 2
    logs = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert all("level" in entry for entry in logs)


def test_post_on_one_network_leaves_the_other_alone(live: dict[str, Any]) -> None:
    write_config(live, extra="", not_before="2026-01-01")  # nothing due on its own
    assert actbot("run", "--once").exit_code == 0
    result = actbot("post", "--resolution", "S/2024/826", "--network", "x")
    assert result.exit_code == 0, result.output
    assert "posted S/2024/826 on x" in result.output and "bluesky" not in result.output
    assert list_posts(live["pds"].url, live["account"].did) == []
    with sqlite3.connect("var/actbot.sqlite3") as db:
        rows = db.execute("SELECT network, state FROM posts").fetchall()
    assert rows == [("x", "posted")]


def test_an_answer_x_cannot_read_is_retried_and_bluesky_is_unaffected(
    live: dict[str, Any],
) -> None:
    """X (the fake) answers the post with an HTML page and status 200: the post waits for the
    next cycle instead of failing for good; Bluesky posts on time."""
    write_config(live)
    fake_x: FakeX = live["fake_x"]
    fake_x.fail_next(1, "html", path="/2/tweets")
    first = actbot("run", "--once")
    assert first.exit_code == 1
    assert "posted S/2025/353 on bluesky" in first.output
    assert "not a valid reply" in first.output
    with sqlite3.connect("var/actbot.sqlite3") as db:
        assert dict(db.execute("SELECT network, state FROM posts").fetchall()) == {
            "x": "pending",
            "bluesky": "posted",
        }
        db.execute("UPDATE posts SET not_before = NULL")
    second = actbot("run", "--once")
    assert second.exit_code == 0, second.output
    assert len(fake_x.tweets) == 1


def test_after_starting_over_x_posts_are_looked_for_before_they_are_made(
    live: dict[str, Any],
) -> None:
    """The database is deleted and the operator starts over on purpose: the vote already on
    X is found on the account and recorded, not posted again."""
    write_config(live)
    fake_x: FakeX = live["fake_x"]
    assert actbot("run", "--once").exit_code == 0
    assert len(fake_x.tweets) == 1
    Path("var/actbot.sqlite3").unlink()
    refused = actbot("run", "--once")
    assert refused.exit_code == 1 and "--new-database" in refused.output
    again = actbot("--new-database", "run", "--once")
    assert again.exit_code == 0, again.output
    assert len(fake_x.tweets) == 1  # found on the account, not posted twice
    with sqlite3.connect("var/actbot.sqlite3") as db:
        states = dict(db.execute("SELECT network, platform_id FROM posts").fetchall())
    assert states["x"] == fake_x.tweets[0].id
