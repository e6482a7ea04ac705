"""How the bot scales with the size of its record: 200, 2,000 and 20,000 stored votes.

    python benchmarks/bench_scale.py [--sizes 200,2000,20000] [--rss-seconds 6] [--keep]

For each size a synthetic record of the shipped shape is written into a temporary data dir
and checked with `actbot check-data` (the benchmark stops, exit 1, if it does not pass):

- votes are copies of the shipped records (data/votes/*.json) taken in turn, so outcomes,
  vetoes, tallies, the share of atrocity-related / not / undecided votes, the procedural
  decision and the sources of each record are the shipped ones;
- each copy is moved to a year of 2015-2025 (the votes are spread evenly over the years and
  over the days of each year, oldest first, so `render --period 2020` reads one year of
  about a tenth of the votes); its permanent members keep their votes and the elected members
  of the template's year are replaced, by alphabetical position, with the elected members of
  the new year (check-data requires exactly the 15 members seated that year);
- symbols are unique and realistic: drafts S/<year>/<n> numbered within their year,
  resolutions S/RES/<n> (<year>) numbered on from 2196 (the first of 2015) in date order,
  meetings S/PV.<n> numbered on from 7350.

The Library's voting-data CSV (what `actbot import undl-csv` reads) is generated the same way
from the shipped adopted, non-procedural records: N resolutions, 15 rows each.

Posting on the first load: the record is historic, so the config sets `posting.not_before`
to 2026-01-01, after every generated vote, as README advises for going live ("so the
historic record does not flood your timeline"). The first `run --once` then stores every vote
and queues no post, so load_s measures loading, not rendering thousands of dry-run cards (the
dry-run outbox has no daily cap that could be used instead).

Each figure, per size, each command in a fresh process of the real CLI (the `actbot` script
beside this Python, else `python -m bot.cli`), in the order below, on one SQLite database:

- load_s: wall time of `actbot run --once` on an empty database (the first load);
- nochange_cpu_ms, nochange_writes: one poll cycle with nothing new, just after the load, in a
  fresh Python process (this script with --nochange-cycle) that builds the App and pipeline as
  `run --once` does (settings, logging, build_app, app.pipeline()); CPU is time.process_time()
  around pipeline.run_cycle() only (start-up excluded), writes the SQL statements beginning
  INSERT/UPDATE/DELETE/REPLACE seen by a before_cursor_execute listener on the bot's engine
  (bench_detection.WriteCounter), nochange_rows_changed the sum of their rowcounts;
  nochange_warm_cpu_ms / nochange_warm_writes are a second cycle in the same process (the
  scheduler's next tick, caches warm);
- export_s, export_peak_mb: `actbot export --format json` into a file; peak RSS is the
  child's own ru_maxrss, read with os.wait4() on that child's pid (exact per child, unlike
  RUSAGE_CHILDREN deltas); every command's peak is reported (`*_peak_mb`);
- period_render_s: `actbot render --period 2020 --out <tmp>/period-2020.png`;
- run_rss_mb: `actbot run` (the scheduler) with a 3-second tick: after its first cycle has
  finished (its cycle stamp, heartbeat.cycle, appears) VmRSS of /proc/<pid>/status is sampled
  every 0.2 s for --rss-seconds; the median is reported (max in run_rss_max_mb), then SIGTERM
  and a clean exit 0 are awaited (a running cycle is finished first, which at 20,000 votes
  takes as long as a cycle);
- csv_import_s: `actbot import undl-csv` of the N-vote CSV into its own empty database (the
  bundled source off), stdout (the export-shaped echo of every vote) into a file.

Once, not per size: help_s and health_s, the median wall time of 5 runs each of `actbot --help`
and `actbot health` (against a heartbeat written just before, so it answers "healthy").

Human-readable progress goes to stderr; the last line on stdout is one JSON object:
{"sizes": {"200": {...}, ...}, "help_s": .., "health_s": ..}.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
YEARS = range(2015, 2026)  # the shipped record's years; the membership file knows them all
NOT_BEFORE = "2026-01-01"  # after every generated vote: the first load posts nothing
PERIOD_YEAR = 2020
FIRST_RESOLUTION = 2196  # S/RES/2196 (2015), the first resolution of 2015
FIRST_MEETING = 7350
TICK_MINUTES = 0.05  # `actbot run` wakes every 3 s, and the bundled source is due each time
CHOICES = {"in_favour": "Y", "against": "N", "abstaining": "A", "not_voting": "X"}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class BenchError(Exception):
    """A generated record that does not pass, or a command that failed: exit 1."""


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Generating records of the shipped shape
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Council:
    permanent: frozenset[str]
    elected: dict[int, list[str]]  # year -> elected members, alphabetical by code

    @classmethod
    def load(cls) -> Council:
        raw = json.loads((DATA / "council_membership.json").read_text(encoding="utf-8"))
        permanent = frozenset(raw["permanent"])
        elected = {}
        for year, members in raw["years"].items():
            codes = [m["iso3"] if isinstance(m, dict) else m for m in members]
            elected[int(year)] = sorted(c for c in codes if c not in permanent)
        return cls(permanent, elected)

    def move(self, code: str, from_year: int, to_year: int) -> str:
        if code in self.permanent:
            return code
        return self.elected[to_year][self.elected[from_year].index(code)]


def shipped_records() -> list[dict[str, Any]]:
    records = []
    for path in sorted((DATA / "votes").glob("*.json")):
        records += json.loads(path.read_text(encoding="utf-8"))["votes"]
    return records


def _dates(count: int) -> list[date]:
    """`count` dates spread evenly over YEARS and over each year's days, oldest first."""
    years = [YEARS[i * len(YEARS) // count] for i in range(count)]
    first: dict[int, int] = {}
    per_year: dict[int, int] = {}
    for index, year in enumerate(years):
        first.setdefault(year, index)
        per_year[year] = per_year.get(year, 0) + 1
    return [
        date(year, 1, 1) + timedelta(days=(index - first[year]) * 365 // per_year[year])
        for index, year in enumerate(years)
    ]


class Numbering:
    """Unique symbols in date order: drafts per year, resolutions and meetings running on."""

    def __init__(self) -> None:
        self.drafts: dict[int, int] = {}
        self.resolution = FIRST_RESOLUTION
        self.meeting = FIRST_MEETING

    def draft(self, year: int) -> str:
        self.drafts[year] = self.drafts.get(year, 0) + 1
        return f"S/{year}/{self.drafts[year]}"

    def next_resolution(self) -> int:
        self.resolution += 1
        return self.resolution - 1

    def next_meeting(self) -> str:
        self.meeting += 1
        return f"S/PV.{self.meeting - 1}"


def synthetic_votes(
    count: int, templates: Sequence[dict[str, Any]], council: Council
) -> list[dict[str, Any]]:
    """`count` valid records: the templates in turn, moved to their new date and symbols."""
    numbers = Numbering()
    votes = []
    for index, day in enumerate(_dates(count)):
        template = templates[index % len(templates)]
        old_year = date.fromisoformat(template["date"]).year
        record = dict(template)
        record["date"] = day.isoformat()
        for key in CHOICES:
            record[key] = [council.move(c, old_year, day.year) for c in template[key] or []]
        if template.get("draft_symbol"):
            record["draft_symbol"] = numbers.draft(day.year)
        if template.get("resolution_symbol"):
            record["resolution_symbol"] = f"S/RES/{numbers.next_resolution()} ({day.year})"
        record["meeting"] = numbers.next_meeting() if template.get("meeting") else None
        record["short_title"] = f"{template.get('short_title') or 'Vote'} (copy {index + 1})"
        votes.append(record)
    return votes


def write_record(folder: Path, count: int, council: Council) -> Path:
    """A data dir: the shipped reference files and `count` votes, one file per kind and year."""
    data = folder / "data"
    (data / "votes").mkdir(parents=True)
    for name in ("signatories.json", "members.json", "council_membership.json"):
        (data / name).write_bytes((DATA / name).read_bytes())
    files: dict[str, list[dict[str, Any]]] = {}
    for record in synthetic_votes(count, shipped_records(), council):
        kind = "adopted" if record["outcome"] == "adopted" else "failed"
        files.setdefault(f"{kind}-{record['date'][:4]}", []).append(record)
    for name, records in files.items():
        about = f"Synthetic benchmark record ({count} votes): copies of the shipped votes."
        text = json.dumps({"about": about, "votes": records}, indent=2, ensure_ascii=False)
        (data / "votes" / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    return data


def write_undl_csv(path: Path, count: int, council: Council) -> Path:
    """The Library's voting-data CSV: `count` adopted resolutions, one row per member."""
    import csv

    names = json.loads((DATA / "members.json").read_text(encoding="utf-8"))["members"]
    templates = [
        r for r in shipped_records() if r["outcome"] == "adopted" and not r.get("procedural")
    ]
    columns = [
        "undl_id", "ms_code", "ms_name", "permanent_member", "ms_vote", "date", "resolution",
        "draft", "meeting", "description", "agenda", "subjects", "vote_note", "total_yes",
        "total_no", "total_abstentions", "total_non_voting", "total_ms", "modality", "undl_link",
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for index, record in enumerate(synthetic_votes(count, templates, council)):
            undl_id = str(5_000_000 + index)
            number = record["resolution_symbol"].split()[0]
            year = record["date"][:4]
            ballots = [(c, CHOICES[key]) for key in CHOICES for c in record[key]]
            totals = {v: sum(1 for _, choice in ballots if choice == v) for v in "YNAX"}
            for code, choice in ballots:
                writer.writerow(
                    {
                        "undl_id": undl_id,
                        "ms_code": code,
                        "ms_name": names[code]["name"].upper(),
                        "permanent_member": str(code in council.permanent),
                        "ms_vote": choice,
                        "date": record["date"],
                        "resolution": f"{number}({year})",
                        "draft": record.get("draft_symbol") or "",
                        "meeting": record.get("meeting") or "",
                        "description": record.get("title") or "",
                        "agenda": record.get("agenda") or "",
                        "subjects": "",
                        "vote_note": "",
                        "total_yes": totals["Y"],
                        "total_no": totals["N"],
                        "total_abstentions": totals["A"],
                        "total_non_voting": totals["X"],
                        "total_ms": len(ballots),
                        "modality": "Vote",
                        "undl_link": f"https://digitallibrary.un.org/record/{undl_id}",
                    }
                )
    return path


def write_config(folder: Path, data: Path, *, bundled: bool = True) -> Path:
    """A config of its own for one database: outbox and heartbeat beside it (a database that
    is new beside an earlier run's state is refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{folder / "actbot.sqlite3"}"
[sources.bundled]
enabled = {"true" if bundled else "false"}
data_dir = "{data}"
every_minutes = {TICK_MINUTES}
[publishing]
dry_run = true
outbox = "{folder / "outbox"}"
[posting]
not_before = {NOT_BEFORE}
[scheduler]
poll_interval_minutes = {TICK_MINUTES}
heartbeat_file = "{folder / "heartbeat"}"
[logging]
level = "INFO"
format = "json"
""",
        encoding="utf-8",
    )
    return config


# --------------------------------------------------------------------------------------------
# Running the real CLI
# --------------------------------------------------------------------------------------------


def actbot() -> list[str]:
    script = Path(sys.executable).parent / "actbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def child_env() -> dict[str, str]:
    """This environment without ACTBOT_* overrides: each command reads only its config."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ACTBOT_")}


@dataclass
class Ran:
    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int


def run(
    command: Sequence[str | Path],
    cwd: Path,
    stdout: Path,
    stderr: Path,
) -> Ran:
    """One command in its own process: wall time, and its own CPU time and peak RSS
    (os.wait4 on its pid). A return code other than 0 is a BenchError."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command], cwd=cwd, stdout=out, stderr=err, env=child_env()
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = stderr.read_text(errors="replace").strip().splitlines()[-5:]
        raise BenchError(f"{' '.join(map(str, command))} exited {code}: " + " | ".join(tail))
    return Ran(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def vm_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def scheduler_rss(config: Path, folder: Path, seconds: float, timeout: float) -> dict[str, float]:
    """Steady RSS of `actbot run`: sampled after its first cycle, then SIGTERM."""
    stamp = folder / "heartbeat.cycle"
    stamp.unlink(missing_ok=True)
    log = (folder / "run.log").open("wb")
    start = time.perf_counter()
    process = subprocess.Popen(
        [*actbot(), "--config", str(config), "run"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=child_env(),
    )
    try:
        while not stamp.exists():
            if process.poll() is not None:
                raise BenchError(f"actbot run exited {process.returncode}; see {log.name}")
            if time.perf_counter() - start > timeout:
                raise BenchError(f"actbot run: no cycle finished within {timeout:.0f} s")
            time.sleep(0.1)
        first_cycle = time.perf_counter() - start
        samples = []
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            rss = vm_rss_mb(process.pid)
            if rss is None or process.poll() is not None:
                raise BenchError(f"actbot run exited early ({process.returncode})")
            samples.append(rss)
            time.sleep(0.2)
        cycles = _cycles_logged(folder / "run.log")
        process.send_signal(signal.SIGTERM)
        stopping = time.perf_counter()
        code = process.wait(timeout=timeout)
        if code != 0:
            raise BenchError(f"actbot run exited {code} after SIGTERM")
        return {
            "run_rss_mb": round(statistics.median(samples), 1),
            "run_rss_max_mb": round(max(samples), 1),
            "run_first_cycle_s": round(first_cycle, 2),
            "run_cycles_sampled": cycles,
            "run_stop_s": round(time.perf_counter() - stopping, 2),
        }
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


def _cycles_logged(path: Path) -> int:
    return sum(1 for line in path.read_text(errors="replace").splitlines() if '"cycle: ' in line)


def median_wall(command: Sequence[str | Path], folder: Path, times: int = 5) -> float:
    walls = [
        run(command, folder, folder / "quick.out", folder / "quick.err").wall_s
        for _ in range(times)
    ]
    return round(statistics.median(walls), 3)


# --------------------------------------------------------------------------------------------
# The no-change cycle, in a process of its own (this script with --nochange-cycle)
# --------------------------------------------------------------------------------------------


def nochange_cycle(config: Path) -> dict[str, Any]:
    """One cycle as `run --once` runs it, timed around the cycle only."""
    sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]
    from bench_detection import WriteCounter

    from bot.app import build_app
    from bot.config import load_settings
    from bot.logs import configure, quiet_reported

    class Writes(WriteCounter):
        """bench_detection's counter, with REPLACE too and the rows the writes changed."""

        def __init__(self, app: Any) -> None:
            from sqlalchemy import event

            super().__init__(app)
            self.rows = 0
            self.kinds: dict[str, int] = {}
            engine = app.votes._sessions.kw["bind"]
            event.listen(engine, "after_cursor_execute", self._done)

        def _seen(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
            head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
            if head in WRITES:
                self.count += 1
                table = " ".join(statement.split()[:3])
                self.kinds[table] = self.kinds.get(table, 0) + 1

        def _done(self, _conn: object, cursor: Any, statement: str, *_: object) -> None:
            head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
            if head in WRITES and cursor.rowcount > 0:
                self.rows += cursor.rowcount

    settings = load_settings(config)
    configure(settings.logging.level, settings.logging.format)
    quiet_reported()
    app = build_app(settings)
    pipeline = app.pipeline()
    writes = Writes(app)
    cpu, wall = time.process_time(), time.perf_counter()
    report = pipeline.run_cycle()
    cpu_ms = (time.process_time() - cpu) * 1000
    wall_ms = (time.perf_counter() - wall) * 1000
    first_writes, first_rows, first_kinds = writes.count, writes.rows, dict(writes.kinds)
    cpu = time.process_time()
    again = pipeline.run_cycle()  # the scheduler's next tick: the source is due again
    warm_ms = (time.process_time() - cpu) * 1000
    return {
        "nochange_cpu_ms": round(cpu_ms, 1),
        "nochange_wall_ms": round(wall_ms, 1),
        "nochange_writes": first_writes,
        "nochange_warm_cpu_ms": round(warm_ms, 1),
        "nochange_warm_writes": writes.count - first_writes,
        "nochange_warm_new": len(again.new) + len(again.changed),
        "nochange_rows_changed": first_rows,
        "nochange_write_statements": first_kinds,
        "nochange_new": len(report.new),
        "nochange_changed": len(report.changed),
        "nochange_posted": len(report.posted),
        "nochange_source_errors": len(report.source_errors),
        "stored_votes": app.votes.count(),
    }


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


def bench_size(count: int, root: Path, council: Council, rss_seconds: float) -> dict[str, Any]:
    folder = root / str(count)
    folder.mkdir()
    say(f"== {count} votes ({folder})")
    started = time.perf_counter()
    data = write_record(folder, count, council)
    csv_file = write_undl_csv(folder / "undl-voting-data.csv", count, council)
    say(f"  generated the record and the CSV in {time.perf_counter() - started:.1f} s")
    db = folder / "db"
    config = write_config(db, data)
    cli = [*actbot(), "--config", config]
    out: dict[str, Any] = {}

    try:
        checked = run([*cli, "check-data"], db, db / "check.out", db / "check.err")
    except BenchError as error:
        raise BenchError(f"the generated record of {count} votes fails: {error}") from None
    say(f"  check-data: {(db / 'check.out').read_text().strip()} ({checked.wall_s:.1f} s)")
    out["check_data_s"] = round(checked.wall_s, 2)

    loaded = run([*cli, "run", "--once"], db, db / "load.out", db / "load.err")
    out.update(load_s=round(loaded.wall_s, 2), load_peak_mb=round(loaded.peak_mb, 1))
    say(f"  load (run --once, empty db): {loaded.wall_s:.2f} s, peak {loaded.peak_mb:.0f} MB")
    say("    " + " / ".join((db / "load.out").read_text().strip().splitlines()[:3]))

    nochange_out = db / "nochange.json"
    script = [sys.executable, Path(__file__).resolve(), "--nochange-cycle", config]
    run(script, db, nochange_out, db / "nochange.err")
    cycle = json.loads(nochange_out.read_text().strip().splitlines()[-1])
    out.update(cycle)
    if cycle["stored_votes"] != count:
        raise BenchError(f"{cycle['stored_votes']} votes stored after the load, not {count}")
    say(
        f"  no-change cycle: {cycle['nochange_cpu_ms']:.1f} ms CPU "
        f"({cycle['nochange_wall_ms']:.0f} ms wall; warm {cycle['nochange_warm_cpu_ms']:.0f} ms), "
        f"{cycle['nochange_writes']} write(s) "
        f"{cycle['nochange_write_statements'] or ''}, new {cycle['nochange_new']}, "
        f"changed {cycle['nochange_changed']}"
    )

    exported = run([*cli, "export", "--format", "json"], db, db / "export.json", db / "export.err")
    size_mb = (db / "export.json").stat().st_size / 2**20
    out.update(
        export_s=round(exported.wall_s, 2),
        export_peak_mb=round(exported.peak_mb, 1),
        export_file_mb=round(size_mb, 1),
    )
    say(
        f"  export json: {exported.wall_s:.2f} s, peak {exported.peak_mb:.0f} MB ({size_mb:.0f} MB)"
    )

    card = db / f"period-{PERIOD_YEAR}.png"
    rendered = run(
        [*cli, "render", "--period", str(PERIOD_YEAR), "--out", card],
        db,
        db / "render.out",
        db / "render.err",
    )
    out.update(
        period_render_s=round(rendered.wall_s, 2), period_render_peak_mb=round(rendered.peak_mb, 1)
    )
    say(f"  render --period {PERIOD_YEAR}: {rendered.wall_s:.2f} s, peak {rendered.peak_mb:.0f} MB")

    rss = scheduler_rss(config, db, rss_seconds, timeout=3600)
    out.update(rss)
    say(
        f"  actbot run: steady RSS {rss['run_rss_mb']:.1f} MB (max {rss['run_rss_max_mb']:.1f}), "
        f"first cycle after {rss['run_first_cycle_s']:.1f} s, stopped in {rss['run_stop_s']:.1f} s"
    )

    imported_db = folder / "csv-import"
    csv_config = write_config(imported_db, data, bundled=False)
    imported = run(
        [*actbot(), "--config", csv_config, "import", "undl-csv", csv_file],
        imported_db,
        imported_db / "import.json",
        imported_db / "import.err",
    )
    stored = len(json.loads((imported_db / "import.json").read_text(encoding="utf-8")))
    if stored != count:
        raise BenchError(f"import undl-csv stored {stored} of the CSV's {count} votes")
    out.update(
        csv_import_s=round(imported.wall_s, 2), csv_import_peak_mb=round(imported.peak_mb, 1)
    )
    say(f"  import undl-csv: {imported.wall_s:.2f} s, {stored} votes stored")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,20000", help="comma-separated vote counts")
    parser.add_argument("--rss-seconds", type=float, default=6.0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--nochange-cycle", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.nochange_cycle:
        print(json.dumps(nochange_cycle(arguments.nochange_cycle)))
        return 0
    sizes = [int(size) for size in arguments.sizes.split(",") if size.strip()]
    council = Council.load()
    root = Path(tempfile.mkdtemp(prefix="actbot-bench-scale-"))
    results: dict[str, Any] = {"sizes": {}}
    try:
        for count in sizes:
            results["sizes"][str(count)] = bench_size(count, root, council, arguments.rss_seconds)
        quick = root / "quick"
        config = write_config(quick, DATA)
        beat = datetime.now(UTC).isoformat(timespec="seconds") + "\n"
        for name in ("heartbeat", "heartbeat.cycle"):
            (quick / name).write_text(beat, encoding="utf-8")
        results["help_s"] = median_wall([*actbot(), "--help"], quick)
        results["health_s"] = median_wall([*actbot(), "--config", config, "health"], quick)
        say(
            f"== actbot --help {results['help_s']:.3f} s, actbot health {results['health_s']:.3f} s"
        )
    except BenchError as error:
        say(f"FAILED: {error}")
        say(f"(files kept in {root})")
        return 1
    if arguments.keep:
        say(f"files kept in {root}")
    else:
        import shutil

        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
