"""One poll cycle end to end on the bundled record, and its failure isolation and recovery."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.config import load_settings
from bot.domain.model import Atrocity
from bot.pipeline import CycleReport
from bot.publishers.base import PreparedPost, PublishError, Receipt
from bot.publishers.dry_run import DryRunPublisher
from bot.sources.base import PollResult
from storage.outbox import PostState
from tests.conftest import DATA, data_with_votes


def make_app(tmp_path: Path, data_dir: Path = DATA, database_url: str | None = None) -> App:
    settings = load_settings(
        None,
        environ={
            "ACTBOT_DATABASE_URL": database_url or f"sqlite:///{tmp_path}/db.sqlite3",
            "ACTBOT_OUTBOX": str(tmp_path / "outbox"),
            "ACTBOT_DATA_DIR": str(data_dir),
        },
    )
    return build_app(settings)


def atrocity_votes(app: App) -> set[str]:
    return {
        str(s.vote.symbol)
        for s in app.votes.all()
        if s.vote.classification.atrocity is Atrocity.YES
    }


def test_a_cycle_writes_one_folder_per_atrocity_vote_and_a_second_writes_nothing(
    tmp_path: Path, database_url: str
) -> None:
    app = make_app(tmp_path, database_url=database_url)
    report = app.pipeline().run_cycle()
    assert report.ok, report
    assert len(report.new) >= 40
    expected = atrocity_votes(app)
    assert {symbol for symbol, _, _ in report.posted} == expected
    folders = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert len(folders) == len(expected)
    manifest = json.loads((tmp_path / "outbox" / "S-2016-846" / "post.json").read_text())
    assert manifest["symbol"] == "S/2016/846"
    assert manifest["networks"] == ["bluesky", "mastodon", "x"]
    assert manifest["image"]["width"] == 1200 and manifest["image"]["height"] == 675
    folder = tmp_path / "outbox" / "S-2016-846"
    assert (folder / "card.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (folder / "x.txt").read_text().rstrip().endswith("#ACTcodeofconduct")
    assert "Russian Federation" in (folder / "alt.txt").read_text()
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "outbox").rglob("*")}

    again = make_app(tmp_path, database_url=database_url).pipeline().run_cycle()
    assert (again.new, again.changed, again.posted) == ([], [], [])
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "outbox").rglob("*")} == mtimes


class BrokenPublisher:
    network = "broken"

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls = 0

    def publish(self, post: PreparedPost) -> Receipt:
        self.calls += 1
        raise self.error

    def find(self, post: PreparedPost) -> Receipt | None:
        return None


@pytest.mark.parametrize(
    ("error", "state", "paused"),
    [
        # a transient fault pauses the network for the cycle: one call, every post kept
        (PublishError("503 from the network", retryable=True), PostState.PENDING, True),
        # an answer the adapter cannot read (HTML with status 200) is transient too
        (ValueError("Expecting value: line 1 column 1 (char 0)"), PostState.PENDING, True),
        (PublishError("400 text too long", retryable=False), PostState.FAILED, False),
        (RuntimeError("bug in an adapter"), PostState.FAILED, False),
    ],
)
def test_a_failing_publisher_never_stops_the_others(
    tmp_path: Path, error: Exception, state: PostState, paused: bool
) -> None:
    app = make_app(tmp_path)
    broken = BrokenPublisher(error)
    outbox = DryRunPublisher(tmp_path / "outbox")
    report = app.pipeline([broken, outbox]).run_cycle()
    expected = atrocity_votes(app)
    assert {s for s, network, _ in report.posted if network == "dry-run"} == expected
    broken_records = app.outbox.records(network="broken")
    assert {r.state for r in broken_records} == {state}
    assert len(broken_records) == len(expected)
    assert broken.calls == (1 if paused else len(expected))
    tried = [r for r in broken_records if r.last_error]
    assert len(tried) == broken.calls
    assert all(str(error)[:20] in (r.last_error or "") for r in tried)


def test_a_401_disables_the_network_for_the_cycle(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    broken = BrokenPublisher(PublishError("401", retryable=False, disables_network=True))
    report = app.pipeline([broken, DryRunPublisher(tmp_path / "outbox")]).run_cycle()
    assert broken.calls == 1
    assert any("broken paused for this cycle" in alert for alert in report.alerts)
    assert len(app.outbox.records(network="broken", states=[PostState.PENDING])) > 1


class ExplodingSource:
    name = "exploding"

    def poll(self) -> PollResult:
        raise ConnectionError("press.un.org is down")


def test_a_failing_source_never_stops_the_others(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    pipeline = app.pipeline()
    pipeline.sources = [ExplodingSource(), *pipeline.sources]
    report = pipeline.run_cycle()
    assert report.source_errors == ["exploding: press.un.org is down"]
    assert len(report.new) >= 40 and report.posted


def test_a_bad_file_is_reported_and_the_other_files_still_load(
    tmp_path: Path, data_copy: Path
) -> None:
    broken = data_copy / "votes" / "vetoed-2017.json"
    broken.write_text(broken.read_text().replace('"RUS"', '"XXX"', 1))
    report = make_app(tmp_path, data_copy).pipeline().run_cycle()
    assert len(report.source_errors) == 1
    assert "vetoed-2017.json" in report.source_errors[0]
    assert "not on the Council in 2017: XXX" in report.source_errors[0]
    assert "S/2017/172" not in report.new and "S/2016/846" in report.new


def test_a_crash_between_claim_and_commit_is_reconciled_without_duplicates(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    pipeline = app.pipeline()
    pipeline.poll_sources(CycleReport())
    pipeline.queue_due_votes()
    [first, second, third, *_] = app.outbox.due(["dry-run"])
    dead = dead_process()
    # 1: claimed and written, but the process died before "posted" was committed.
    assert app.outbox.claim(first.id, "attempt-a", dead)
    DryRunPublisher(tmp_path / "outbox").publish(app.prepare(first, "attempt-a"))
    # 2: claimed, then the process died before the network was called.
    assert app.outbox.claim(second.id, "attempt-b", dead)
    # 3: claimed by a process that is still running (the scheduler, say): left alone.
    assert app.outbox.claim(third.id, "attempt-c", f"{socket.gethostname()}:{os.getppid()}:x")

    report = make_app(tmp_path).pipeline().run_cycle()
    assert any("found, posted" in line for line in report.reconciled)
    assert any("not found, retry" in line for line in report.reconciled)
    posted = {s for s, _, _ in report.posted}
    assert first.symbol not in posted  # found on "the network": not posted again
    assert second.symbol in posted
    assert third.symbol not in posted
    records = app.outbox.records()
    assert {r.state for r in records if r.id != third.id} == {PostState.POSTED}
    assert [r.state for r in records if r.id == third.id] == [PostState.POSTING]
    assert len({(r.vote_id, r.network) for r in records}) == len(records)


def dead_process() -> str:
    """A claimant on this host whose process has exited."""
    child = subprocess.Popen(["true"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}:gone"


def test_only_abandoned_claims_are_reconciled() -> None:
    from datetime import datetime, timedelta

    from bot.claims import abandoned

    now = datetime(2026, 1, 1, 12, 0)
    me = "bot-host:100:aaa"
    alive = {100, 200}.__contains__
    assert not abandoned("bot-host:100:aaa", now, now, me=me, alive=alive)  # ours, in flight
    assert abandoned("bot-host:100:bbb", now, now, me=me, alive=alive)  # our PID, restarted
    assert not abandoned("bot-host:200:ccc", now, now, me=me, alive=alive)  # another, alive
    assert abandoned("bot-host:300:ddd", now, now, me=me, alive=alive)  # crashed
    assert not abandoned("other-host:300:e", now, now, me=me, alive=alive)  # within the lease
    assert abandoned("other-host:300:e", now - timedelta(minutes=16), now, me=me, alive=alive)
    assert abandoned(None, now - timedelta(hours=1), now, me=me, alive=alive)


def test_retries_back_off_with_jitter_and_honour_a_reset_time(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.pipeline import Pipeline

    app = make_app(tmp_path)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(hours=2)
    base = app.pipeline([BrokenPublisher(PublishError("503", retryable=True))])
    pipeline = Pipeline(
        sources=base.sources,
        votes=app.votes,
        outbox=app.outbox,
        publishers=list(base.publishers.values()),
        prepare=app.prepare,
        policy=base.policy,
        clock=lambda: now,
        jitter=lambda: 0.5,
    )
    pipeline.run_cycle()
    waits = [r.not_before for r in app.outbox.records(network="broken")]
    # the first post waits 1 minute x (1 + jitter); the network is paused for the cycle, so
    # the others were not tried and are due at once next cycle
    assert set(waits) == {now + timedelta(minutes=1.5), None}
    assert waits.count(None) == len(waits) - 1

    reset = (now + timedelta(hours=3)).replace(tzinfo=UTC)
    limited = BrokenPublisher(PublishError("429", retryable=True, retry_at=reset))
    later = Pipeline(
        sources=[],
        votes=app.votes,
        outbox=app.outbox,
        publishers=[limited],
        prepare=app.prepare,
        policy=base.policy,
        clock=lambda: now + timedelta(hours=2),
    )
    later.publish_due(CycleReport())  # the outbox's own clock says the first retries are due
    assert {r.not_before for r in app.outbox.records(network="broken")} == {
        now + timedelta(hours=3)
    }


def test_a_queued_post_waits_when_its_vote_stops_qualifying(tmp_path: Path) -> None:
    from bot.domain.model import Classification

    app = make_app(tmp_path)
    pipeline = app.pipeline()
    pipeline.poll_sources(CycleReport())
    pipeline.queue_due_votes()
    aleppo, gaza = app.votes.get("S/2016/846"), app.votes.get("S/2023/792")
    assert aleppo is not None and gaza is not None
    app.votes.reject(aleppo.id)  # the operator rules it wrong after it was queued
    app.votes.classify(gaza.id, Classification(Atrocity.NO, "operator", "rival text"))

    report = CycleReport()
    pipeline.publish_due(report)
    posted = {symbol for symbol, _, _ in report.posted}
    assert posted and not {"S/2016/846", "S/2023/792"} & posted
    app.votes.classify(gaza.id, Classification(Atrocity.YES, "operator", "reconsidered"))
    again = CycleReport()
    pipeline.publish_due(again)
    assert [symbol for symbol, _, _ in again.posted] == ["S/2023/792"]


class TextMatchingPublisher:
    """Finds a post by its exact text, as the X adapter does with the account's timeline."""

    network = "x"

    def __init__(self) -> None:
        self.sent: list[str] = []

    def publish(self, post: PreparedPost) -> Receipt:
        self.sent.append(post.texts["x"])
        return Receipt(platform_id=str(len(self.sent)))

    def find(self, post: PreparedPost) -> Receipt | None:
        text = post.texts.get("x")
        return Receipt(platform_id=str(self.sent.index(text) + 1)) if text in self.sent else None


def test_reconciliation_looks_for_the_text_that_was_sent_even_after_the_vote_changed(
    tmp_path: Path, data_copy: Path
) -> None:
    from dataclasses import replace

    app = make_app(tmp_path, data_copy)
    network = TextMatchingPublisher()
    pipeline = app.pipeline([network])
    pipeline.poll_sources(CycleReport())
    pipeline.queue_due_votes()
    [record, *_] = app.outbox.due(["x"])
    dead = dead_process()
    # The process claimed, noted and sent the post, then died before recording it...
    assert app.outbox.claim(record.id, "attempt-a", dead)
    post = app.prepare(record, "attempt-a")
    assert app.outbox.note_texts(record.id, "attempt-a", post.texts)
    network.publish(post)
    # ...and the curators then retitled the vote, which changes the text it would get now.
    stored = app.votes.by_id(record.vote_id)
    app.votes.record("bundled", replace(stored.vote, short_title="A corrected title"))
    assert app.prepare(record, "attempt-a").texts["x"] != post.texts["x"]

    report = CycleReport()
    pipeline.reconcile(report)
    assert report.reconciled == [f"{record.symbol} on x: found, posted"]
    assert network.sent == [post.texts["x"]]  # found, not sent a second time


def test_a_vote_in_two_files_with_different_votes_is_left_out(
    tmp_path: Path, data_copy: Path
) -> None:
    source = json.loads((data_copy / "votes" / "vetoed-2016.json").read_text())
    copy = next(r for r in source["votes"] if r["draft_symbol"] == "S/2016/846")
    copy["abstaining"].remove("AGO")
    copy["in_favour"].append("AGO")
    (data_copy / "votes" / "zz-copy.json").write_text(json.dumps({"votes": [copy]}))
    report = make_app(tmp_path, data_copy).pipeline().run_cycle()
    assert "S/2016/846" not in report.new
    [problem] = [e for e in report.source_errors if "S/2016/846" in e]
    assert "also in vetoed-2016.json with other votes" in problem
    same = next(r for r in source["votes"] if r["draft_symbol"] == "S/2016/1026")
    (data_copy / "votes" / "zz-copy.json").write_text(json.dumps({"votes": [same]}))
    again = make_app(tmp_path / "again", data_copy).pipeline().run_cycle()
    assert "S/2016/1026" in again.new and again.source_errors == []


def test_a_curated_undecided_overrules_a_keyword_and_a_posted_vote_raises_an_alert(
    tmp_path: Path,
) -> None:
    """A database where the keyword rules had classified a rival Syria draft "yes" (the data
    gave no reason) learns the curators' "operator decides", says so and alerts."""
    data = data_with_votes(tmp_path / "data", "failed-2017.json")
    path = data / "votes" / "failed-2017.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    records["votes"][0]["atrocity_reason"] = ""  # nobody looked: the rules may propose
    path.write_text(json.dumps(records), encoding="utf-8")
    app = make_app(tmp_path, data_dir=data)
    first = app.pipeline([TextMatchingPublisher()]).run_cycle()
    assert [symbol for symbol, network, _ in first.posted] == ["S/2017/968"]
    records["votes"][0]["atrocity_reason"] = "A rival draft: the operator's call."
    path.write_text(json.dumps(records), encoding="utf-8")
    second = make_app(tmp_path, data_dir=data).pipeline([TextMatchingPublisher()]).run_cycle()
    assert second.reclassified == ["S/2017/968: yes -> undecided"]
    assert any("S/2017/968 was reclassified after it was posted" in a for a in second.alerts)
    assert second.posted == []


class CountingSource:
    def __init__(self, name: str) -> None:
        self.name = name
        self.polls = 0

    def poll(self) -> PollResult:
        self.polls += 1
        return PollResult(())


def test_each_source_is_polled_on_its_own_interval(tmp_path: Path) -> None:
    """The press feed every 3 minutes, the Library every 15: a cycle every 3 minutes polls
    the Library on every fifth only (the clock is injected; nothing sleeps)."""
    from datetime import UTC, datetime, timedelta

    from bot.pipeline import Pipeline

    app = make_app(tmp_path)
    press, library = CountingSource("un-press"), CountingSource("undl")
    now = [datetime(2026, 12, 2, 12, 0, tzinfo=UTC)]
    pipeline = Pipeline(
        sources=[press, library],
        votes=app.votes,
        outbox=app.outbox,
        publishers=[],
        prepare=app.prepare,
        policy=app.pipeline([]).policy,
        clock=lambda: now[0],
        intervals={"un-press": timedelta(minutes=3), "undl": timedelta(minutes=15)},
    )
    for _ in range(10):
        pipeline.run_cycle()
        now[0] += timedelta(minutes=3, seconds=-2)  # the scheduler's ticks drift a little
    assert press.polls == 10
    assert library.polls == 2


def test_the_scheduler_wakes_at_the_shortest_source_interval(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/db.sqlite3"\n'
        '[sources.http]\nuser_agent = "actbot-test/0.1 (+mailto:operator@example.org)"\n'
        "[sources.press]\nenabled = true\n",
        encoding="utf-8",
    )
    intervals = build_app(load_settings(config)).source_intervals()
    assert intervals == {"bundled": 15, "un-press": 3}


def test_a_claim_whose_pid_was_reused_by_another_process_is_abandoned() -> None:
    """The crashed process started at tick 500; PID 200 now belongs to a process started at
    tick 900: the claim is a leftover, not a post in flight."""
    from datetime import datetime

    from bot.claims import abandoned, process_started, this_process

    now = datetime(2026, 1, 1, 12, 0)
    me = "bot-host:100:111.aaa"
    alive = {100, 200}.__contains__
    started = {100: "111", 200: "900"}.__getitem__
    assert abandoned("bot-host:200:500.ccc", now, now, me=me, alive=alive, started=started)
    assert not abandoned("bot-host:200:900.ccc", now, now, me=me, alive=alive, started=started)
    # this process's own claim names its real start time, read from /proc
    import os

    assert this_process().split(":")[2].split(".")[0] == process_started(os.getpid()) != ""


class UnconfirmedPublisher:
    """A network that answers "you have posted this already" and cannot show the post."""

    network = "unconfirmed"

    def __init__(self) -> None:
        self.calls = 0

    def publish(self, post: PreparedPost) -> Receipt:
        self.calls += 1
        return Receipt(platform_id="", unconfirmed=True)

    def find(self, post: PreparedPost) -> Receipt | None:
        return None


def test_a_post_the_network_already_has_is_posted_unconfirmed_and_told(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    network = UnconfirmedPublisher()
    report = app.pipeline([network]).run_cycle()
    records = app.outbox.records(network="unconfirmed")
    assert records and {r.state for r in records} == {PostState.POSTED}
    assert len(report.alerts) == network.calls == len(records)
    assert all("recorded as posted, unconfirmed: check the account" in a for a in report.alerts)
    again = app.pipeline([network]).run_cycle()
    assert network.calls == len(records) and not again.posted  # never sent again


def test_a_database_outage_after_the_network_accepted_is_settled_by_the_same_process(
    tmp_path: Path,
) -> None:
    """The network took the post, then the database refused to record it: the claim is this
    process's own, so no other process would reconcile it; the next cycle does, once."""
    from sqlalchemy.exc import OperationalError

    app = make_app(tmp_path)
    outbox_publisher = DryRunPublisher(tmp_path / "outbox")
    pipeline = app.pipeline([outbox_publisher])
    real_mark_posted = pipeline.outbox.mark_posted
    calls = {"n": 0}

    def database_down_once(*args: object, **kwargs: object) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("UPDATE posts", {}, Exception("server closed the connection"))
        return real_mark_posted(*args, **kwargs)  # type: ignore[arg-type]

    pipeline.outbox.mark_posted = database_down_once  # type: ignore[method-assign]
    with pytest.raises(OperationalError):
        pipeline.run_cycle()
    stuck = app.outbox.records(states=[PostState.POSTING])
    assert len(stuck) == 1  # on the "network" (the outbox folder), not recorded
    report = pipeline.run_cycle()  # the database is back
    assert any("found, posted" in line for line in report.reconciled)
    assert not app.outbox.records(states=[PostState.POSTING])
    folders = [p.name for p in (tmp_path / "outbox").iterdir()]
    assert len(folders) == len(set(folders)) == len(atrocity_votes(app))
