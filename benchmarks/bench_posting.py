"""Time from a PreparedPost being ready to both posts confirmed, against the loopback servers.

    python benchmarks/bench_posting.py [--posts 10]

Starts the real Bluesky PDS (installed by .ci/install_pds.sh) and the fake X API v2 on
127.0.0.1, creates a Bluesky account, then for each post: publish to X and to Bluesky, and
confirm both (find() returns the same receipt, as crash reconciliation would). The last line of
output is JSON: per-network and end-to-end latencies in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from bot.publishers.bluesky import BlueskyPublisher
from bot.publishers.x import XCredentials, XPublisher
from bot.secrets import Secret
from tests.conftest_platforms import (
    card_png,
    create_account,
    make_post,
    pds_dir,
    pds_installed,
    start_pds,
    stop_pds,
)
from tests.fakes.x_api import FakeX


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


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
        with FakeX(daily_limit=arguments.posts + 1) as fake, tempfile.TemporaryDirectory() as tmp:
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
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
