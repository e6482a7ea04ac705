"""Logging set-up: readable lines on a terminal, one JSON object per line everywhere else."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from bot import redact

EVENT_FIELDS = ("event", "symbol", "network", "source", "attempt", "url")
"""Fields a log line carries besides its message, for collectors to filter on."""


class _NotReported(logging.Filter):
    """Drops events that the running command prints itself (`run --once`, `post` print
    what was posted): on a terminal each event shows once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "reported", False)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact.scrub(record.getMessage()),
        }
        for name in EVENT_FIELDS:  # log.info(..., extra={"symbol": ..., "network": ...})
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = redact.scrub(str(value))
        if record.exc_info:
            entry["error"] = redact.scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Readable lines for a terminal, scrubbed of secrets like the JSON ones."""

    def format(self, record: logging.LogRecord) -> str:
        return redact.scrub(super().format(record))


_json_lines = False


def json_lines() -> bool:
    """Whether stderr carries one JSON object per line (then the CLI's notices go as log
    events too, so that every line a log collector reads parses)."""
    return _json_lines


def quiet_reported() -> None:
    """For commands that print their own report: on a terminal, the events the report
    shows are not logged a second time (JSON logs keep every event for collectors)."""
    if _json_lines:
        return
    for handler in logging.getLogger().handlers:
        handler.addFilter(_NotReported())


def forget_configuration() -> None:
    """Back to plain stderr notices until configure() runs (a new command, in one process)."""
    global _json_lines
    _json_lines = False


def configure(level: str = "INFO", fmt: str = "auto") -> None:
    """Log to stderr, so stdout stays clean for `export` and other machine-read output."""
    global _json_lines
    handler = logging.StreamHandler(sys.stderr)
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    _json_lines = use_json
    handler.setFormatter(
        JsonFormatter() if use_json else TextFormatter("%(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries that log requests at DEBUG; the OAuth signers would print the access token.
    for noisy in (
        "apscheduler",
        "alembic",
        "httpx",
        "httpcore",
        "oauthlib",
        "requests_oauthlib",
        "tweepy",
        "urllib3",
    ):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
