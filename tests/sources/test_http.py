"""The polite fetcher against a real loopback HTTP server: validators, back-off, robots, limits."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from email.utils import formatdate

import httpx
import pytest

from bot.sources.base import SourceError
from bot.sources.http import Fetcher
from tests.support.http_server import (
    FakeTime,
    LoopbackServer,
    NetworkBlocked,
    Scripted,
    block_non_loopback,
    no_network,  # noqa: F401 - a fixture, used by name below
)

pytestmark = pytest.mark.usefixtures("no_network")

UA = "actbot-test/1.0 (+mailto:operator@example.org)"
PAGE = "/dhl/dhl_scact2022_table_en.html"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def make(fake: FakeTime, **options: object) -> Fetcher:
    settings: dict[str, object] = {
        "clock": fake.clock,
        "sleep": fake.sleep,
        "rng": random.Random(7),
        "timeout": 2.0,
    }
    settings.update(options)
    return Fetcher(UA, **settings)  # type: ignore[arg-type]


def test_a_user_agent_without_a_contact_is_refused() -> None:
    with pytest.raises(ValueError, match="contact"):
        Fetcher("actbot/1.0")


def test_says_who_it_is_and_reads_robots_once(server: LoopbackServer, fake: FakeTime) -> None:
    with make(fake) as fetcher:
        first = fetcher.fetch(server.url_for(PAGE))
        fetcher.fetch(server.url_for("/undl/dhl_2026_02_06_sc_voting.EXCERPT.csv"))
    assert first.status == 200 and b"S/RES/2640" in first.body and not first.unchanged
    assert all(r.header("User-Agent") == UA for r in server.requests)
    assert [r.path for r in server.requests].count("/robots.txt") == 1
    assert fake.sleeps == []


def test_an_unchanged_page_costs_a_304_and_no_body(server: LoopbackServer, fake: FakeTime) -> None:
    with make(fake) as fetcher:
        fetcher.fetch(server.url_for(PAGE))
        server.reset_log()
        again = fetcher.fetch(server.url_for(PAGE))
    assert again.unchanged and again.status == 304 and again.body == b""
    (request,) = server.requests_for(PAGE)
    assert (
        request.header(
            "If-None-Match",
        )
        is not None
    )
    assert request.header("If-Modified-Since") == formatdate(1_700_000_000, usegmt=True)
    assert server.bytes_sent == 0
    assert fetcher.stats.not_modified == 1


def test_last_modified_alone_is_sent_back(server: LoopbackServer, fake: FakeTime) -> None:
    stamp = "Wed, 01 May 2024 10:00:00 GMT"
    server.script("/feed", Scripted(200, b"<rss/>", {"Last-Modified": stamp}), Scripted(304))
    with make(fake) as fetcher:
        fetcher.fetch(server.url_for("/feed"))
        assert fetcher.fetch(server.url_for("/feed")).unchanged
    second = server.requests_for("/feed")[1]
    assert second.header("If-Modified-Since") == stamp
    assert second.header("If-None-Match") is None


def test_forget_downloads_again(server: LoopbackServer, fake: FakeTime) -> None:
    with make(fake) as fetcher:
        fetcher.fetch(server.url_for(PAGE))
        fetcher.forget(server.url_for(PAGE))
        assert not fetcher.fetch(server.url_for(PAGE)).unchanged
    assert server.requests_for(PAGE)[1].header("If-None-Match") is None


def test_5xx_is_retried_with_growing_jittered_waits(server: LoopbackServer, fake: FakeTime) -> None:
    server.script("/flaky", Scripted(503), Scripted(502), Scripted(200, b"fine"))
    with make(fake, backoff_base=2.0) as fetcher:
        result = fetcher.fetch(server.url_for("/flaky"))
    assert result.body == b"fine"
    assert len(fake.sleeps) == 2
    assert 1.0 <= fake.sleeps[0] <= 2.0  # equal jitter: half of 2 s fixed, half random
    assert 2.0 <= fake.sleeps[1] <= 4.0
    assert fetcher.stats.retries == 2


def test_429_waits_as_long_as_retry_after_says(server: LoopbackServer, fake: FakeTime) -> None:
    server.script("/busy", Scripted(429, headers={"Retry-After": "37"}), Scripted(200, b"ok"))
    with make(fake) as fetcher:
        assert fetcher.fetch(server.url_for("/busy")).body == b"ok"
    assert fake.sleeps == [37.0]


def test_retry_after_as_an_http_date(server: LoopbackServer, fake: FakeTime) -> None:
    when = formatdate(fake.now + 90, usegmt=True)
    server.script("/busy", Scripted(503, headers={"Retry-After": when}), Scripted(200, b"ok"))
    with make(fake) as fetcher:
        fetcher.fetch(server.url_for("/busy"))
    assert fake.sleeps == [pytest.approx(90, abs=1)]


def test_a_retry_after_longer_than_a_poll_gives_up_now(
    server: LoopbackServer, fake: FakeTime
) -> None:
    server.script("/busy", Scripted(429, headers={"Retry-After": "7200"}))
    with make(fake) as fetcher, pytest.raises(SourceError, match="next poll"):
        fetcher.fetch(server.url_for("/busy"))
    assert fake.sleeps == []


def test_a_server_that_stays_down_is_a_plain_error(server: LoopbackServer, fake: FakeTime) -> None:
    server.script("/down", *[Scripted(500)] * 3)
    with make(fake, max_attempts=3) as fetcher, pytest.raises(SourceError) as raised:
        fetcher.fetch(server.url_for("/down"))
    assert "HTTP 500" in str(raised.value) and "after 3 attempts" in str(raised.value)
    assert len(server.requests_for("/down")) == 3


def test_404_is_not_retried(server: LoopbackServer, fake: FakeTime) -> None:
    with make(fake) as fetcher, pytest.raises(SourceError, match="HTTP 404"):
        fetcher.fetch(server.url_for("/missing.htm"))
    assert len(server.requests_for("/missing.htm")) == 1 and fake.sleeps == []


def test_a_timeout_is_retried_then_reported(server: LoopbackServer, fake: FakeTime) -> None:
    server.script("/slow", Scripted(200, b"late", delay=0.6), Scripted(200, b"late", delay=0.6))
    with (
        make(fake, timeout=0.15, max_attempts=2) as fetcher,
        pytest.raises(SourceError, match="timed out"),
    ):
        fetcher.fetch(server.url_for("/slow"))
    assert len(fake.sleeps) == 1  # the back-off between the two attempts, not a real sleep


def test_a_timeout_then_an_answer(server: LoopbackServer, fake: FakeTime) -> None:
    server.script("/slow", Scripted(200, b"late", delay=0.6), Scripted(200, b"in time"))
    with make(fake, timeout=0.15) as fetcher:
        assert fetcher.fetch(server.url_for("/slow")).body == b"in time"


def test_a_body_cut_short_is_retried_then_reported(server: LoopbackServer, fake: FakeTime) -> None:
    cut = Scripted(200, b"<collection>" + b"x" * 5000, truncate_to=100)
    server.script("/cut.xml", cut, cut)
    with make(fake, max_attempts=2) as fetcher, pytest.raises(SourceError, match="connection"):
        fetcher.fetch(server.url_for("/cut.xml"))


def test_an_oversized_answer_is_refused(server: LoopbackServer, fake: FakeTime) -> None:
    with make(fake, max_bytes=1000) as fetcher, pytest.raises(SourceError, match="larger"):
        fetcher.fetch(server.url_for(PAGE))


def test_robots_disallow_is_respected(server: LoopbackServer, fake: FakeTime) -> None:
    server.route("/robots.txt", "User-agent: *\nDisallow: /dhl/\n")
    with make(fake) as fetcher:
        with pytest.raises(SourceError, match=r"robots\.txt"):
            fetcher.fetch(server.url_for(PAGE))
        assert fetcher.fetch(server.url_for("/press/sc12545.htm")).status == 200
    assert server.requests_for(PAGE) == []


def test_robots_rules_for_this_bot_by_name(server: LoopbackServer, fake: FakeTime) -> None:
    server.route("/robots.txt", "User-agent: actbot-test\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    with make(fake) as fetcher, pytest.raises(SourceError, match="does not allow"):
        fetcher.fetch(server.url_for(PAGE))


def test_robots_unreachable_means_stay_away(server: LoopbackServer, fake: FakeTime) -> None:
    server.script("/robots.txt", *[Scripted(503)] * 4)
    with make(fake) as fetcher, pytest.raises(SourceError, match=r"robots\.txt .* could not"):
        fetcher.fetch(server.url_for(PAGE))
    assert server.requests_for(PAGE) == []


def test_one_request_at_a_time_per_host(server: LoopbackServer, fake: FakeTime) -> None:
    for name in ("a", "b", "c", "d"):
        server.script(f"/{name}", Scripted(200, name.encode(), delay=0.05))
    with make(fake) as fetcher:
        fetcher.fetch(server.url_for("/press/README.md"))  # robots.txt read before the race
        threads = [
            threading.Thread(target=fetcher.fetch, args=(server.url_for(f"/{name}"),))
            for name in ("a", "b", "c", "d")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(server.requests) == 6
    assert server.max_in_flight == 1


def test_the_guard_stops_requests_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []
    block_non_loopback(monkeypatch, attempts)
    with pytest.raises(NetworkBlocked):
        httpx.get("http://example.org/", timeout=1)
    assert attempts == ["resolve 'example.org'"]
