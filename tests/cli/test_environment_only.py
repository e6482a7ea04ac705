"""With only environment variables (no config file) the bot does what the same config file
makes it do: a dry run writes the same outbox, a live run posts the same posts on loopback."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.conftest import data_with_votes
from tests.fakes.mastodon_api import FakeMastodon
from tests.fakes.x_api import FakeX

pytestmark = pytest.mark.usefixtures("loopback_only")

VOTES = ("vetoed-2025.json",)


@pytest.fixture(autouse=True)
def no_actbot_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ACTBOT_"):
            monkeypatch.delenv(name)


def run_once(folder: Path, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]) -> str:
    folder.mkdir(exist_ok=True)
    monkeypatch.chdir(folder)
    with monkeypatch.context() as scoped:
        for name, value in environ.items():
            scoped.setenv(name, value)
        result = CliRunner().invoke(cli, ["run", "--once"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def outbox(folder: Path) -> dict[str, bytes]:
    """Every file the dry run wrote, by path; post.json without its attempt id."""
    found: dict[str, bytes] = {}
    for path in sorted((folder / "out").rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if path.name == "post.json":
            record = json.loads(content)
            record.pop("attempt_id")  # a fresh one per attempt, by design
            content = json.dumps(record, sort_keys=True).encode()
        found[str(path.relative_to(folder))] = content
    return found


def test_a_dry_run_from_the_environment_writes_what_the_config_file_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_with_votes(tmp_path / "data", *VOTES, "adopted-2024.json").resolve()
    by_file = tmp_path / "by-file"
    by_file.mkdir()
    (by_file / "config.toml").write_text(
        f"""
[sources.bundled]
data_dir = "{data}"
[publishing]
dry_run = true
networks = ["x", "bluesky", "mastodon"]
outbox = "out"
languages = ["en"]
[posting]
auto_post = "all"
[card]
operator = "Example NGO"
link = "https://example.org/act"
""",
        encoding="utf-8",
    )
    file_output = run_once(by_file, monkeypatch, {})
    env_output = run_once(
        tmp_path / "by-env",
        monkeypatch,
        {
            "ACTBOT_SOURCES__BUNDLED__DATA_DIR": str(data),
            "ACTBOT_PUBLISHING__DRY_RUN": "true",
            "ACTBOT_PUBLISHING__NETWORKS": "x,bluesky,mastodon",
            "ACTBOT_PUBLISHING__OUTBOX": "out",
            "ACTBOT_POSTING__AUTO_POST": "all",
            "ACTBOT_CARD__OPERATOR": "Example NGO",
            "ACTBOT_CARD__LINK": "https://example.org/act",
            "ACTBOT_PUBLISHING__LANGUAGES": "en",
        },
    )
    written = outbox(by_file)
    assert len([name for name in written if name.endswith("card.png")]) >= 2
    assert any(name.endswith("mastodon.txt") for name in written)
    assert outbox(tmp_path / "by-env") == written
    assert env_output.count("dry run") == file_output.count("dry run")


def posted(folder: Path, x: FakeX, mastodon: FakeMastodon) -> dict[str, object]:
    with sqlite3.connect(folder / "var" / "actbot.sqlite3") as db:
        rows = db.execute("SELECT subject, network, state FROM posts ORDER BY 1, 2").fetchall()
    return {
        "x": sorted(tweet.submitted_text for tweet in x.tweets),
        "x media": sum(len(tweet.media_ids) for tweet in x.tweets),
        "mastodon": sorted((s.text, s.visibility, s.language) for s in mastodon.statuses),
        "alt texts": sorted(media.description or "" for media in mastodon.media.values()),
        "records": rows,
    }


def live_secrets(x: FakeX, mastodon: FakeMastodon) -> dict[str, str]:
    return {**x.environment(), "ACTBOT_MASTODON_ACCESS_TOKEN": mastodon.token}


def test_a_live_run_from_the_environment_posts_what_the_config_file_posts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_with_votes(tmp_path / "data", *VOTES).resolve()
    results = []
    for how in ("by-file", "by-env"):
        with FakeX() as x, FakeMastodon(max_characters=400) as mastodon:
            settings = {
                "sources.bundled": {"data_dir": f'"{data}"'},
                "publishing": {"dry_run": "false", "networks": '["x", "mastodon"]'},
                "posting": {"not_before": "2025-01-01"},
                "x": {"api_base_url": f'"{x.url}"'},
                "mastodon": {"instance_url": f'"{mastodon.url}"', "visibility": '"unlisted"'},
            }
            folder = tmp_path / how
            folder.mkdir()
            if how == "by-file":
                (folder / "config.toml").write_text(_toml(settings), encoding="utf-8")
                environ = live_secrets(x, mastodon)
            else:
                environ = {**live_secrets(x, mastodon), **_variables(settings)}
            output = run_once(folder, monkeypatch, environ)
            assert "posted S/2025/353 on x" in output and "posted S/2025/353 on mastodon" in output
            results.append(posted(folder, x, mastodon))
    by_file, by_env = results
    assert by_file["mastodon"] and by_file["x"]
    assert by_env == by_file


def _toml(settings: dict[str, dict[str, str]]) -> str:
    """Settings whose values are written as TOML values, as a config file."""
    lines = []
    for section, keys in settings.items():
        lines.append(f"[{section}]")
        lines += [f"{key} = {value}" for key, value in keys.items()]
    return "\n".join(lines) + "\n"


def _variables(settings: dict[str, dict[str, str]]) -> dict[str, str]:
    """The same settings as ACTBOT_SECTION__KEY variables: strings unquoted, a list as JSON."""
    found = {}
    for section, keys in settings.items():
        for key, value in keys.items():
            name = "ACTBOT_" + "__".join(part.upper() for part in (*section.split("."), key))
            found[name] = value.strip('"') if value.startswith('"') else value
    return found
