"""Telling the operator where they already are (e-mail, Matrix, Slack, Signal, ntfy, a
webhook...) through Apprise, once per event rather than once per cycle.

The events come from a cycle's report (`events_of`, pure); the notifier remembers what it told
in a small state file beside the heartbeat, so a vote held for review is told once, a paused
network or a failing cycle at most once a day, and a source only once it has failed for a day.
A notifier that fails never stops the bot: it logs a warning and the cycle goes on.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot import redact
from bot.files import write_atomic
from bot.pipeline import CycleReport

log = logging.getLogger(__name__)
DAY = timedelta(days=1)
TITLE = "ACT Scorecard Bot"


@dataclass(frozen=True)
class Event:
    """Something the operator should hear of. `again_after`: None means tell once ever."""

    key: str
    message: str
    again_after: timedelta | None = None


def _stable(text: str) -> str:
    """A key for a message whose numbers change from cycle to cycle ("retry after 10:42")."""
    return re.sub(r"\d+", "#", text)[:160]


def events_of(report: CycleReport) -> list[Event]:
    """What in a cycle's report the operator must hear of (source errors are handled apart:
    only one that has lasted a day is told)."""
    events: list[Event] = []
    events += [Event(f"held:{_stable(line)}", f"Held for review: {line}") for line in report.held]
    events += [
        Event(f"reclassified:{line}", f"Reclassified (atrocity-related): {line}")
        for line in report.reclassified
    ]
    events += [
        Event(f"alert:{_stable(line)}", f"Alert: {line}", again_after=DAY) for line in report.alerts
    ]
    events += [
        Event(f"failed:{symbol}:{network}", f"Post FAILED: {symbol} on {network}: {why}")
        for symbol, network, why in report.failed
    ]
    events += [  # one message per network and cause a day, not one per queued post
        Event(
            f"waiting:{network}:{_stable(why.split('; retry after')[0])}",
            f"Posts on {network} are not going out (will retry), e.g. {symbol}: {why}",
            again_after=DAY,
        )
        for symbol, network, why in report.waiting
    ]
    return events


def _told(state: Mapping[str, object]) -> dict[str, str]:
    raw = state.get("told", {})
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, Mapping) else {}


class Notifier:
    def __init__(
        self,
        urls: Sequence[str],
        state_file: Path,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        import apprise

        self._urls = [url for url in urls if url.strip()]
        for url in self._urls:
            redact.register(url)  # a notification URL carries its service's token
        self._apprise = apprise.Apprise()
        self.invalid = [url for url in self._urls if not self._apprise.add(url)]
        self._state_file = state_file
        self._clock = clock

    @property
    def configured(self) -> bool:
        return bool(self._urls)

    @property
    def services(self) -> int:
        return len(self._urls)

    def send(self, message: str) -> bool:
        """Send one message now; False (and a warning) when any service refused it."""
        if not self._urls:
            return False
        try:
            sent = bool(self._apprise.notify(title=TITLE, body=redact.scrub(message)))
        except Exception as error:  # a broken notifier must not stop a cycle
            log.warning("notification failed: %s", redact.short_error(str(error)))
            return False
        if not sent:
            log.warning("notification failed: a notification service did not accept it")
        return sent

    def tell(self, report: CycleReport) -> int:
        """Send what the operator has not been told yet; returns how many messages went."""
        if not self._urls:
            return 0
        state = self._load()
        now = self._clock()
        told = _told(state)
        fresh = {event.key: event for event in events_of(report)}  # one per key
        due = [event for event in fresh.values() if self._due(event, told.get(event.key), now)]
        due += self._lasting_source_errors(report, state, now, told)
        if not due:
            self._save(state | {"told": told})
            return 0
        message = "\n".join(event.message for event in due)
        if self.send(message):
            for event in due:
                told[event.key] = now.isoformat()
        self._save(state | {"told": told})
        return len(due)

    def tell_failure(self, what: str) -> None:
        """A cycle that raised: told at most once a day."""
        if not self._urls:
            return
        state = self._load()
        told = _told(state)
        now = self._clock()
        event = Event("cycle-failed", f"A poll cycle failed: {what}", again_after=DAY)
        if self._due(event, told.get(event.key), now) and self.send(event.message):
            told[event.key] = now.isoformat()
            self._save(state | {"told": told})

    def _lasting_source_errors(
        self,
        report: CycleReport,
        state: dict[str, object],
        now: datetime,
        told: dict[str, str],
    ) -> list[Event]:
        """Sources failing for a day: the first failure is remembered, the day after told."""
        raw = state.get("failing_since", {})
        since: dict[str, str] = dict(raw) if isinstance(raw, Mapping) else {}
        failing = {error.split(":", 1)[0]: error for error in report.source_errors}
        since = {name: day for name, day in since.items() if name in failing}
        events = []
        for name, error in failing.items():
            first = datetime.fromisoformat(since.setdefault(name, now.isoformat()))
            event = Event(f"source:{name}", f"Source failing for a day: {error}", again_after=DAY)
            if now - first >= DAY and self._due(event, told.get(event.key), now):
                events.append(event)
        state["failing_since"] = since
        return events

    @staticmethod
    def _due(event: Event, last: str | None, now: datetime) -> bool:
        if last is None:
            return True
        if event.again_after is None:
            return False
        return now - datetime.fromisoformat(last) >= event.again_after

    def _load(self) -> dict[str, object]:
        try:
            data = json.loads(self._state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, state: dict[str, object]) -> None:
        try:
            self._state_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self._state_file, json.dumps(state, indent=1, sort_keys=True) + "\n")
        except OSError as error:
            log.warning("cannot keep the notification state in %s: %s", self._state_file, error)
