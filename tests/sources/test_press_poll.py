"""PressReleaseSource against the loopback server: the feed, new releases, faults."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain.model import Vote
from bot.reference import ReferenceData, load_reference
from bot.sources.base import Rejection, SourceError
from bot.sources.http import Fetcher
from bot.sources.press import PressReleaseSource, import_release
from tests.support.http_server import (
    FakeTime,
    LoopbackServer,
    Scripted,
    no_network,  # noqa: F401 - a fixture, used by name below
)

pytestmark = pytest.mark.usefixtures("no_network")

REPO = Path(__file__).resolve().parents[2]
PRESS = Path(__file__).resolve().parents[1] / "fixtures" / "press"
WHEN = datetime(2026, 1, 2, tzinfo=UTC)
FEED = "/en/rss.xml"


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return load_reference(REPO / "data")


def feed(server: LoopbackServer, extra: str = "") -> str:
    text = (PRESS / "rss.xml.template").read_text(encoding="utf-8").replace("{base}", server.url)
    return text.replace("<channel>", "<channel>" + extra, 1)


def item(server: LoopbackServer, path: str, title: str) -> str:
    return f"<item><title>{title}</title><link>{server.url}{path}</link></item>"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        running.route(FEED, feed(running))
        running.route("/en/2024/sc15641.doc.htm", PRESS / "sc15641.htm")
        running.route("/en/2016/sc12545.doc.htm", PRESS / "sc12545.htm")
        running.route("/en/2020/sc14244.doc.htm", PRESS / "sc14244.htm")
        yield running


@pytest.fixture
def source(server: LoopbackServer, ref: ReferenceData) -> PressReleaseSource:
    fake = FakeTime()
    fetcher = Fetcher(
        "actbot-test/1.0 (+mailto:operator@example.org)",
        clock=fake.clock,
        sleep=fake.sleep,
        rng=random.Random(1),
        timeout=2,
    )
    return PressReleaseSource(
        fetcher, ref.membership, ref.names, feed_url=server.url_for(FEED), clock=lambda: WHEN
    )


def symbols(reports: tuple[object, ...]) -> list[str]:
    return sorted(str(report.vote.symbol) for report in reports)  # type: ignore[attr-defined]


def test_a_new_release_is_read_once(server: LoopbackServer, source: PressReleaseSource) -> None:
    first = source.poll()
    assert first.errors == ()
    assert symbols(first.reports) == ["S/2016/846", "S/2016/847", "S/RES/2728 (2024)"]
    assert all(
        r.source == "un-press" and r.vote.sources[0].retrieved_at == WHEN for r in first.reports
    )
    assert server.requests_for("/en/2024/ga12590.doc.htm") == []  # not a Council release
    server.reset_log()
    second = source.poll()
    assert second.reports == () and second.errors == ()
    assert [r.path for r in server.requests] == [FEED] and server.bytes_sent == 0


def test_only_the_new_release_is_fetched_when_the_feed_changes(
    server: LoopbackServer, source: PressReleaseSource
) -> None:
    source.poll()
    server.route(FEED, feed(server, item(server, "/en/2020/sc14244.doc.htm", "SC/14244")))
    server.reset_log()
    result = source.poll()
    assert symbols(result.reports) == ["S/2020/654"]
    assert [r.path for r in server.requests] == [FEED, "/en/2020/sc14244.doc.htm"]


def test_a_feed_that_is_down_is_an_error_not_an_exception(
    server: LoopbackServer, source: PressReleaseSource
) -> None:
    server.script(FEED, *[Scripted(503, headers={"Retry-After": "1"})] * 4)
    result = source.poll()
    assert result.reports == ()
    (error,) = result.errors
    assert "HTTP 503" in error


def test_a_garbage_feed_is_an_error_and_is_read_again(
    server: LoopbackServer, source: PressReleaseSource
) -> None:
    server.script(FEED, Scripted(200, b"<html><body>maintenance", {"ETag": '"x"'}))
    (error,) = source.poll().errors
    assert "not well-formed" in error
    assert len(source.poll().reports) == 3
    assert server.requests_for(FEED)[-1].header("If-None-Match") is None


def test_a_truncated_feed(server: LoopbackServer, source: PressReleaseSource) -> None:
    body = feed(server).encode()
    server.script(FEED, Scripted(200, body[: len(body) // 2]))  # honest length, half a feed
    (error,) = source.poll().errors
    assert "not well-formed" in error


def test_a_missing_release_does_not_hide_the_others(
    server: LoopbackServer, source: PressReleaseSource
) -> None:
    server.script("/en/2016/sc12545.doc.htm", Scripted(404))
    first = source.poll()
    assert symbols(first.reports) == ["S/RES/2728 (2024)"]
    (error,) = first.errors
    assert "sc12545.doc.htm" in error and "HTTP 404" in error
    second = source.poll()  # the feed is read again, and only the missing release is fetched
    assert symbols(second.reports) == ["S/2016/846", "S/2016/847"]
    assert len(server.requests_for("/en/2024/sc15641.doc.htm")) == 1


def test_a_member_not_seated_goes_to_review(
    server: LoopbackServer, source: PressReleaseSource
) -> None:
    page = (
        (PRESS / "sc14244.htm")
        .read_text(encoding="utf-8")
        .replace("(China, Russian Federation)", "(China, Japan)")
    )
    server.route("/en/2020/sc14244.doc.htm", page)
    server.route(FEED, feed(server, item(server, "/en/2020/sc14244.doc.htm", "SC/14244")))
    result = source.poll()
    assert "S/2020/654" not in symbols(result.reports)
    (rejection,) = result.rejections
    assert isinstance(rejection, Rejection)
    assert "not on the Council in 2020: JPN" in rejection.reason
    assert rejection.url == server.url_for("/en/2020/sc14244.doc.htm")
    assert str(rejection) not in result.errors  # held once, as a rejection


def test_parse_is_the_cli_entry_point(source: PressReleaseSource) -> None:
    (vote,) = source.parse((PRESS / "sc14244.htm").read_text(encoding="utf-8"), None)
    assert isinstance(vote, Vote) and vote.sources[0].retrieved_at == WHEN


def test_import_from_a_path_or_a_url(
    server: LoopbackServer, ref: ReferenceData, tmp_path: Path
) -> None:
    saved = import_release(str(PRESS / "sc13125.htm"), ref.membership, ref.names)
    assert [str(v.symbol) for v in saved if isinstance(v, Vote)] == ["S/2017/1060"]
    fetcher = Fetcher("actbot-test/1.0 (+mailto:operator@example.org)", timeout=2)
    url = server.url_for("/en/2016/sc12545.doc.htm")
    live = import_release(url, ref.membership, ref.names, fetcher=fetcher, retrieved_at=WHEN)
    assert {v.sources[0].url for v in live if isinstance(v, Vote)} == {url}
    with pytest.raises(SourceError, match="cannot read"):
        import_release(str(tmp_path / "none.htm"), ref.membership, ref.names)
