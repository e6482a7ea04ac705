"""Render the card of every bundled vote in one process and report how long each took.

    /work/venv/bin/python benchmarks/bench_cards.py [--repeat N] [--profile]

The first card is left out of the numbers (it loads the fonts and draws the shared layer);
each time includes building the layout, painting and PNG encoding. Times are wall-clock;
the CPU time of the process is printed too, on the line before, because on a shared
2-core machine other work inflates wall-clock numbers. The last line printed is
JSON: {"cards": n, "median_ms": x, "p95_ms": y, "max_png_bytes": z}. Targets: median at most
20 ms, every PNG under 500 kB.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.domain.scorecard import Scorecard, build_scorecard  # noqa: E402
from bot.reference import DataError, load_reference, read_vote_file, vote_files  # noqa: E402
from cards import CardRenderer, Footer  # noqa: E402


def bundled_scorecards(data_dir: Path) -> list[Scorecard]:
    reference = load_reference(data_dir)
    cards: dict[str, Scorecard] = {}
    for path in vote_files(data_dir):
        try:
            votes = list(read_vote_file(path, reference))
        except DataError as error:
            print(f"skipped {error}", file=sys.stderr)
            continue
        for vote in votes:
            cards[f"{vote.date}{vote.symbol}"] = build_scorecard(
                vote, reference.registry, reference.names
            )
    return [cards[key] for key in sorted(cards)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--repeat", type=int, default=1, help="render every card N times")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile")
    args = parser.parse_args()
    scorecards = bundled_scorecards(args.data)
    if len(scorecards) < 2:
        sys.exit("need at least two bundled votes to measure")
    renderer = CardRenderer(Footer(operator="@actscorecard"))
    renderer.render(scorecards[0])  # warm-up: fonts, shared layer, icons
    timings: list[float] = []
    cpu: list[float] = []
    sizes: list[int] = []
    profiler = cProfile.Profile() if args.profile else None
    for _ in range(args.repeat):
        for card in scorecards[1:]:
            if profiler:
                profiler.enable()
            started, cpu_started = time.perf_counter(), time.process_time()
            png = renderer.render(card).png
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            if profiler:
                profiler.disable()
            sizes.append(len(png))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print(f"cpu: median {statistics.median(cpu):.2f} ms per card")
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        json.dumps(
            {
                "cards": len(timings),
                "median_ms": round(statistics.median(timings), 2),
                "p95_ms": round(p95, 2),
                "max_png_bytes": max(sizes),
            }
        )
    )


if __name__ == "__main__":
    main()
