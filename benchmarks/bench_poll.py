"""The cost of one poll cycle of the live sources, against a loopback server of saved pages.

    /work/venv/bin/python benchmarks/bench_poll.py [--repeat N]

The three live sources (press releases, Digital Library, Library tables) share one polite
fetcher, as they will in the bot. After a first poll that downloads everything, two cases are
measured, each `--repeat` times (the median is reported):

- "unchanged": nothing changed since the last poll: every page answers 304.
- "one_new_vote": the press feed lists one new Security Council release with one vote.

For each: requests sent, bytes received (bodies), CPU milliseconds of this process (parsing
included, server threads excluded as far as process time allows: the server runs in this
process, so CPU ms is an upper bound) and wall milliseconds. The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.reference import load_reference  # noqa: E402
from bot.sources.dhl import DhlTableSource  # noqa: E402
from bot.sources.http import Fetcher, FetchStats  # noqa: E402
from bot.sources.press import PressReleaseSource  # noqa: E402
from bot.sources.undl import UndlSource  # noqa: E402
from tests.support.http_server import FIXTURES, FakeTime, LoopbackServer  # noqa: E402

FEED = "/en/rss.xml"
TODAY = date(2016, 11, 1)


def feed(server: LoopbackServer, new_items: int) -> str:
    """The press feed, with `new_items` extra copies of the SC/14244 release at new URLs."""
    text = (FIXTURES / "press" / "rss.xml.template").read_text(encoding="utf-8")
    text = text.replace("{base}", server.url)
    extra = "".join(
        f"<item><title>SC/{20000 + n}</title><link>{server.url}/en/2020/sc{20000 + n}.doc.htm"
        "</link></item>"
        for n in range(new_items)
    )
    return text.replace("<channel>", "<channel>" + extra, 1)


def arrange(server: LoopbackServer) -> None:
    press = FIXTURES / "press"
    server.route(FEED, feed(server, 0))
    server.route("/en/2024/sc15641.doc.htm", press / "sc15641.htm")
    server.route("/en/2016/sc12545.doc.htm", press / "sc12545.htm")
    server.route(
        "/search",
        FIXTURES / "undl" / ("undl_vote_record_4033397_S_RES_2722_2024.RECONSTRUCTED.marcxml.xml"),
    )
    server.route("/dhl/scact2016_table_en.htm", FIXTURES / "dhl" / "dhl_scact2016_table_en.html")
    server.route(
        "/dhl/scact_veto_table_en.htm", FIXTURES / "dhl" / "dhl_scact_veto_table_en_2022-07.html"
    )


def measure(
    sources: list[PressReleaseSource | UndlSource | DhlTableSource], fetcher: Fetcher
) -> dict[str, float]:
    before: FetchStats = fetcher.stats
    cpu, wall = time.process_time(), time.perf_counter()
    reports = errors = tallies = 0
    for source in sources:
        result = source.poll()
        reports += len(result.reports)
        errors += len(result.errors)
        tallies += len(getattr(result, "tallies", ()))
    cpu_ms = (time.process_time() - cpu) * 1000
    wall_ms = (time.perf_counter() - wall) * 1000
    after = fetcher.stats
    return {
        "requests": after.requests - before.requests,
        "bytes": after.bytes_received - before.bytes_received,
        "not_modified": after.not_modified - before.not_modified,
        "reports": reports,
        "tallies": tallies,
        "errors": errors,
        "cpu_ms": round(cpu_ms, 2),
        "wall_ms": round(wall_ms, 2),
    }


def run(repeat: int) -> dict[str, dict[str, float]]:
    reference = load_reference(REPO / "data")
    unchanged: list[dict[str, float]] = []
    one_new: list[dict[str, float]] = []
    with LoopbackServer() as server:
        arrange(server)
        fake = FakeTime()
        fetcher = Fetcher(
            "actbot-bench/1.0 (+mailto:operator@example.org)",
            clock=fake.clock,
            sleep=fake.sleep,
            rng=random.Random(1),
        )
        now = datetime(2026, 1, 1, tzinfo=UTC)
        press = PressReleaseSource(
            fetcher, reference.membership, reference.names,
            feed_url=server.url_for(FEED), clock=lambda: now,
        )  # fmt: skip
        undl = UndlSource(
            fetcher, reference.membership, reference.names,
            base_url=server.url, today=lambda: date(2024, 3, 1), clock=lambda: now,
        )  # fmt: skip
        dhl = DhlTableSource(
            fetcher, reference.names, base_url=server.url_for("/dhl/"), today=lambda: TODAY
        )
        sources: list[PressReleaseSource | UndlSource | DhlTableSource] = [press, undl, dhl]
        first = measure(sources, fetcher)  # downloads everything, reads robots.txt once
        for round_ in range(repeat):
            unchanged.append(measure(sources, fetcher))
            server.route(f"/en/2020/sc{20000 + round_}.doc.htm", FIXTURES / "press" / "sc14244.htm")
            server.route(FEED, feed(server, round_ + 1))
            one_new.append(measure(sources, fetcher))
    return {
        "first_poll": first,
        "unchanged": _median(unchanged),
        "one_new_vote": _median(one_new),
    }


def _median(samples: list[dict[str, float]]) -> dict[str, float]:
    return {
        key: round(statistics.median(sample[key] for sample in samples), 2) for key in samples[0]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    arguments = parser.parse_args()
    results = run(arguments.repeat)
    for case, numbers in results.items():
        print(f"{case:>13}: " + ", ".join(f"{k}={v:g}" for k, v in numbers.items()))
    print(json.dumps({"repeat": arguments.repeat, **results}))


if __name__ == "__main__":
    main()
