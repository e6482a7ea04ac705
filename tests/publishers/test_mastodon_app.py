"""Mastodon through the whole bot: config, `check`, `run --once` with the outbox, the instance's
own text limit, secrets kept out of output, logs and the database."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.domain.text_limits import MASTODON_TEXT, mastodon_length
from tests.conftest import data_with_votes
from tests.fakes.mastodon_api import FakeMastodon

pytestmark = [pytest.mark.mastodon, pytest.mark.usefixtures("loopback_only")]


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMastodon]:
    monkeypatch.chdir(tmp_path)
    with FakeMastodon(max_characters=140) as server:
        monkeypatch.setenv("ACTBOT_MASTODON_ACCESS_TOKEN", server.token)
        yield server


def write_config(fake: FakeMastodon, mastodon: str | None = None) -> None:
    data = data_with_votes(Path("data"), "vetoed-2025.json")
    section = f'instance_url = "{fake.url}"\nvisibility = "unlisted"\n'
    Path("config.toml").write_text(
        f"""
[sources.bundled]
data_dir = "{data.resolve()}"
[publishing]
dry_run = false
networks = ["mastodon"]
[posting]
not_before = 2025-01-01
[mastodon]
{section if mastodon is None else mastodon}
[logging]
level = "DEBUG"
""",
        encoding="utf-8",
    )


def actbot(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_names_the_account_in_plain_words_without_posting(fake: FakeMastodon) -> None:
    write_config(fake)
    result = actbot("check")
    assert result.exit_code == 0, result.output
    assert "mastodon: signed in to 127.0.0.1" in result.output
    assert "as @actscorecard" in result.output and "up to 140 characters" in result.output
    assert fake.statuses == [] and fake.media == {}


def test_check_says_what_is_wrong_with_the_token(
    fake: FakeMastodon, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(fake)
    monkeypatch.setenv("ACTBOT_MASTODON_ACCESS_TOKEN", "revoked")
    refused = actbot("check")
    assert refused.exit_code == 1
    assert "PROBLEM  mastodon: Mastodon: asking who we are failed: 401" in refused.output
    monkeypatch.delenv("ACTBOT_MASTODON_ACCESS_TOKEN")
    missing = actbot("check")
    assert missing.exit_code == 1 and "ACTBOT_MASTODON_ACCESS_TOKEN is not set" in missing.output


@pytest.mark.parametrize(
    ("section", "words"),
    [
        ("", "mastodon.instance_url: needed to post on Mastodon"),
        ('instance_url = "mastodon.social"', "is not an address"),
        ('instance_url = "https://m.example"\nvisibility = "everyone"', "visibility"),
        ('instance_url = "https://m.example"\naccess_token = "abc"', "access_token"),
    ],
)
def test_config_mistakes_are_named(fake: FakeMastodon, section: str, words: str) -> None:
    write_config(fake, mastodon=section)
    result = actbot("check")
    assert result.exit_code != 0 and words in result.output


def test_run_posts_once_within_the_instance_limit_and_leaks_no_token(
    fake: FakeMastodon, caplog: pytest.LogCaptureFixture
) -> None:
    write_config(fake)
    caplog.set_level(logging.DEBUG)
    first = actbot("run", "--once")
    assert first.exit_code == 0, first.output
    assert "posted S/2025/353 on mastodon" in first.output
    second = actbot("run", "--once")
    assert second.exit_code == 0 and "0 post(s) made" in second.output

    [status] = fake.statuses
    assert status.visibility == "unlisted" and status.language == "en"
    assert status.text.endswith("#ACTcodeofconduct") and "S/2025/353" in status.text
    assert mastodon_length(status.text) <= 140  # the instance's limit, read at start
    assert fake.media[status.media_ids[0]].description  # the card's alt text
    with sqlite3.connect("var/actbot.sqlite3") as db:
        rows = db.execute("SELECT network, state, platform_id FROM posts").fetchall()
    assert rows == [("mastodon", "posted", status.id)]

    status_output = actbot("status").output
    database = b"".join(p.read_bytes() for p in Path("var").glob("actbot.sqlite3*"))
    everything = "\n".join([first.output, second.output, status_output, caplog.text])
    assert fake.token not in everything and fake.token.encode() not in database


def test_the_static_limit_would_have_written_a_longer_text(fake: FakeMastodon) -> None:
    """The check above can fail: this vote's full text is over 140 at Mastodon's default 500."""
    from bot.app import build_app
    from bot.config import load_settings

    write_config(fake)
    app = build_app(load_settings(Path("config.toml")))
    stored = app.votes.get("S/2025/353") or app.find_vote("S/2025/353")[0]
    assert stored is not None
    static = app.prepare_vote(stored, 0, "a").texts["mastodon"]
    app.publishers()
    live = app.prepare_vote(stored, 0, "b").texts["mastodon"]
    assert mastodon_length(static) > 140 and MASTODON_TEXT.fits(static)
    assert mastodon_length(live) <= 140 and live != static
