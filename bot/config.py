"""Settings: config.toml, overridden by ACTBOT_* environment variables, checked before use.

Credentials never live here: adapters read them from the environment or a secret file.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from bot import networks
from bot.config_env import environment_settings, example_file, from_environment
from bot.config_types import ConfigError, Flag, NetworkSection, Section, has_contact
from bot.domain.languages import ENGLISH, unknown_language

__all__ = ["ConfigError", "Settings", "load_settings", "settings_model"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = Path("config.toml")


class DatabaseSettings(Section):
    url: str = "sqlite:///var/actbot.sqlite3"


class BundledSourceSettings(Section):
    enabled: Flag = True
    data_dir: Path = REPO_ROOT / "data"
    every_minutes: float | None = Field(default=None, gt=0, le=24 * 60)


class HttpSettings(Section):
    """How the live sources fetch: politely, as a named client the UN can contact."""

    user_agent: str = ""  # required when a live source is on; must carry an e-mail or URL
    timeout_seconds: float = Field(default=30, gt=0, le=300)
    max_attempts: int = Field(default=4, ge=1, le=10)
    backoff_base_seconds: float = Field(default=2, gt=0)
    backoff_cap_seconds: float = Field(default=120, gt=0)
    max_retry_after_seconds: float = Field(default=600, gt=0)
    respect_robots: Flag = True


class PressSourceSettings(Section):
    enabled: Flag = False
    feed_url: str = "https://press.un.org/en/rss.xml"
    max_releases_per_poll: int = Field(default=20, ge=1, le=200)
    # the feed is one conditional request (304 when nothing changed): polled often, so a
    # veto is posted minutes after its release appears
    every_minutes: float | None = Field(default=3, gt=0, le=24 * 60)


class UndlSourceSettings(Section):
    enabled: Flag = False
    base_url: str = "https://digitallibrary.un.org"
    page_size: int = Field(default=100, ge=1, le=200)
    max_pages: int = Field(default=3, ge=1, le=50)
    use_oai: Flag = False
    oai_set: str = ""
    every_minutes: float | None = Field(default=None, gt=0, le=24 * 60)


class DhlSourceSettings(Section):
    enabled: Flag = False
    base_url: str = "https://www.un.org/depts/dhl/resguide/"
    veto_list: Flag = True
    every_minutes: float | None = Field(default=None, gt=0, le=24 * 60)


class SourcesSettings(Section):
    bundled: BundledSourceSettings = BundledSourceSettings()
    http: HttpSettings = HttpSettings()
    press: PressSourceSettings = PressSourceSettings()
    undl: UndlSourceSettings = UndlSourceSettings()
    dhl: DhlSourceSettings = DhlSourceSettings()

    @model_validator(mode="after")
    def _live_needs_a_contact(self) -> SourcesSettings:
        live = self.press.enabled or self.undl.enabled or self.dhl.enabled
        if live and not has_contact(self.http.user_agent):
            raise ValueError(
                "sources.http.user_agent: the live sources need a User-Agent with a contact "
                '(an e-mail address or URL), e.g. "ACT-Scorecard-Bot/0.1 (+mailto:you@example.org)"'
            )
        return self


class PublishingSettings(Section):
    dry_run: Flag = True
    networks: tuple[str, ...] = ()
    outbox: Path = Path("var/outbox")
    # each vote is posted once in each of these languages (en, fr, es), each its own post
    languages: tuple[str, ...] = (ENGLISH,)

    @field_validator("languages")
    @classmethod
    def _card_languages(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        if not codes:
            raise ValueError('needs at least one language, e.g. languages = ["en"]')
        if len(set(codes)) != len(codes):
            raise ValueError("lists a language twice")
        for code in codes:
            problem = unknown_language(code)
            if problem:
                raise ValueError(problem)
        return codes

    @field_validator("networks")
    @classmethod
    def _known_and_unique(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(names)) != len(names):
            raise ValueError("lists a network twice")
        for name in names:
            networks.get(name)  # UnknownNetwork is a ValueError's message for pydantic
        return names

    @property
    def text_networks(self) -> tuple[str, ...]:
        """Networks whose post texts are prepared: the configured ones, or all when none are."""
        return self.networks or networks.names()


class PostingSettings(Section):
    auto_post: Literal["atrocity", "all", "none"] = "atrocity"
    not_before: date | None = None
    provisional: Literal["failed", "all", "none"] = "failed"
    max_attempts: int = Field(default=5, ge=1, le=50)


class SchedulerSettings(Section):
    poll_interval_minutes: float = Field(default=15, gt=0, le=24 * 60)
    misfire_grace_seconds: int = Field(default=300, ge=1)
    heartbeat_file: Path = Path("var/heartbeat")


class CardSettings(Section):
    operator: str = ""
    link: str = ""


class NotificationSettings(Section):
    # Apprise URLs (mailto://, matrix://, slack://, ntfy://, json://...); their tokens are
    # treated as secrets. ACTBOT_NOTIFY_URLS (or ACTBOT_NOTIFY_URLS_FILE) adds more.
    urls: tuple[str, ...] = ()


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["auto", "json", "text"] = "auto"


class Settings(Section):
    database: DatabaseSettings = DatabaseSettings()
    notifications: NotificationSettings = NotificationSettings()
    sources: SourcesSettings = SourcesSettings()
    publishing: PublishingSettings = PublishingSettings()
    posting: PostingSettings = PostingSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    card: CardSettings = CardSettings()
    logging: LoggingSettings = LoggingSettings()
    # ...and one section per registered network ([x], [bluesky]), added by settings_model()

    @model_validator(mode="after")
    def _live_needs_networks(self) -> Settings:
        if not self.publishing.dry_run:
            if not self.publishing.networks:
                raise ValueError(
                    "publishing.networks: live posting (dry_run = false) needs "
                    'at least one network, e.g. networks = ["bluesky"]'
                )
            for name in self.publishing.networks:
                for problem in networks.get(name).live_problems(self.network(name)):
                    raise ValueError(problem)
            if self.posting.not_before is None and self.posting.auto_post != "none":
                raise ValueError(
                    "posting.not_before: live posting needs the day from which votes are "
                    "posted automatically (e.g. not_before = 2026-12-01, the day you go live); "
                    "without it every vote of the bundled record would be posted at once"
                )
        return self

    def network(self, name: str) -> NetworkSection:
        """A registered network's section ([x], [bluesky], ...)."""
        section = getattr(self, name, None)
        if not isinstance(section, NetworkSection):
            raise networks.UnknownNetwork(f"unknown network {name!r}")
        return section

    def daily_cap(self, network: str) -> int:
        """Posts allowed per 24 hours on a network; 0 means no cap."""
        return self.network(network).daily_cap


def settings_model() -> type[Settings]:
    """Settings with a section for each network registered now."""
    return _settings_model(networks.all_networks())


@functools.cache
def _settings_model(registered: tuple[networks.Network, ...]) -> type[Settings]:
    sections: dict[str, Any] = {
        network.name: (network.settings, network.settings()) for network in registered
    }
    return create_model("Settings", __base__=Settings, **sections)


def secret_variables() -> dict[str, str]:
    """Every secret the bot reads, with what it is for (.env.example, `check`)."""
    from bot.secrets import DATABASE_PASSWORD, NOTIFY_URLS

    found = {
        variable: f"{network.label} credentials"
        for network in networks.all_networks()
        for variable in network.secret_variables
    }
    found[NOTIFY_URLS] = "more notification URLs (Apprise), space-separated"
    found[DATABASE_PASSWORD] = "the database password, set into database.url"
    return found


def environment_example() -> str:
    """The text of .env.example, from the settings model itself."""
    return example_file(
        settings_model(),
        secret_variables(),
        {("sources", "bundled", "data_dir"): "the data/ folder of this installation"},
    )


ENVIRONMENT_OVERRIDES: Mapping[str, tuple[str, str]] = {
    "ACTBOT_DATABASE_URL": ("database", "url"),
    "ACTBOT_OUTBOX": ("publishing", "outbox"),
    "ACTBOT_DATA_DIR": ("sources", "bundled.data_dir"),
    "ACTBOT_HEARTBEAT_FILE": ("scheduler", "heartbeat_file"),
    "ACTBOT_LOG_LEVEL": ("logging", "level"),
    "ACTBOT_USER_AGENT": ("sources", "http.user_agent"),
    "ACTBOT_X_API_BASE_URL": ("x", "api_base_url"),
    "ACTBOT_BLUESKY_HANDLE": ("bluesky", "handle"),
    "ACTBOT_BLUESKY_BASE_URL": ("bluesky", "base_url"),
    "ACTBOT_BLUESKY_SESSION_FILE": ("bluesky", "session_file"),
}


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read `path` (or ./config.toml when present), lay the environment over it, validate.

    Every key can come from the environment as ACTBOT_<SECTION>__<KEY> (bot/config_env.py);
    the short variables of ENVIRONMENT_OVERRIDES keep working. Either wins over the file.
    """
    environ = os.environ if environ is None else environ
    raw: dict[str, object] = {}
    if path is None and DEFAULT_CONFIG.is_file():
        path = DEFAULT_CONFIG
    if path is not None:
        raw = _read_toml(path)
    model = settings_model()
    from_variables = from_environment(model, environ)
    set_by: dict[tuple[str, ...], str] = {
        tuple(setting.path): setting.variable
        for setting in environment_settings(model)
        if setting.variable in environ
    }
    for variable, (section, key) in ENVIRONMENT_OVERRIDES.items():
        if variable in environ:
            location = (section, *key.split("."))
            if (
                location in set_by
                and environ[set_by[location]].strip() != environ[variable].strip()
            ):
                raise ConfigError(
                    f"{variable} and {set_by[location]} are both set, to different values; "
                    "set only one"
                )
            set_by.setdefault(location, variable)
            _set(raw, section, key, environ[variable])
    _merge(raw, from_variables)
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        where = f" in {path}" if path else ""
        raise ConfigError(f"invalid configuration{where}:\n" + _describe(error, set_by)) from None


def _merge(into: dict[str, object], over: Mapping[str, object]) -> None:
    for key, value in over.items():
        below = into.get(key)
        if isinstance(value, Mapping) and isinstance(below, dict):
            _merge(below, value)
        else:
            into[key] = value


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
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text") from None


def _set(raw: dict[str, object], section: str, dotted: str, value: str) -> None:
    node = raw.setdefault(section, {})
    keys = dotted.split(".")
    for key in keys[:-1]:
        if not isinstance(node, dict):
            return
        node = node.setdefault(key, {})
    if isinstance(node, dict):
        node[keys[-1]] = value


RETIRED_KEYS: Mapping[tuple[str, ...], str] = {
    ("bluesky", "langs"): "each post carries its card's language; set publishing.languages",
    ("mastodon", "language"): "each post carries its card's language; set publishing.languages",
}

SECRET_WORDS = ("password", "secret", "token", "api_key", "app_password")


def _describe(error: ValidationError, set_by: Mapping[tuple[str, ...], str]) -> str:
    lines = []
    for problem in error.errors():
        location = tuple(str(part) for part in problem["loc"])
        key = ".".join(location)
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = _unknown_key(problem["loc"])
        if location in set_by:
            message += f" (set by {set_by[location]})"
        lines.append(f"  {key}: {message}" if key else f"  {message}")
    return "\n".join(lines)


def _unknown_key(location: tuple[int | str, ...]) -> str:
    """ "is not a known key", with the likely one ("did you mean ...?") or, for a secret,
    where secrets go instead."""
    import difflib

    name = str(location[-1])
    retired = RETIRED_KEYS.get(tuple(str(part) for part in location))
    if retired:
        return f"is no longer a key: {retired}"
    if any(word in name.lower() for word in SECRET_WORDS):
        section = "_".join(str(part).upper() for part in location[:-1])
        variable = f"ACTBOT_{section}_{name.upper()}" if section else f"ACTBOT_{name.upper()}"
        return (
            f"is not a known key: secrets never go in the config file; set {variable} or "
            f"{variable}_FILE (a file holding it)"
        )
    model: type[BaseModel] = settings_model()
    for part in location[:-1]:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return "is not a known key"
        model = annotation
    close = difflib.get_close_matches(name, list(model.model_fields), n=1)
    return f"is not a known key (did you mean {close[0]!r}?)" if close else "is not a known key"
