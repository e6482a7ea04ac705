"""Every setting from the environment: ACTBOT_<SECTION>__<KEY>, so a container goes live with
`docker run -e ...` or a compose file and no mounted config file.

The name is the key's path in config.toml, upper case, with `__` between the levels:
`[publishing] dry_run` is ACTBOT_PUBLISHING__DRY_RUN, `[sources.bundled] data_dir` is
ACTBOT_SOURCES__BUNDLED__DATA_DIR. A list is written with commas (`x,bluesky,mastodon`) or as
JSON (`["x"]`); an empty value unsets a key that may be unset (`posting.not_before`).

An ACTBOT_ variable with `__` that names no setting is an error, with the likely one: a typo in
ACTBOT_PUBLISHING__DRY_RUN must not leave a bot silently in a dry run, or silently live.
(pydantic-settings reads nested variables too, but ignores ones it does not know and takes
lists only as JSON; both matter more here than the forty lines below.)
Secrets are not settings: they keep their own variables (ACTBOT_X_API_KEY, ..._FILE).
"""

from __future__ import annotations

import difflib
import json
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from bot.config_types import ConfigError

PREFIX = "ACTBOT_"
NESTING = "__"


@dataclass(frozen=True)
class EnvironmentSetting:
    """One setting as an environment variable: its name, path in the config and default."""

    variable: str
    path: tuple[str, ...]
    default: Any
    is_list: bool
    optional: bool  # may be unset (None): an empty value unsets it


def variable_name(path: tuple[str, ...]) -> str:
    return PREFIX + NESTING.join(part.upper() for part in path)


def environment_settings(model: type[BaseModel]) -> Iterator[EnvironmentSetting]:
    """Every leaf setting of `model`, in the order of the config file."""
    yield from _leaves(model, ())


def _leaves(model: type[BaseModel], path: tuple[str, ...]) -> Iterator[EnvironmentSetting]:
    for name, field in model.model_fields.items():
        here = (*path, name)
        section = _section(field)
        if section is not None:
            yield from _leaves(section, here)
        else:
            members = _union_members(field.annotation)
            yield EnvironmentSetting(
                variable_name(here),
                here,
                field.default,
                is_list=any(typing.get_origin(m) in (tuple, list, set, frozenset) for m in members),
                optional=type(None) in members,
            )


def from_environment(model: type[BaseModel], environ: Mapping[str, str]) -> dict[str, Any]:
    """The nested settings of every ACTBOT_..__.. variable in `environ`, ready to lay over the
    config file's; raises ConfigError for a variable that names no setting."""
    known = {setting.variable: setting for setting in environment_settings(model)}
    raw: dict[str, Any] = {}
    for variable in sorted(environ):
        if not variable.startswith(PREFIX) or NESTING not in variable:
            continue
        setting = known.get(variable)
        if setting is None:
            raise ConfigError(_unknown(variable, known))
        node = raw
        for part in setting.path[:-1]:
            node = node.setdefault(part, {})
        node[setting.path[-1]] = _value(setting, environ[variable])
    return raw


def _value(setting: EnvironmentSetting, text: str) -> Any:
    """The text of a variable as the config file would hold it; pydantic checks the rest."""
    stripped = text.strip()
    if setting.is_list:
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError:
                raise ConfigError(
                    f"{setting.variable} is not a JSON list; write it as a,b,c or as "
                    '["a", "b", "c"]'
                ) from None
            return value
        return [item.strip() for item in stripped.split(",") if item.strip()]
    if stripped == "" and setting.optional:
        return None
    return stripped


def _unknown(variable: str, known: Mapping[str, EnvironmentSetting]) -> str:
    close = difflib.get_close_matches(variable, list(known), n=1, cutoff=0.8)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return (
        f"{variable} is not a setting{hint}; settings are ACTBOT_<SECTION>__<KEY>, as listed "
        "in .env.example"
    )


def _section(field: FieldInfo) -> type[BaseModel] | None:
    annotation = field.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _union_members(annotation: Any) -> tuple[Any, ...]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        return _union_members(typing.get_args(annotation)[0])
    return (annotation,)


def example_file(
    model: type[BaseModel],
    secrets: Mapping[str, str],
    defaults_named: Mapping[tuple[str, ...], str],
) -> str:
    """The text of .env.example: every setting with its default, commented out, and every
    secret variable. `defaults_named` words the defaults that depend on the machine."""
    lines = [
        "# ACT Scorecard Bot: every setting as an environment variable, with its default.",
        "# Uncomment what you change (docker run --env-file, compose `env_file:`, systemd).",
        "# ACTBOT_<SECTION>__<KEY> is the key of config.example.toml, where each is explained;",
        "# a list is written a,b,c. Generated by `actbot settings --example`.",
    ]
    section: tuple[str, ...] = ()
    for setting in environment_settings(model):
        if setting.path[:-1] != section:
            section = setting.path[:-1]
            lines += ["", f"# [{'.'.join(section)}]"]
        named = defaults_named.get(setting.path)
        if named is not None:
            lines += [f"# (default: {named})", f"# {setting.variable}="]
        else:
            lines.append(f"# {setting.variable}={_written(setting.default)}")
    lines += [
        "",
        "# Secrets: never in config.toml. Each also as VAR_FILE, naming a file that holds it",
        "# (compose and Kubernetes secrets, systemd credentials). Set VAR or VAR_FILE, not both.",
    ]
    said = ""
    for variable, why in secrets.items():
        if why != said:
            lines.append(f"# {why}:")
            said = why
        lines.append(f"# {variable}=")
    return "\n".join(lines) + "\n"


def current_values(settings: BaseModel) -> Iterator[tuple[str, str]]:
    """Each setting's variable and its value in `settings`, as a variable would hold it."""
    for setting in environment_settings(type(settings)):
        value: Any = settings
        for part in setting.path:
            value = getattr(value, part)
        yield setting.variable, _written(value)


def _written(value: Any) -> str:
    """A default as it is written in a variable."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list | set | frozenset):
        return ",".join(str(item) for item in value)
    return str(value)
