"""Credentials from the environment or from secret files, wrapped so they cannot leak by accident.

A secret named VAR is read from the environment variable VAR, or from the file named by VAR_FILE
(the Docker/systemd-credentials convention; one trailing newline is dropped). Setting both is an
error, so an operator never wonders which one is used. The value lives in a `Secret`, whose str()
and repr() are a mask: it reaches a log line, an exception or a database only if code calls
`reveal()`, and only the adapters that hand it to a network do.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from bot import redact
from bot.domain.errors import ActbotError
from bot.files import write_atomic

_MASK: Final = "**********"

DATABASE_PASSWORD: Final = "ACTBOT_DATABASE_PASSWORD"  # noqa: S105 (a variable's name)
"""The database's password, set into database.url so that neither file holds it."""
NOTIFY_URLS: Final = "ACTBOT_NOTIFY_URLS"
"""More Apprise URLs, space-separated: they carry tokens."""


class SecretError(ActbotError):
    """A secret is missing or unreadable. The message names the variable, never the value."""


class Secret:
    """A string that does not print itself."""

    __slots__ = ("_value", "source")

    def __init__(self, value: str, source: str = "") -> None:
        self._value = value
        self.source = source  # e.g. "ACTBOT_X_API_KEY" or "ACTBOT_X_API_KEY_FILE=/run/secrets/x"
        redact.register(value)  # wherever the value turns up in a text, it is masked

    def reveal(self) -> str:
        return self._value

    def __str__(self) -> str:
        return _MASK

    def __repr__(self) -> str:
        return f"Secret({_MASK}, source={self.source!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret is not picklable")


def read_secret(name: str, environ: Mapping[str, str] | None = None) -> Secret | None:
    """The secret VAR from $VAR or from the file $VAR_FILE; None when neither is set.

    Raises SecretError when both are set, the file cannot be read, or the value is empty.
    """
    environ = os.environ if environ is None else environ
    file_variable = f"{name}_FILE"
    direct = environ.get(name)
    file_name = environ.get(file_variable)
    if direct is not None and file_name is not None:
        raise SecretError(f"both {name} and {file_variable} are set; set only one")
    if direct is not None:
        if not direct.strip():
            raise SecretError(f"{name} is set but empty")
        return Secret(direct, source=name)
    if file_name is None:
        return None
    path = Path(file_name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SecretError(
            f"{file_variable} names {path}, which cannot be read: {error.strerror}"
        ) from None
    value = text[:-1] if text.endswith("\n") else text
    value = value[:-1] if value.endswith("\r") else value
    if not value.strip():
        raise SecretError(f"{file_variable} names {path}, which is empty")
    return Secret(value, source=f"{file_variable}={path}")


def require_secret(name: str, environ: Mapping[str, str] | None = None) -> Secret:
    secret = read_secret(name, environ)
    if secret is None:
        raise SecretError(f"{name} is not set (set {name}, or {name}_FILE to a file holding it)")
    return secret


def loose_permissions(path: Path) -> str | None:
    """A plain-words warning when a secret file can be read by others than its owner."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return f"{path} can be read by other users (mode {stat.S_IMODE(mode):o}); chmod 600 it"
    return None


def write_private(path: Path, text: str) -> None:
    """Write `text` so that only this user can read it (0600), atomically (aside, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, text, mode=0o600)
