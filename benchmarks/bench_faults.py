"""Posting under an operator's worst week: concurrent processes and a burst of SIGKILLs, on
SQLite and PostgreSQL, against the OAuth-checking X fake and the real Bluesky PDS.

    python benchmarks/bench_faults.py [--votes 30] [--kills 20] [--databases sqlite,postgresql]

- concurrency: two `actbot run` schedulers, plus `actbot run --once` and `actbot post
  --resolution` in a loop, all on one database, posting 30 new atrocity-related vetoes to
  both networks with X's daily cap at 17;
- kills: `actbot run --once` started and SIGKILLed at random moments, 20 times, then one
  clean `run --once`.

Each ends with: duplicates (a text posted twice on a network), lost (a vote posted on no
network where it was due; X beyond its cap counts as queued, not lost), stuck (records left
"posting"), and whether X's cap held. The last line of output is JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script from anywhere

from tests.fakes.x_api import FakeX  # noqa: E402
from tests.support.platforms import (  # noqa: E402
    create_account,
    list_posts,
    pds_dir,
    pds_installed,
    start_pds,
    stop_pds,
)

X_CAP = 17
TEMPLATE = "S/2025/353"


def vote_file(folder: Path, votes: int, first: int) -> Path:
    """A data folder whose only votes are `votes` copies of a real 2025 veto under new
    symbols (and titles, so each post's text differs), each still a valid record."""
    data = folder / "data"
    (data / "votes").mkdir(parents=True)
    for name in ("signatories.json", "members.json", "council_membership.json"):
        (data / name).write_bytes((REPO / "data" / name).read_bytes())
    source = json.loads((REPO / "data" / "votes" / "vetoed-2025.json").read_text())
    template = next(v for v in source["votes"] if v["draft_symbol"] == TEMPLATE)
    records = []
    for number in range(first, first + votes):
        record = dict(template)
        record["draft_symbol"] = f"S/2025/{number}"
        record["short_title"] = f"Benchmark copy {number}"
        records.append(record)
    (data / "votes" / "bench.json").write_text(json.dumps({"about": "bench", "votes": records}))
    return data


def config(folder: Path, url: str, data: Path, fake: FakeX, pds: str, handle: str) -> Path:
    path = folder / "config.toml"
    path.write_text(
        f"""
[database]
url = "{url}"
[sources.bundled]
data_dir = "{data}"
every_minutes = 0.02
[publishing]
dry_run = false
networks = ["x", "bluesky"]
outbox = "{folder}/outbox"
[posting]
not_before = 2025-01-01
[scheduler]
poll_interval_minutes = 0.02
heartbeat_file = "{folder}/heartbeat"
[x]
api_base_url = "{fake.url}"
daily_cap = {X_CAP}
[bluesky]
handle = "{handle}"
base_url = "{pds}"
session_file = "{folder}/bluesky.session"
""",
        encoding="utf-8",
    )
    return path


def actbot(cfg: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "run_bot.py"), "--config", str(cfg), *args],
        cwd=cfg.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def post_records(url: str) -> list[tuple[str, str, str]]:
    """(symbol, network, state) of every post record, read straight from the database."""
    query = (
        "SELECT v.draft_symbol, p.network, p.state FROM posts p JOIN votes v ON v.id = p.vote_id"
    )
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.split("///", 1)[1])) as db:
            return [tuple(row) for row in db.execute(query)]
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as db:
        return [tuple(row) for row in db.execute(query).fetchall()]


def outcome(
    fake: FakeX, pds: str, did: str, url: str, symbols: list[str], already: int
) -> dict[str, Any]:
    tweets = Counter(
        next((s for s in symbols if s in tweet.text), "?") for tweet in fake.tweets[already:]
    )
    skeets = Counter(
        next((s for s in symbols if s in post["value"]["text"]), "?")
        for post in list_posts(pds, did)
    )
    records = post_records(url)
    states = Counter(state for _, _, state in records)
    x_pending = {s for s, network, state in records if network == "x" and state == "pending"}
    lost = [s for s in symbols if not skeets.get(s) and not tweets.get(s)]
    return {
        "duplicates_x": sum(n - 1 for s, n in tweets.items() if s in symbols and n > 1),
        "duplicates_bluesky": sum(n - 1 for s, n in skeets.items() if s in symbols and n > 1),
        "posted_x": sum(tweets[s] > 0 for s in symbols),
        "posted_bluesky": sum(skeets[s] > 0 for s in symbols),
        "lost": len(lost),
        "stuck": states.get("posting", 0),
        "x_queued_by_cap": len(x_pending),
        "cap_held": sum(tweets[s] > 0 for s in symbols) <= X_CAP,
    }


def concurrency(cfg: Path, seconds: float, symbols: list[str]) -> None:
    schedulers = [actbot(cfg, "run") for _ in range(2)]
    rng = random.Random(3)
    ends = time.monotonic() + seconds
    helpers: list[subprocess.Popen[bytes]] = []
    while time.monotonic() < ends:
        helpers.append(actbot(cfg, "run", "--once"))
        helpers.append(actbot(cfg, "post", "--resolution", rng.choice(symbols)))
        time.sleep(1.5)
        helpers = [p for p in helpers if p.poll() is None]
    for process in helpers:
        process.wait(timeout=120)
    for process in schedulers:
        process.send_signal(signal.SIGTERM)
    for process in schedulers:
        process.wait(timeout=120)
    actbot(cfg, "run", "--once").wait(timeout=300)


def kills(cfg: Path, count: int) -> None:
    rng = random.Random(5)
    for _ in range(count):
        process = actbot(cfg, "run", "--once")
        time.sleep(rng.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
    for _ in range(2):
        actbot(cfg, "run", "--once").wait(timeout=300)


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder}/bot.sqlite3"
        return
    from tests.support.postgres import postgres_server

    with postgres_server() as url:
        yield url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=30)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--databases", default="sqlite,postgresql")
    arguments = parser.parse_args()
    if not pds_installed():
        print(f"no PDS in {pds_dir()}: run bash .ci/install_pds.sh first", file=sys.stderr)
        return 2
    server = start_pds()
    results: dict[str, dict[str, Any]] = {}
    try:
        with FakeX(daily_limit=10_000) as fake:
            os.environ.update(fake.environment())
            first = 9000
            for kind in arguments.databases.split(","):
                for run in ("concurrency", "kills"):
                    account = create_account(server.url, prefix=f"{kind[:2]}{run[:2]}")
                    os.environ["ACTBOT_BLUESKY_APP_PASSWORD"] = account.app_password
                    with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as url:
                        folder = Path(tmp)
                        data = vote_file(folder, arguments.votes, first)
                        symbols = [f"S/2025/{n}" for n in range(first, first + arguments.votes)]
                        first += arguments.votes
                        cfg = config(folder, url, data, fake, server.url, account.handle)
                        already = len(fake.tweets)
                        started = time.monotonic()
                        if run == "concurrency":
                            concurrency(cfg, arguments.seconds, symbols)
                        else:
                            kills(cfg, arguments.kills)
                        found = outcome(fake, server.url, account.did, url, symbols, already)
                        found["seconds"] = round(time.monotonic() - started, 1)
                        results[f"{kind}:{run}"] = found
                        print(kind, run, found, flush=True)
    finally:
        stop_pds(server)
    print(json.dumps({"benchmark": "faults", "votes": arguments.votes, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
