"""The bot's real posting path in a process that SIGKILLs itself at a chosen step.

    python -m tests.fakes.crash_worker --config live.toml --kill-at after-accept

It builds the App from the config and the environment exactly as `actbot run --once` does
(bundled record, real storage, real X or Bluesky adapter) and runs one poll cycle, with two
test-only seams: the publisher is wrapped to die before the network call or after the network
accepted the post, and the outbox's "posted" commit is wrapped to die right after it. Prints
the post records as JSON when it survives.

    before-network  claimed and committed "posting", nothing sent
    after-accept    the network has the post, the database does not know
    after-commit    recorded as posted
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from bot.app import build_app
from bot.config import load_settings
from bot.publishers.base import PreparedPost, Publisher, Receipt

STEPS = ("none", "before-network", "after-accept", "after-commit")


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


class DyingPublisher:
    """The real adapter, with a SIGKILL on either side of its network call."""

    def __init__(self, real: Publisher, kill_at: str) -> None:
        self.network = real.network
        self._real = real
        self._kill_at = kill_at

    def publish(self, post: PreparedPost) -> Receipt:
        if self._kill_at == "before-network":
            die()
        receipt = self._real.publish(post)
        if self._kill_at == "after-accept":
            die()
        return receipt

    def find(self, post: PreparedPost) -> Receipt | None:
        return self._real.find(post)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--kill-at", choices=STEPS, default="none")
    arguments = parser.parse_args()

    app = build_app(load_settings(arguments.config))
    publishers: list[Publisher] = [
        DyingPublisher(real, arguments.kill_at) for real in app.publishers()
    ]
    if arguments.kill_at == "after-commit":
        mark_posted = app.outbox.mark_posted

        def mark_posted_then_die(*args: Any, **kwargs: Any) -> None:
            mark_posted(*args, **kwargs)
            die()

        app.outbox.mark_posted = mark_posted_then_die  # type: ignore[method-assign]
    report = app.pipeline(publishers).run_cycle()
    records = [
        {
            "symbol": r.symbol,
            "network": r.network,
            "state": r.state.value,
            "platform_id": r.platform_id,
            "platform_url": r.platform_url,
            "platform_cid": r.platform_cid,
        }
        for r in app.outbox.records()
    ]
    print(json.dumps({"records": records, "failed": report.failed, "alerts": report.alerts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
