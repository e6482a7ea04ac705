"""The Dockerfile and compose.yaml agree with the bot they run: the variables they set are ones
the bot reads, the volume holds every path the bot writes, the health check is a command.
No container engine is needed: the files are read as text and YAML (docs/containers.md says
how the image itself was built and measured)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from bot.cli import cli
from bot.config import load_settings, secret_variables, settings_model
from bot.config_env import environment_settings
from bot.secrets import DATABASE_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
SECRETS_DIR = PurePosixPath("/run/secrets")


@pytest.fixture(autouse=True)
def no_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """load_settings reads ./config.toml when there is one: not a developer's here."""
    monkeypatch.chdir(tmp_path)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    joined: list[str] = []
    line = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not line):
            continue
        line += " " + stripped.removesuffix("\\").strip()
        if not stripped.endswith("\\"):
            joined.append(line.strip())
            line = ""
    return [
        (part[0].upper(), part[1] if len(part) > 1 else "")
        for part in (j.split(None, 1) for j in joined)
    ]


def stages(text: str) -> list[list[tuple[str, str]]]:
    """The instructions of each build stage (the ARGs before the first FROM are left out)."""
    found: list[list[tuple[str, str]]] = []
    for instruction in instructions(text):
        if instruction[0] == "FROM":
            found.append([])
        if found:
            found[-1].append(instruction)
    return found


def environment(stage: list[tuple[str, str]]) -> dict[str, str]:
    variables: dict[str, str] = {}
    for name, arguments in stage:
        if name == "ENV":
            for pair in shlex.split(arguments):
                key, _, value = pair.partition("=")
                variables[key] = value
    return variables


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def final(dockerfile: str) -> list[tuple[str, str]]:
    return stages(dockerfile)[-1]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def bot(compose: dict[str, Any]) -> dict[str, Any]:
    service = compose["services"]["actbot"]
    assert isinstance(service, dict)
    return service


def volume_path(final: list[tuple[str, str]]) -> PurePosixPath:
    volumes = [arguments for name, arguments in final if name == "VOLUME"]
    assert len(volumes) == 1, "one VOLUME in the final stage"
    (path,) = re.findall(r'"([^"]+)"', volumes[0]) or [volumes[0]]
    return PurePosixPath(path)


# --- the Dockerfile --------------------------------------------------------------------------


def test_the_final_stage_copies_the_built_venv_and_no_wheels(
    final: list[tuple[str, str]],
) -> None:
    copies = [arguments for name, arguments in final if name == "COPY"]
    from_build = [arguments for arguments in copies if arguments.startswith("--from=")]
    assert from_build == ["--from=build /opt/venv /opt/venv"]
    # whatever is removed in a later layer stays in the earlier one: nothing is removed
    runs = " ".join(arguments for name, arguments in final if name == "RUN")
    assert "rm " not in runs
    assert "wheel" not in " ".join([*copies, runs])


def test_the_user_has_no_home_in_the_volume_and_is_not_root(
    final: list[tuple[str, str]],
) -> None:
    runs = " ".join(arguments for name, arguments in final if name == "RUN")
    (useradd,) = re.findall(r"useradd [^&;]*", runs)
    assert "--create-home" not in useradd and not re.search(r"(^|\s)-m(\s|$)", useradd)
    home = re.search(r"--home-dir\s+(\S+)", useradd)
    assert home is not None, "a home named outside the volume (e.g. /nonexistent)"
    volume = volume_path(final)
    assert not PurePosixPath(home.group(1)).is_relative_to(volume)
    users = [arguments for name, arguments in final if name == "USER"]
    assert users and users[-1] not in ("root", "0")


def test_the_base_is_an_argument_pinned_to_an_exact_release(dockerfile: str) -> None:
    base = re.search(r"^ARG BASE=(\S+)$", dockerfile, re.MULTILINE)
    assert base is not None
    # python:3.12.13-slim-bookworm, optionally @sha256:<64 hex>; never a moving tag
    assert re.fullmatch(r"python:3\.\d+\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base.group(1))
    assert [
        arguments.split()[0] for name, arguments in instructions(dockerfile) if name == "FROM"
    ] == [
        "${BASE}",
        "${BASE}",
    ], "both stages on the same BASE: the venv links to the base's python3"


def test_the_images_settings_are_settings_and_live_in_the_volume(
    final: list[tuple[str, str]],
) -> None:
    variables = {k: v for k, v in environment(final).items() if k.startswith("ACTBOT_")}
    known = {setting.variable for setting in environment_settings(settings_model())}
    # the settings' own names, so compose's ACTBOT_DATABASE__URL replaces the default
    # instead of conflicting with a short name (ACTBOT_DATABASE_URL)
    assert set(variables) <= known
    settings = load_settings(environ=variables)
    volume = volume_path(final)
    database = settings.database.url.removeprefix("sqlite:///")
    assert settings.database.url.startswith("sqlite:////")
    for path in (
        database,
        settings.publishing.outbox,
        settings.scheduler.heartbeat_file,
        settings.network("bluesky").session_file,
    ):
        assert PurePosixPath(path).is_relative_to(volume), path
    copied = [arguments.split()[-1] for name, arguments in final if name == "COPY"]
    assert "./data" in copied and str(settings.sources.bundled.data_dir) == "/app/data"


def test_the_build_context_leaves_out_credentials_and_state() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", "secrets", "config.toml", "var", "tests", "docs", "benchmarks"):
        assert entry in ignored


# --- compose.yaml ------------------------------------------------------------------------------


def test_every_secret_file_compose_names_is_one_the_bot_reads(
    compose: dict[str, Any], bot: dict[str, Any]
) -> None:
    secrets = secret_variables()
    mounted = set(bot["secrets"])
    files = {k: v for k, v in bot["environment"].items() if k.endswith("_FILE")}
    assert files
    for variable, path in files.items():
        assert variable.removesuffix("_FILE") in secrets, f"{variable}: the bot reads no such"
        assert PurePosixPath(path).parent == SECRETS_DIR
        assert PurePosixPath(path).name in mounted, f"{variable} names a secret not mounted"
    assert mounted <= set(compose["secrets"])
    # every network's credentials can come from a file in compose
    network_secrets = {v for v, why in secrets.items() if why.endswith("credentials")}
    assert network_secrets == {v.removesuffix("_FILE") for v in files}
    # no credential written into the compose file itself
    assert not any(k in secrets for k in bot["environment"])


def test_compose_points_the_bot_at_postgresql_with_a_password_file(
    compose: dict[str, Any], bot: dict[str, Any]
) -> None:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    told = dict(re.findall(r"^\s*#\s+(ACTBOT_\w+)=(\S+)$", text, re.MULTILINE))
    assert told["ACTBOT_DATABASE_PASSWORD_FILE"] == str(SECRETS_DIR / "db_password")
    assert f"{DATABASE_PASSWORD}_FILE" in told
    assert "db_password" in bot["secrets"]
    url = told["ACTBOT_DATABASE__URL"]
    assert "@db:" in url and ":" not in url.split("://", 1)[1].split("@")[0], "no password"
    settings = load_settings(environ={"ACTBOT_DATABASE__URL": url})
    assert settings.database.url == url
    db = compose["services"]["db"]
    assert db["profiles"] == ["postgres"]
    assert db["environment"]["POSTGRES_PASSWORD_FILE"] == str(SECRETS_DIR / "db_password")
    user_and_db = url.split("://", 1)[1]
    assert user_and_db.startswith(db["environment"]["POSTGRES_USER"] + "@")
    assert user_and_db.endswith("/" + db["environment"]["POSTGRES_DB"])


def test_the_bots_volume_is_the_images_volume(
    compose: dict[str, Any], bot: dict[str, Any], final: list[tuple[str, str]]
) -> None:
    (volume,) = bot["volumes"]
    name, target = volume.split(":")[:2]
    assert name in compose["volumes"], "a named volume, not a host folder"
    assert PurePosixPath(target) == volume_path(final)


def test_the_health_check_is_a_command_and_the_images_own(
    bot: dict[str, Any], final: list[tuple[str, str]]
) -> None:
    test = bot["healthcheck"]["test"]
    assert test[0] == "CMD" and test[1] == "actbot"
    assert test[2] in cli.commands
    assert bot["restart"] in ("always", "unless-stopped", "on-failure")
    (healthcheck,) = [arguments for name, arguments in final if name == "HEALTHCHECK"]
    assert healthcheck.endswith(" CMD " + str(test[1:]).replace("'", '"'))


def test_settings_come_from_an_env_file_in_the_format_of_env_example(bot: dict[str, Any]) -> None:
    (env_file,) = bot["env_file"]
    assert env_file["path"] == ".env" and env_file["required"] is False
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "compose `env_file:`" in example


# --- what the image needs of the project ---------------------------------------------------------


def test_setuptools_is_declared_while_a_dependency_imports_pkg_resources() -> None:
    """twitter-text-parser imports pkg_resources without declaring setuptools; Python 3.12's
    venv has none and setuptools 82 removed it (found by running the image)."""
    import twitter_text

    package = Path(twitter_text.__file__).parent
    if not any("import pkg_resources" in p.read_text("utf-8") for p in package.rglob("*.py")):
        pytest.skip("twitter-text-parser no longer imports pkg_resources")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    bound = re.search(r'"setuptools[^"]*<(\d+)[^"]*"', pyproject)
    assert bound is not None and int(bound.group(1)) <= 82
