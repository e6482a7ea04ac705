"""From a release appearing in the press feed to its card posted on X and Bluesky, and what a
poll cycle costs when nothing is new, against loopback servers.

    python benchmarks/bench_detection.py [--samples 5] [--every-seconds 3]

Starts the real Bluesky PDS (installed by .ci/install_pds.sh), the fake X API v2 and a
loopback UN site serving the press feed. The bot runs as `actbot run` does: a cycle on an
interval (here `--every-seconds`, to keep the run short; the default in config is 3 minutes),
polling the feed with conditional requests and posting what is due. For each sample a new
veto release is added to the feed at a random moment, and the time until both networks'
post records are "posted" is measured.

- release_to_post: measured end to end; its average is about half the interval plus the
  processing time, its worst case the interval plus the processing time;
- processing: from the cycle that saw the release starting to both posts confirmed;
- nochange_cycle: one cycle with nothing new: requests sent (one conditional feed request,
  answered 304), rows written, and CPU milliseconds of this process.

With the default interval of 3 minutes, a release is posted within 180 s plus `processing`.
The last line of output is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script from anywhere

from bot.app import App, build_app  # noqa: E402
from bot.config import load_settings  # noqa: E402
from tests.fakes.x_api import FakeX  # noqa: E402
from tests.support.http_server import FIXTURES, LoopbackServer  # noqa: E402
from tests.support.platforms import (  # noqa: E402
    create_account,
    pds_dir,
    pds_installed,
    start_pds,
    stop_pds,
)

FEED = "/en/rss.xml"
RELEASE = (FIXTURES / "press" / "sc14244.htm").read_text(encoding="utf-8")


def feed(server: LoopbackServer, releases: list[int]) -> str:
    items = "".join(
        f"<item><title>Security Council fails to extend cross-border aid (SC/{n})</title>"
        f"<link>{server.url}/en/2020/sc{n}.doc.htm</link></item>"
        for n in releases
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>UN</title>{items}</channel></rss>'
    )


def add_release(server: LoopbackServer, releases: list[int], number: int) -> None:
    """A veto release (the real SC/14244 wording) for a new draft, then the feed listing it."""
    page = RELEASE.replace("S/2020/654", f"S/2020/{number - 29000}").replace(
        "SC/14244", f"SC/{number}"
    )
    server.route(f"/en/2020/sc{number}.doc.htm", page)
    releases.insert(0, number)
    server.route(FEED, feed(server, releases))


def configure(
    tmp: Path, site: LoopbackServer, fake: FakeX, pds_url: str, handle: str, every_s: float
) -> App:
    config = tmp / "bench.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{tmp}/bench.sqlite3"
[sources.bundled]
enabled = false
[sources.http]
user_agent = "actbot-bench/1.0 (+mailto:operator@example.org)"
respect_robots = false
[sources.press]
enabled = true
feed_url = "{site.url_for(FEED)}"
every_minutes = {every_s / 60}
[publishing]
dry_run = false
networks = ["x", "bluesky"]
[posting]
not_before = 2020-01-01
[x]
api_base_url = "{fake.url}"
[bluesky]
handle = "{handle}"
base_url = "{pds_url}"
session_file = "{tmp}/bot-bluesky.session"
""",
        encoding="utf-8",
    )
    return build_app(load_settings(config))


def posted_on_both(app: App, symbol: str) -> bool:
    stored = app.votes.get(symbol)
    if stored is None:
        return False
    states = {r.network: r.state.value for r in app.outbox.records(vote_id=stored.id)}
    return states.get("x") == "posted" and states.get("bluesky") == "posted"


class WriteCounter:
    """SQL statements that change rows (INSERT, UPDATE, DELETE), counted on the bot's engine."""

    def __init__(self, app: App) -> None:
        from sqlalchemy import event

        self.count = 0
        engine = app.votes._sessions.kw["bind"]  # a benchmark may look inside
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.count += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--every-seconds", type=float, default=3.0)
    arguments = parser.parse_args()
    if not pds_installed():
        print(f"no PDS in {pds_dir()}: run bash .ci/install_pds.sh first", file=sys.stderr)
        return 2
    server = start_pds()
    rng = random.Random(7)
    latencies: list[float] = []
    processing: list[float] = []
    try:
        account = create_account(server.url, prefix="detect")
        with (
            FakeX(daily_limit=10 * arguments.samples) as fake,
            LoopbackServer() as site,
            tempfile.TemporaryDirectory() as tmp,
        ):
            os.environ.update(fake.environment())
            os.environ["ACTBOT_BLUESKY_APP_PASSWORD"] = account.app_password
            releases: list[int] = []
            site.route(FEED, feed(site, releases))
            app = configure(
                Path(tmp), site, fake, server.url, account.handle, arguments.every_seconds
            )
            pipeline = app.pipeline()
            pipeline.run_cycle()  # the first poll reads the (empty) feed, logs in to Bluesky

            time.sleep(arguments.every_seconds)  # the feed is due again
            site.reset_log()
            writes = WriteCounter(app)
            cpu = time.process_time()
            report = pipeline.run_cycle()
            nochange = {
                "requests": len(site.requests),
                "feed_requests": sum(1 for r in site.requests if r.path == FEED),
                "writes": writes.count,
                "cpu_ms": round((time.process_time() - cpu) * 1000, 2),
                "new": len(report.new),
            }

            for sample in range(arguments.samples):
                number = 29_901 + sample
                symbol = f"S/2020/{number - 29000}"
                appear_at = time.perf_counter() + rng.uniform(0, arguments.every_seconds)
                appeared: list[float] = []

                def publish(
                    number: int = number, at: float = appear_at, appeared: list[float] = appeared
                ) -> None:
                    time.sleep(max(0.0, at - time.perf_counter()))
                    add_release(site, releases, number)
                    appeared.append(time.perf_counter())

                thread = threading.Thread(target=publish)
                thread.start()
                next_tick = time.perf_counter()
                while True:  # the scheduler's interval job, as `actbot run` runs it
                    time.sleep(max(0.0, next_tick - time.perf_counter()))
                    next_tick += arguments.every_seconds
                    cycle_start = time.perf_counter()
                    pipeline.run_cycle()
                    if posted_on_both(app, symbol):
                        done = time.perf_counter()
                        break
                thread.join()
                latencies.append(done - appeared[0])
                processing.append(done - cycle_start)
    finally:
        stop_pds(server)

    result = {
        "benchmark": "detection",
        "interval_s": arguments.every_seconds,
        "samples": arguments.samples,
        "release_to_post_s": {
            "median": round(statistics.median(latencies), 2),
            "max": round(max(latencies), 2),
        },
        "processing_s": {
            "median": round(statistics.median(processing), 2),
            "max": round(max(processing), 2),
        },
        "default_interval_worst_case_s": round(180 + max(processing), 1),
        "nochange_cycle": nochange,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
