"""Time from a vote being stored to both posts confirmed, against the loopback servers.

    python benchmarks/bench_posting.py [--posts 10]

Starts the real Bluesky PDS (installed by .ci/install_pds.sh) and the fake X API v2 on
127.0.0.1 and creates a Bluesky account. Two measurements:

- adapters: for each post, publish to X and to Bluesky and confirm both (find() returns the
  same receipt, as crash reconciliation would);
- stored_to_posted: through the bot itself (App, storage, policy, renderer, outbox, both
  adapters), from `votes.record(...)` of a new vote to both post records "posted".

The last line of output is JSON, latencies in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from bot.app import build_app
from bot.config import load_settings
from bot.domain.symbols import DraftSymbol
from bot.pipeline import CycleReport
from bot.publishers.bluesky import BlueskyPublisher
from bot.publishers.x import XCredentials, XPublisher
from bot.reference import read_vote_file, vote_files
from bot.secrets import Secret
from tests.fakes.x_api import FakeX
from tests.support.platforms import (
    BlueskyAccount,
    card_png,
    create_account,
    make_post,
    pds_dir,
    pds_installed,
    start_pds,
    stop_pds,
)

REPO = Path(__file__).resolve().parent.parent


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _through_the_bot(
    fake: FakeX, pds_url: str, account: BlueskyAccount, tmp: Path, posts: int
) -> list[float]:
    """New votes recorded one by one; each timed until both networks' records are posted."""
    os.environ.update(fake.environment())
    os.environ["ACTBOT_BLUESKY_APP_PASSWORD"] = account.app_password
    config = tmp / "bench.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{tmp}/bench.sqlite3"
[sources.bundled]
enabled = false
[publishing]
dry_run = false
networks = ["x", "bluesky"]
[posting]
not_before = 2025-01-01
[x]
api_base_url = "{fake.url}"
daily_cap = 0
[bluesky]
handle = "{account.handle}"
base_url = "{pds_url}"
session_file = "{tmp}/bot-bluesky.session"
""",
        encoding="utf-8",
    )
    app = build_app(load_settings(config))
    pipeline = app.pipeline()
    template = next(
        vote
        for path in vote_files(REPO / "data")
        for vote in read_vote_file(path, app.reference)
        if str(vote.symbol) == "S/2025/353"
    )
    samples = []
    for number in range(posts):
        vote = replace(template, draft_symbol=DraftSymbol(2025, 9000 + number))
        started = time.perf_counter()
        recorded = app.votes.record("bench", vote)
        pipeline.queue_due_votes()
        report = CycleReport()
        pipeline.publish_due(report)
        states = {r.state.value for r in app.outbox.records(vote_id=recorded.stored.id)}
        if states != {"posted"} or len(report.posted) != 2:
            raise SystemExit(f"vote {vote.symbol} not posted on both: {report}")
        samples.append(time.perf_counter() - started)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10, help="posts to time (default 10)")
    arguments = parser.parse_args()
    if not pds_installed():
        print(f"no PDS in {pds_dir()}: run bash .ci/install_pds.sh first", file=sys.stderr)
        return 2

    started = time.monotonic()
    server = start_pds()
    pds_start = time.monotonic() - started
    try:
        account = create_account(server.url, prefix="bench")
        with (
            FakeX(daily_limit=2 * arguments.posts + 1) as fake,
            tempfile.TemporaryDirectory() as tmp,
        ):
            creds = fake.credentials
            x = XPublisher(
                XCredentials(
                    Secret(creds.api_key),
                    Secret(creds.api_key_secret),
                    Secret(creds.access_token),
                    Secret(creds.access_token_secret),
                ),
                api_base_url=fake.url,
            )
            bluesky = BlueskyPublisher(
                handle=account.handle,
                app_password=Secret(account.app_password),
                session_file=Path(tmp) / "bluesky.session",
                base_url=server.url,
            )
            bluesky.verify()  # the one login, outside the timed loop as in a running bot
            png = card_png(noise=20_000)  # a card-sized PNG (~100 kB), not a flat colour
            per_network: dict[str, list[float]] = {"x": [], "bluesky": []}
            both: list[float] = []
            for number in range(arguments.posts):
                post = make_post(number=90_000 + number, png=png)
                ready = time.perf_counter()
                for publisher in (x, bluesky):
                    begun = time.perf_counter()
                    receipt = publisher.publish(post)
                    found = publisher.find(post)
                    if found is None or found.platform_id != receipt.platform_id:
                        raise SystemExit(f"{publisher.network}: post not confirmed")
                    per_network[publisher.network].append(time.perf_counter() - begun)
                both.append(time.perf_counter() - ready)
            stored_to_posted = _through_the_bot(
                fake, server.url, account, Path(tmp), arguments.posts
            )
    finally:
        stop_pds(server)

    result = {
        "benchmark": "posting",
        "posts": arguments.posts,
        "card_bytes": len(png),
        "pds_start_s": round(pds_start, 2),
        "x": _summary(per_network["x"]),
        "bluesky": _summary(per_network["bluesky"]),
        "both_confirmed": _summary(both),
        "stored_to_posted": _summary(stored_to_posted),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
