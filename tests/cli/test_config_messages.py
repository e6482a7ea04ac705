"""Config mistakes get a message that says how to fix them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def problem(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path, environ={})
    return str(error.value)


def test_an_unknown_key_suggests_the_likely_one(tmp_path: Path) -> None:
    assert "did you mean 'dry_run'?" in problem(tmp_path, "[publishing]\ndry_rn = true\n")
    assert "did you mean 'database'?" in problem(tmp_path, "[databse]\nurl = 'x'\n")


def test_a_secret_in_the_config_says_where_secrets_go(tmp_path: Path) -> None:
    message = problem(tmp_path, "[bluesky]\napp_password = 'abc'\n")
    assert "set ACTBOT_BLUESKY_APP_PASSWORD or ACTBOT_BLUESKY_APP_PASSWORD_FILE" in message
    assert "abc" not in message


@pytest.mark.parametrize("value", ['"yes"', "0", "1", '"on"'])
def test_booleans_are_true_or_false_only(tmp_path: Path, value: str) -> None:
    message = problem(tmp_path, f"[publishing]\ndry_run = {value}\n")
    assert "publishing.dry_run: must be true or false" in message


def test_true_and_false_strings_from_the_environment_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[sources.press]\nenabled = "true"\n[sources.http]\nuser_agent = "a (+mailto:a@b.c)"\n'
    )
    assert load_settings(path, environ={}).sources.press.enabled is True
