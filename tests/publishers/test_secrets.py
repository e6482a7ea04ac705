"""Secrets from the environment or files, never printed."""

from __future__ import annotations

import pickle
import stat
from pathlib import Path

import pytest

from bot.publishers.x import XCredentials
from bot.secrets import (
    Secret,
    SecretError,
    loose_permissions,
    read_secret,
    require_secret,
    write_private,
)

VALUE = "s3cr3t-value-that-must-not-leak"


def test_from_environment_variable() -> None:
    secret = read_secret("ACTBOT_X_API_KEY", {"ACTBOT_X_API_KEY": VALUE})
    assert secret is not None
    assert secret.reveal() == VALUE
    assert secret.source == "ACTBOT_X_API_KEY"


def test_from_file_drops_one_trailing_newline(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_text(VALUE + "\n")
    secret = read_secret("ACTBOT_X_API_KEY", {"ACTBOT_X_API_KEY_FILE": str(path)})
    assert secret is not None and secret.reveal() == VALUE


def test_missing_is_none_and_require_says_which(tmp_path: Path) -> None:
    assert read_secret("ACTBOT_X_API_KEY", {}) is None
    with pytest.raises(SecretError, match="ACTBOT_X_API_KEY is not set"):
        require_secret("ACTBOT_X_API_KEY", {})


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"V": VALUE, "V_FILE": "/x"}, "both V and V_FILE"),
        ({"V": "  "}, "empty"),
        ({"V_FILE": "/nonexistent/secret"}, "cannot be read"),
    ],
)
def test_errors_never_contain_the_value(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SecretError, match=message) as caught:
        read_secret("V", environ)
    assert VALUE not in str(caught.value)


def test_str_repr_and_pickle_hide_the_value() -> None:
    secret = Secret(VALUE, source="V")
    assert VALUE not in str(secret)
    assert VALUE not in repr(secret)
    assert VALUE not in f"{secret}"
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_credentials_repr_hides_all_four() -> None:
    environ = {name: f"{VALUE}-{n}" for n, name in enumerate(
        ["ACTBOT_X_API_KEY", "ACTBOT_X_API_KEY_SECRET", "ACTBOT_X_ACCESS_TOKEN",
         "ACTBOT_X_ACCESS_TOKEN_SECRET"])}  # fmt: skip
    credentials = XCredentials.from_environment(environ)
    assert VALUE not in repr(credentials)
    with pytest.raises(SecretError) as caught:
        XCredentials.from_environment({"ACTBOT_X_API_KEY": VALUE})
    assert "ACTBOT_X_ACCESS_TOKEN_SECRET" in str(caught.value)
    assert VALUE not in str(caught.value)


def test_write_private_is_0600_and_atomic(tmp_path: Path) -> None:
    path = tmp_path / "state" / "bluesky.session"
    write_private(path, "one")
    write_private(path, "two")
    assert path.read_text() == "two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["bluesky.session"]
    assert loose_permissions(path) is None
    path.chmod(0o644)
    assert "chmod 600" in (loose_permissions(path) or "")
