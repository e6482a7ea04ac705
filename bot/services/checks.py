"""`actbot check`: everything a run needs, tried without posting, each as ok or a problem."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot import networks
from bot.app import App
from bot.config import ConfigError, secret_variables
from bot.explain import database_problem, disk_problem
from bot.publishers.base import PublishError
from bot.secrets import SecretError, read_secret


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str


def probe_writable(folder: Path) -> None:
    """Raise OSError unless a file can be created (and removed) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".actbot-check-"):
        pass


def check_all(app: App, config_label: str) -> list[Finding]:
    from bot.reference import vote_files
    from bot.secrets import loose_permissions
    from bot.sources.bundled import read_record

    settings = app.settings
    findings = [Finding(True, f"configuration {config_label}")]
    data_dir = settings.sources.bundled.data_dir
    _, data_problems = read_record(vote_files(data_dir), app.reference)
    findings.append(
        Finding(
            not data_problems,
            f"data in {data_dir}, signatories as of {app.reference.registry.as_of}"
            + (
                f": {len(data_problems)} problem(s), first: {data_problems[0]}"
                if data_problems
                else ""
            ),
        )
    )
    try:
        count = app.votes.count()
        app.votes.check_writable()
        findings.append(Finding(True, f"database: {count} vote(s) stored, writable"))
    except Exception as error:  # a database that cannot be read or written
        findings.append(Finding(False, f"database: {database_problem(error)}"))
    outbox = settings.publishing.outbox
    if settings.publishing.dry_run:
        try:
            probe_writable(outbox)
            findings.append(Finding(True, f"posting: dry run into {outbox} (writable)"))
        except OSError as error:
            findings.append(
                Finding(False, f"posting: dry run into {outbox}: {disk_problem(error)}")
            )
        findings += [_credentials_present(network) for network in networks.all_networks()]
        return findings

    findings.append(Finding(True, "posting: live on " + ", ".join(settings.publishing.networks)))
    for network in networks.all_networks():
        if network.name in settings.publishing.networks:
            findings.append(_credentials_verified(app, network))
        else:
            findings.append(Finding(True, f"{network.name}: not posted to (not in networks)"))
    files = [
        path
        for network in networks.all_networks()
        for path, _ in network.state_files(settings.network(network.name))
    ]
    # only the files that hold a secret: settings ending in _FILE (the heartbeat, which the
    # image sets as ACTBOT_SCHEDULER__HEARTBEAT_FILE) are no one's credentials
    secrets = secret_variables()
    files += [
        Path(value)
        for name, value in os.environ.items()
        if name.endswith("_FILE") and name.removesuffix("_FILE") in secrets and value
    ]
    for path in files:
        warning = loose_permissions(path)
        if warning:
            findings.append(Finding(False, warning))
    return findings


def _credentials_verified(app: App, network: networks.Network) -> Finding:
    """Sign in with the network's credentials and say whose they are; never posts."""
    try:
        publisher = app.live_publisher(network.name)
        return Finding(True, f"{network.name}: {publisher.verify()}")
    except (ConfigError, SecretError, PublishError) as error:
        return Finding(False, f"{network.name}: {error}")


def _credentials_present(network: networks.Network) -> Finding:
    """In a dry run nothing signs in: say whether the credentials are there for going live."""
    try:
        missing = [name for name in network.secret_variables if read_secret(name) is None]
    except SecretError as error:
        return Finding(False, f"{network.name}: {error}")
    if not missing:
        return Finding(True, f"{network.name}: credentials set, not tried in a dry run")
    return Finding(
        True,
        f"{network.name}: no credentials ({', '.join(missing)} not set); needed only to post live",
    )
