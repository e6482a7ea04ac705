"""Settings from the environment (bot/config_env.py): names, values, mistakes, .env.example."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.config import ConfigError, environment_example, load_settings, settings_model
from bot.config_env import environment_settings, from_environment

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_each_kind_of_value_is_read_as_the_config_file_would_hold_it() -> None:
    settings = load_settings(
        None,
        {
            "ACTBOT_PUBLISHING__DRY_RUN": "true",
            "ACTBOT_PUBLISHING__NETWORKS": " x, mastodon ",
            "ACTBOT_PUBLISHING__LANGUAGES": '["en", "fr"]',
            "ACTBOT_POSTING__NOT_BEFORE": "2026-12-01",
            "ACTBOT_SCHEDULER__POLL_INTERVAL_MINUTES": "7.5",
            "ACTBOT_SOURCES__PRESS__EVERY_MINUTES": "",
            "ACTBOT_SOURCES__BUNDLED__DATA_DIR": "/srv/data",
            "ACTBOT_MASTODON__VISIBILITY": "unlisted",
        },
    )
    assert settings.publishing.networks == ("x", "mastodon")
    assert settings.publishing.languages == ("en", "fr")
    assert settings.posting.not_before == date(2026, 12, 1)
    assert settings.scheduler.poll_interval_minutes == 7.5
    assert settings.sources.press.every_minutes is None  # empty unsets a key that may be unset
    assert settings.sources.bundled.data_dir == Path("/srv/data")
    assert settings.mastodon.visibility == "unlisted"  # type: ignore[attr-defined]


def test_the_environment_wins_over_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[scheduler]\npoll_interval_minutes = 30\n[card]\noperator = "File"\n')
    settings = load_settings(config, {"ACTBOT_CARD__OPERATOR": "Env"})
    assert settings.card.operator == "Env" and settings.scheduler.poll_interval_minutes == 30


@pytest.mark.parametrize(
    ("environ", "words"),
    [
        (
            {"ACTBOT_PUBLISHNG__DRY_RUN": "false"},
            "ACTBOT_PUBLISHNG__DRY_RUN is not a setting (did you mean ACTBOT_PUBLISHING__DRY_RUN?)",
        ),
        ({"ACTBOT_X__API_KEY": "k"}, "ACTBOT_X__API_KEY is not a setting"),
        (
            {"ACTBOT_PUBLISHING__DRY_RUN": "no"},
            "publishing.dry_run: must be true or false (set by ACTBOT_PUBLISHING__DRY_RUN)",
        ),
        ({"ACTBOT_PUBLISHING__NETWORKS": '["x"'}, "ACTBOT_PUBLISHING__NETWORKS is not a JSON list"),
        (
            {"ACTBOT_PUBLISHING__NETWORKS": "x,myspace"},
            "(set by ACTBOT_PUBLISHING__NETWORKS)",
        ),
        (
            {"ACTBOT_DATABASE_URL": "sqlite:///a.db", "ACTBOT_DATABASE__URL": "sqlite:///b.db"},
            "ACTBOT_DATABASE_URL and ACTBOT_DATABASE__URL are both set, to different values",
        ),
    ],
)
def test_a_mistake_names_the_variable(environ: dict[str, str], words: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(None, environ)
    assert words in str(raised.value)


def test_secrets_and_other_programs_variables_are_not_settings() -> None:
    environ = {"ACTBOT_X_API_KEY": "k", "ACTBOT_NOTIFY_URLS_FILE": "/x", "PATH": "/bin"}
    assert from_environment(settings_model(), environ) == {}


def test_every_setting_has_one_variable_and_the_example_file_is_current() -> None:
    """.env.example is what `actbot settings --example` prints: regenerate it with a new key."""
    variables = [setting.variable for setting in environment_settings(settings_model())]
    assert len(variables) == len(set(variables))
    assert {"ACTBOT_PUBLISHING__DRY_RUN", "ACTBOT_MASTODON__INSTANCE_URL"} <= set(variables)
    shipped = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    assert shipped == environment_example(), "run: actbot settings --example > .env.example"
    for variable in variables:
        assert f"# {variable}=" in shipped
    printed = CliRunner().invoke(cli, ["settings", "--example"])
    assert printed.exit_code == 0 and printed.output == shipped


def test_settings_prints_what_is_in_effect_without_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ACTBOT_DATABASE__URL", "postgresql+psycopg://bot:hunter22@db/actbot")
    monkeypatch.setenv("ACTBOT_NOTIFICATIONS__URLS", "ntfy://tok3n@ntfy.sh/topic")
    monkeypatch.setenv("ACTBOT_SCHEDULER__POLL_INTERVAL_MINUTES", "5")
    result = CliRunner().invoke(cli, ["settings"])
    assert result.exit_code == 0, result.output
    assert "ACTBOT_SCHEDULER__POLL_INTERVAL_MINUTES=5.0" in result.output
    assert "ACTBOT_DATABASE__URL=postgresql+psycopg://bot:***@db/actbot" in result.output
    assert "hunter22" not in result.output and "tok3n" not in result.output
    monkeypatch.setenv("ACTBOT_SCHEDULER__POLL_INTERVL_MINUTES", "5")
    wrong = CliRunner().invoke(cli, ["settings"])
    assert wrong.exit_code == 1
    assert "did you mean ACTBOT_SCHEDULER__POLL_INTERVAL_MINUTES?" in wrong.output
