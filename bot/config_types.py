"""The building blocks of every settings section, shared by config.py and the networks'
own sections (bot/networks/), so a network's settings live beside the network."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from bot.domain.errors import ActbotError


class ConfigError(ActbotError):
    """The configuration cannot be used; the message names the key and what is wrong."""


def _flag(value: object) -> object:
    """true/false only (also as the strings "true"/"false" from the environment): "yes", 0
    or "on" are refused rather than read as something the operator may not have meant."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError("must be true or false")


Flag = Annotated[bool, BeforeValidator(_flag)]


class Section(BaseModel):
    """A [section] of config.toml: unknown keys are errors, values never change after load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NetworkSection(Section):
    """What every network's section has; each network adds its own keys."""

    timeout_seconds: float = Field(default=30, gt=0, le=300)
    daily_cap: int = Field(default=0, ge=0)  # posts per 24 hours; 0: no cap


def has_contact(user_agent: str) -> bool:
    """The UN's web teams ask for a way to reach a bot's operator: an e-mail address or a URL
    in the User-Agent. One rule for config, the App and the fetcher."""
    return "@" in user_agent or "http" in user_agent
