"""What the rest of the bot needs to know about a network, in one record per network."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config_types import NetworkSection
from bot.domain.errors import ActbotError
from bot.domain.text_limits import TextLimit
from bot.publishers.base import Publisher


class UnknownNetwork(ActbotError, ValueError):
    """A network name that no module registered."""


def _no_problems(section: Any) -> list[str]:
    return []


def _no_files(section: Any) -> list[tuple[Path, str]]:
    return []


@dataclass(frozen=True)
class Network:
    """One network: its config section, how it counts text, and how to reach it.

    `connect` builds the live publisher from the network's section, reading its credentials
    from the environment or secret files; it imports the network's SDK only when called, so
    commands that never post never pay for the import. The publisher it returns builds the
    payloads (pure functions in bot/publishers/) and reconciles posts after a crash
    (`Publisher.find`).
    """

    name: str  # the config section, the outbox's network column, `--network NAME`
    label: str  # as people write it: "X", "Bluesky"
    settings: type[NetworkSection]
    text_limit: TextLimit
    connect: Callable[[Any], Publisher]
    secret_variables: tuple[str, ...] = ()  # for messages and `check`
    live_problems: Callable[[Any], list[str]] = field(default=_no_problems)
    """What the section lacks to post live ("bluesky.handle: needed to post on Bluesky")."""
    state_files: Callable[[Any], list[tuple[Path, str]]] = field(default=_no_files)
    """Files a run leaves behind (a saved session): signs that the bot has run before, and
    files `check` looks at for loose permissions."""
