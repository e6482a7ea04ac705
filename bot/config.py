"""Settings: config.toml, overridden by ACTBOT_* environment variables, checked before use.

Credentials never live here: adapters read them from the environment or a secret file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = Path("config.toml")
NETWORKS = ("x", "bluesky")


class ConfigError(Exception):
    """The configuration cannot be used; the message names the key and what is wrong."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseSettings(_Section):
    url: str = "sqlite:///var/actbot.sqlite3"


class BundledSourceSettings(_Section):
    enabled: bool = True
    data_dir: Path = REPO_ROOT / "data"


class SourcesSettings(_Section):
    bundled: BundledSourceSettings = BundledSourceSettings()


class PublishingSettings(_Section):
    dry_run: bool = True
    networks: tuple[Literal["x", "bluesky"], ...] = ()
    outbox: Path = Path("var/outbox")

    @field_validator("networks")
    @classmethod
    def _unique(cls, networks: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(networks)) != len(networks):
            raise ValueError("lists a network twice")
        return networks

    @field_validator("dry_run")
    @classmethod
    def _live_not_yet(cls, dry_run: bool) -> bool:
        if not dry_run:
            raise ValueError(
                "live posting needs the X and Bluesky adapters, which this version does not "
                "have yet; keep dry_run = true"
            )
        return dry_run

    @property
    def text_networks(self) -> tuple[str, ...]:
        """Networks whose post texts are prepared: the configured ones, or all when none are."""
        return self.networks or NETWORKS


class PostingSettings(_Section):
    auto_post: Literal["atrocity", "all", "none"] = "atrocity"
    not_before: date | None = None
    provisional: Literal["failed", "all", "none"] = "failed"
    max_attempts: int = Field(default=5, ge=1, le=50)


class SchedulerSettings(_Section):
    poll_interval_minutes: float = Field(default=15, gt=0, le=24 * 60)
    misfire_grace_seconds: int = Field(default=300, ge=1)
    heartbeat_file: Path = Path("var/heartbeat")


class CardSettings(_Section):
    operator: str = ""
    link: str = ""


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["auto", "json", "text"] = "auto"


class Settings(_Section):
    database: DatabaseSettings = DatabaseSettings()
    sources: SourcesSettings = SourcesSettings()
    publishing: PublishingSettings = PublishingSettings()
    posting: PostingSettings = PostingSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    card: CardSettings = CardSettings()
    logging: LoggingSettings = LoggingSettings()


ENVIRONMENT_OVERRIDES: Mapping[str, tuple[str, str]] = {
    "ACTBOT_DATABASE_URL": ("database", "url"),
    "ACTBOT_OUTBOX": ("publishing", "outbox"),
    "ACTBOT_DATA_DIR": ("sources", "bundled.data_dir"),
    "ACTBOT_HEARTBEAT_FILE": ("scheduler", "heartbeat_file"),
    "ACTBOT_LOG_LEVEL": ("logging", "level"),
}


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read `path` (or ./config.toml when present), apply environment overrides, validate."""
    environ = os.environ if environ is None else environ
    raw: dict[str, object] = {}
    if path is None and DEFAULT_CONFIG.is_file():
        path = DEFAULT_CONFIG
    if path is not None:
        raw = _read_toml(path)
    for variable, (section, key) in ENVIRONMENT_OVERRIDES.items():
        if variable in environ:
            _set(raw, section, key, environ[variable])
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        where = f" in {path}" if path else ""
        raise ConfigError(f"invalid configuration{where}:\n" + _describe(error)) from None


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from None


def _set(raw: dict[str, object], section: str, dotted: str, value: str) -> None:
    node = raw.setdefault(section, {})
    keys = dotted.split(".")
    for key in keys[:-1]:
        if not isinstance(node, dict):
            return
        node = node.setdefault(key, {})
    if isinstance(node, dict):
        node[keys[-1]] = value


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        message = "is not a known key" if problem["type"] == "extra_forbidden" else problem["msg"]
        lines.append(f"  {key}: {message}")
    return "\n".join(lines)
