"""Crash matrix through the bot's real posting path: SIGKILL at each step, restart, count posts.

For X (the OAuth-checking fake), Bluesky (a real PDS) and Mastodon (its fake server): the worker
runs one poll cycle of the real App, storage and adapter, and kills itself before the network
call, after the network accepted the post (nothing recorded), or after the commit. The restarted
process reconciles through the adapter's find() and posts what is missing. Each (vote, network)
ends with exactly one post on the server and one "posted" record naming it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.publishers import payloads
from tests.conftest import data_with_votes
from tests.fakes.mastodon_api import FakeMastodon
from tests.fakes.x_api import FakeX
from tests.support.platforms import REPO_ROOT, BlueskyAccount, PdsServer, list_posts

pytestmark = [pytest.mark.usefixtures("loopback_only"), pytest.mark.slow]

KILL_STEPS = ["before-network", "after-accept", "after-commit"]
ONLY_VOTE = "S/2025/353"  # the one bundled atrocity-related vote dated after not_before


def live_config(tmp_path: Path, network: str, extra: str = "") -> Path:
    """Live posting on one network, with a record holding only 2025's vetoes."""
    data = data_with_votes(tmp_path / "data", "vetoed-2025.json")
    config = tmp_path / "live.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{tmp_path}/bot.sqlite3"
[sources.bundled]
data_dir = "{data}"
[publishing]
dry_run = false
networks = ["{network}"]
[posting]
not_before = 2025-01-01
{extra}
""",
        encoding="utf-8",
    )
    return config


def run_worker(
    config: Path, environment: dict[str, str], kill_at: str = "none"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fakes.crash_worker",
            "--config",
            str(config),
            "--kill-at",
            kill_at,
        ],
        env={**os.environ, **environment},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def finish(config: Path, environment: dict[str, str]) -> dict[str, Any]:
    done = run_worker(config, environment)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def x_environment(fake_x: FakeX) -> dict[str, str]:
    creds = fake_x.credentials
    return {
        "ACTBOT_X_API_KEY": creds.api_key,
        "ACTBOT_X_API_KEY_SECRET": creds.api_key_secret,
        "ACTBOT_X_ACCESS_TOKEN": creds.access_token,
        "ACTBOT_X_ACCESS_TOKEN_SECRET": creds.access_token_secret,
        "ACTBOT_X_API_BASE_URL": fake_x.url,
    }


@pytest.mark.xfake
@pytest.mark.parametrize("kill_at", KILL_STEPS)
def test_x_exactly_once_across_sigkill(fake_x: FakeX, tmp_path: Path, kill_at: str) -> None:
    config, environment = live_config(tmp_path, "x"), x_environment(fake_x)
    killed = run_worker(config, environment, kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]

    final = finish(config, environment)
    again = finish(config, environment)  # a third start changes nothing

    [tweet] = fake_x.tweets
    [record] = final["records"]
    assert record["symbol"] == ONLY_VOTE and record["state"] == "posted"
    assert record["platform_id"] == tweet.id
    assert again["records"] == final["records"]
    assert tweet.media_ids and fake_x.media[tweet.media_ids[0]].alt_text


@pytest.mark.pds
@pytest.mark.parametrize("kill_at", KILL_STEPS)
def test_bluesky_exactly_once_across_sigkill(
    pds: PdsServer, bluesky_account: BlueskyAccount, tmp_path: Path, kill_at: str
) -> None:
    config = live_config(
        tmp_path,
        "bluesky",
        f'[bluesky]\nhandle = "{bluesky_account.handle}"\nbase_url = "{pds.url}"\n'
        f'session_file = "{tmp_path}/bluesky.session"\n',
    )
    environment = {"ACTBOT_BLUESKY_APP_PASSWORD": bluesky_account.app_password}
    killed = run_worker(config, environment, kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]

    final = finish(config, environment)
    again = finish(config, environment)

    [post] = list_posts(pds.url, bluesky_account.did)
    rkey = payloads.record_key("S-2025-353", 0)
    assert post["uri"] == payloads.at_uri(bluesky_account.did, rkey)
    [record] = final["records"]
    assert (record["state"], record["platform_id"]) == ("posted", post["uri"])
    assert record["platform_cid"] == post["cid"]
    assert again["records"] == final["records"]
    assert (tmp_path / "bluesky.session").stat().st_mode & 0o077 == 0


@pytest.mark.mastodon
@pytest.mark.parametrize("kill_at", KILL_STEPS)
def test_mastodon_exactly_once_across_sigkill(tmp_path: Path, kill_at: str) -> None:
    with FakeMastodon() as fake:
        config = live_config(tmp_path, "mastodon", f'[mastodon]\ninstance_url = "{fake.url}"\n')
        environment = {"ACTBOT_MASTODON_ACCESS_TOKEN": fake.token}
        killed = run_worker(config, environment, kill_at)
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]

        final = finish(config, environment)
        again = finish(config, environment)

    [status] = fake.statuses  # no duplicate, no loss
    [record] = final["records"]
    assert (record["symbol"], record["state"]) == (ONLY_VOTE, "posted")
    assert record["platform_id"] == status.id
    assert again["records"] == final["records"]
    assert fake.media[status.media_ids[0]].description
