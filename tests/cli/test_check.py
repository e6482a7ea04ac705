"""`actbot check` names each network's credentials in plain words, in a dry run and live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.fakes.mastodon_api import FakeMastodon
from tests.fakes.x_api import FakeX

pytestmark = pytest.mark.usefixtures("loopback_only")


@pytest.fixture(autouse=True)
def clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("ACTBOT_"):
            monkeypatch.delenv(name)


def check() -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    return result.exit_code, result.output.splitlines()


def test_a_dry_run_says_which_networks_have_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTBOT_MASTODON_ACCESS_TOKEN", "token-1")
    code, lines = check()
    assert code == 0
    assert "ok       mastodon: credentials set, not tried in a dry run" in lines
    assert (
        "ok       bluesky: no credentials (ACTBOT_BLUESKY_APP_PASSWORD not set); needed only "
        "to post live"
    ) in lines
    assert any(line.startswith("ok       x: no credentials (ACTBOT_X_API_KEY,") for line in lines)


def test_a_dry_run_reports_an_unreadable_secret_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTBOT_BLUESKY_APP_PASSWORD_FILE", "/nonexistent/secret")
    code, lines = check()
    assert code == 1
    assert any(
        line.startswith("PROBLEM  bluesky: ACTBOT_BLUESKY_APP_PASSWORD_FILE names")
        for line in lines
    )


def test_live_each_network_gets_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeX() as x, FakeMastodon() as mastodon:
        for name, value in x.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("ACTBOT_MASTODON_ACCESS_TOKEN", "not-the-token")
        monkeypatch.setenv("ACTBOT_PUBLISHING__DRY_RUN", "false")
        monkeypatch.setenv("ACTBOT_PUBLISHING__NETWORKS", "x,mastodon")
        monkeypatch.setenv("ACTBOT_POSTING__NOT_BEFORE", "2026-12-01")
        monkeypatch.setenv("ACTBOT_X__API_BASE_URL", x.url)
        monkeypatch.setenv("ACTBOT_MASTODON__INSTANCE_URL", mastodon.url)
        code, lines = check()
        assert x.tweets == [] and mastodon.statuses == []
    assert code == 1  # the Mastodon token is wrong; X's is right
    assert "ok       posting: live on x, mastodon" in lines
    assert any(line.startswith("ok       x: ") for line in lines)
    assert any(line.startswith("PROBLEM  mastodon: ") and "401" in line for line in lines)
    assert "ok       bluesky: not posted to (not in networks)" in lines


def test_live_flags_loose_secret_files_not_settings_that_end_in_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The image sets ACTBOT_SCHEDULER__HEARTBEAT_FILE: a setting, not a secret, so its
    0644 heartbeat is no problem; a secret file others can read still is."""
    heartbeat = tmp_path / "heartbeat"
    monkeypatch.setenv("ACTBOT_SCHEDULER__HEARTBEAT_FILE", str(heartbeat))
    assert check()[0] == 0  # creates the database a heartbeat belongs beside
    heartbeat.write_text("2026-12-07T00:00:00+00:00\n")
    heartbeat.chmod(0o644)
    with FakeX() as x:
        environment = x.environment()
        key_file = tmp_path / "x_api_key"
        key_file.write_text(environment.pop("ACTBOT_X_API_KEY") + "\n")
        key_file.chmod(0o644)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("ACTBOT_X_API_KEY_FILE", str(key_file))
        monkeypatch.setenv("ACTBOT_PUBLISHING__DRY_RUN", "false")
        monkeypatch.setenv("ACTBOT_PUBLISHING__NETWORKS", "x")
        monkeypatch.setenv("ACTBOT_POSTING__NOT_BEFORE", "2026-12-01")
        monkeypatch.setenv("ACTBOT_X__API_BASE_URL", x.url)
        code, lines = check()
    assert any(line.startswith("ok       x: ") for line in lines)
    problems = [line for line in lines if line.startswith("PROBLEM")]
    assert problems == [f"PROBLEM  {key_file} can be read by other users (mode 644); chmod 600 it"]
    assert code == 1
