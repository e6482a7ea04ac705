"""`actbot check`: everything a run needs, tried without posting, each as ok or a problem."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot import networks
from bot.app import App
from bot.config import ConfigError
from bot.explain import database_problem, disk_problem
from bot.publishers.base import PublishError


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
        return findings
    findings.append(Finding(True, "posting: live"))
    try:
        publishers = app.publishers()
    except ConfigError as error:
        findings.append(Finding(False, str(error)))
        publishers = []
    for publisher in publishers:
        try:
            findings.append(Finding(True, f"{publisher.network}: {publisher.verify()}"))
        except PublishError as error:
            findings.append(Finding(False, f"{publisher.network}: {error}"))
    files = [
        path
        for network in networks.all_networks()
        for path, _ in network.state_files(settings.network(network.name))
    ]
    files += [
        Path(value)
        for name, value in os.environ.items()
        if name.startswith("ACTBOT_") and name.endswith("_FILE") and value
    ]
    for path in files:
        warning = loose_permissions(path)
        if warning:
            findings.append(Finding(False, warning))
    return findings
