"""Hostile and failing servers cannot stall a poll: an overall deadline per answer, a failing
host paused for the rest of the cycle, a robots.txt that fails read once, redirects checked
hop by hop, a redirect loop named, and a malformed page read in linear time.

Against a real loopback HTTP server (tests/http_server.py) that misbehaves on demand.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

import pytest

from bot.reference import load_reference
from bot.sources.base import SourceError
from bot.sources.http import Fetcher
from bot.sources.press import parse_press_release
from bot.sources.press.text import page_text
from tests.conftest import DATA
from tests.support.http_server import FakeTime, LoopbackServer, Scripted

UA = "actbot-test/1.0 (+mailto:operator@example.org)"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def make(**options: object) -> Fetcher:
    fake = FakeTime()
    settings: dict[str, object] = {
        "clock": fake.clock,
        "sleep": fake.sleep,
        "rng": random.Random(7),
        "timeout": 1.0,
    }
    settings.update(options)
    return Fetcher(UA, **settings)  # type: ignore[arg-type]


def test_a_server_dripping_bytes_is_cut_at_the_deadline(server: LoopbackServer) -> None:
    server.script("/slow", Scripted(body=b"x" * 200, drip=0.05))
    with make(respect_robots=False, deadline=1.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(SourceError, match="no complete answer within 1 s"):
            fetcher.fetch(server.url_for("/slow"))
        assert time.monotonic() - started < 2.5  # not the 10 s the drip would take


def test_a_failing_host_is_paused_for_the_rest_of_the_cycle(server: LoopbackServer) -> None:
    for path in ("/a", "/b", "/c"):
        server.script(path, *[Scripted(status=503)] * 4)
    with make(respect_robots=False, max_attempts=4) as fetcher:
        with pytest.raises(SourceError, match="after 4 attempts"):
            fetcher.fetch(server.url_for("/a"))
        for path in ("/b", "/c"):
            with pytest.raises(SourceError, match="is paused for"):
                fetcher.fetch(server.url_for(path))
    assert len(server.requests_for("/a")) == 4
    assert not server.requests_for("/b") and not server.requests_for("/c")


def test_a_robots_txt_answering_503_is_read_once_not_per_request(server: LoopbackServer) -> None:
    server.script("/robots.txt", *[Scripted(status=503)] * 20)
    with make(max_attempts=2) as fetcher:
        for path in ("/x", "/y", "/z"):
            with pytest.raises(SourceError):
                fetcher.fetch(server.url_for(path))
    assert len(server.requests_for("/robots.txt")) == 2  # one fetch, its two attempts
    assert not server.requests_for("/x")


def test_a_redirect_into_a_disallowed_path_is_not_followed(server: LoopbackServer) -> None:
    server.route("/robots.txt", b"User-agent: *\nDisallow: /private/\n")
    server.script("/open", Scripted(status=302, headers={"Location": "/private/page"}))
    with make() as fetcher, pytest.raises(SourceError, match=r"robots\.txt does not allow"):
        fetcher.fetch(server.url_for("/open"))
    assert not server.requests_for("/private/page")


def test_a_redirect_loop_ends_in_one_line_naming_the_url(server: LoopbackServer) -> None:
    server.script("/one", *[Scripted(status=302, headers={"Location": "/two"})] * 5)
    server.script("/two", *[Scripted(status=302, headers={"Location": "/one"})] * 5)
    with make(respect_robots=False) as fetcher, pytest.raises(SourceError) as error:
        fetcher.fetch(server.url_for("/one"))
    message = str(error.value)
    assert "redirect loop" in message and "/one" in message and "\n" not in message


def test_a_followed_redirect_gives_the_page(server: LoopbackServer) -> None:
    server.script("/old", Scripted(status=301, headers={"Location": "/new"}))
    server.route("/new", b"<html><body><p>moved</p></body></html>")
    with make(respect_robots=False) as fetcher:
        assert fetcher.fetch(server.url_for("/old")).text().endswith("</html>")


@pytest.mark.parametrize(
    "hostile",
    [
        "<!--" * 60_000,
        "<p" * 60_000,
        "<a href='" * 40_000,
        "<div>" * 50_000 + "SC/12345 8 October 2016",
    ],
)
def test_malformed_markup_is_read_in_linear_time(hostile: str) -> None:
    started = time.process_time()
    page_text("<html><body>" + hostile)
    results = parse_press_release(
        "<html><body><main>" + hostile, REFERENCE.membership, REFERENCE.names
    )
    assert time.process_time() - started < 5, "quadratic parsing"
    assert all(result is not None for result in results)


REFERENCE = load_reference(DATA)
