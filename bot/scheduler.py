"""`actbot run`: the poll cycle on an APScheduler 3 interval, a heartbeat, and clean shutdown.

SIGTERM or SIGINT sets the stop event: the running cycle finishes the post it is on, the
scheduler waits for it, and the process exits 0 with the database consistent.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from bot.files import write_atomic

if TYPE_CHECKING:  # `actbot health` reads the heartbeat without loading the bot
    from bot.app import App
    from bot.pipeline import CycleReport

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30


def write_heartbeat(path: Path) -> None:
    """Written atomically, so the health check never reads half a timestamp."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, datetime.now(UTC).isoformat(timespec="seconds") + "\n")


def cycle_stamp(heartbeat: Path) -> Path:
    """Written after every poll cycle, so `health` also notices a cycle that hangs."""
    return heartbeat.with_name(heartbeat.name + ".cycle")


def heartbeat_age(path: Path, now: datetime | None = None) -> float | None:
    """Seconds since the last heartbeat, or None when there is none or it is unreadable."""
    try:
        beat = datetime.fromisoformat(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return ((now or datetime.now(UTC)) - beat).total_seconds()


def run_forever(app: App, on_cycle: Callable[[CycleReport], None]) -> None:
    settings = app.settings.scheduler
    pipeline = app.pipeline()
    # wake at the shortest source interval (the press feed's few minutes); each source is
    # polled only when its own interval has passed, and posts go out on every tick
    every = [interval.total_seconds() / 60 for interval in pipeline.intervals.values()]
    tick = min([settings.poll_interval_minutes, *every])

    notifier = app.notifier()

    def cycle() -> None:
        try:
            report = pipeline.run_cycle()
        except Exception as error:  # the scheduler must outlive any one cycle
            log.exception("poll cycle failed")
            notifier.tell_failure(str(error))
            return  # no cycle stamp: `health` sees cycles that keep failing
        on_cycle(report)
        notifier.tell(report)
        write_heartbeat(cycle_stamp(settings.heartbeat_file))

    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(
        timezone=UTC,
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": settings.misfire_grace_seconds,
        },
    )
    scheduler.add_job(
        cycle,
        "interval",
        minutes=tick,
        next_run_time=datetime.now(UTC),
        id="poll",
    )
    scheduler.add_job(
        write_heartbeat,
        "interval",
        seconds=HEARTBEAT_SECONDS,
        args=[settings.heartbeat_file],
        next_run_time=datetime.now(UTC),
        id="heartbeat",
    )

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s, stopping after the current post", signal.Signals(signum).name)
        app.stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    scheduler.start()
    log.info("scheduler started: a cycle every %s minutes", tick)
    try:
        while not app.stop.wait(timeout=1.0):
            pass
    finally:
        scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log.info("scheduler stopped")
