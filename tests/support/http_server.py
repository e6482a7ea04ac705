"""A real HTTP server on loopback for source tests: saved pages, scripted faults, a request log.

Tests of the live sources talk HTTP to this server instead of mocking httpx, so the fetcher's
real behaviour (headers, 304s, timeouts, truncated bodies) is what gets tested. The server:

- serves files under a root folder (tests/fixtures) with an ETag and Last-Modified, and answers
  a matching If-None-Match / If-Modified-Since with 304;
- plays scripted responses per path, in order (status, headers such as Retry-After, a delay
  before answering, a body cut short), then falls back to the files;
- records every request (method, path, query, headers) and the most requests it ever had in
  flight at once per client (to check "one request at a time per host").

`block_non_loopback` is the guard that fails any connection to a non-loopback address, also at
name resolution, and remembers every attempt so a test that swallowed the error still fails.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILE_MTIME = 1_700_000_000  # fixed Last-Modified for served files: tests stay reproducible


@dataclass(frozen=True)
class Scripted:
    """One scripted answer. `truncate_to` sends that many bytes of a longer declared body."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    truncate_to: int | None = None
    drip: float = 0.0  # seconds between bytes of the body: a server that keeps a read alive


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class LoopbackServer:
    """ThreadingHTTPServer on 127.0.0.1 with an ephemeral port, run in a daemon thread."""

    def __init__(self, root: Path = FIXTURES) -> None:
        self.root = root
        self.requests: list[RecordedRequest] = []
        self.bytes_sent = 0
        self.max_in_flight = 0
        self._in_flight = 0
        self._scripts: dict[str, deque[Scripted]] = {}
        self._routes: dict[str, Path | bytes] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url_for(self, path: str) -> str:
        return self.url + (path if path.startswith("/") else "/" + path)

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- arranging ------------------------------------------------------------------------------

    def script(self, path: str, *responses: Scripted) -> None:
        """Answer the next requests for `path` (path only, or path?query) with `responses`."""
        with self._lock:
            self._scripts.setdefault(path, deque()).extend(responses)

    def route(self, path: str, content: Path | bytes | str) -> None:
        """Serve `content` (a file or bytes) at `path`, with validators, until changed again."""
        with self._lock:
            self._routes[path] = content.encode() if isinstance(content, str) else content

    def requests_for(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()
            self.bytes_sent = 0
            self.max_in_flight = 0

    # -- answering (called from the server threads) ---------------------------------------------

    def _next_script(self, path: str, query: str) -> Scripted | None:
        with self._lock:
            for key in (f"{path}?{query}", path):
                queue = self._scripts.get(key)
                if queue:
                    return queue.popleft()
        return None

    def _content(self, path: str) -> bytes | None:
        with self._lock:
            routed = self._routes.get(path)
        if isinstance(routed, bytes):
            return routed
        target = routed if isinstance(routed, Path) else self.root / path.lstrip("/")
        try:
            resolved = target.resolve()
            if routed is None and self.root.resolve() not in resolved.parents:
                return None
            return resolved.read_bytes() if resolved.is_file() else None
        except OSError:
            return None


def _handler_for(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms ACK stalls

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            with server._lock:
                server.requests.append(
                    RecordedRequest("GET", parts.path, parts.query, dict(self.headers.items()))
                )
                server._in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server._in_flight)
            self._landed = False
            try:
                scripted = server._next_script(parts.path, parts.query)
                if scripted is not None:
                    self._play(scripted)
                else:
                    self._serve_file(parts.path)
            finally:
                self._land()

        def send_response(self, code: int, message: str | None = None) -> None:
            self._land()  # answered: from here the client may send its next request
            super().send_response(code, message)

        def _land(self) -> None:
            if not self._landed:
                self._landed = True
                with server._lock:
                    server._in_flight -= 1

        def _play(self, scripted: Scripted) -> None:
            if scripted.delay:
                time.sleep(scripted.delay)  # the server's delay, to make the client time out
            self.send_response(scripted.status)
            for key, value in scripted.headers.items():
                self.send_header(key, value)
            if scripted.status == 304:
                self.end_headers()
                return
            self.send_header("Content-Length", str(len(scripted.body)))
            if scripted.truncate_to is not None:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            body = (
                scripted.body
                if scripted.truncate_to is None
                else scripted.body[: scripted.truncate_to]
            )
            if scripted.drip:
                for index in range(len(body)):
                    self._write(body[index : index + 1])
                    time.sleep(scripted.drip)
                return
            self._write(body)

        def _serve_file(self, path: str) -> None:
            content = server._content(path)
            if content is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha256(content).hexdigest()[:16] + '"'
            modified = formatdate(FILE_MTIME, usegmt=True)
            if self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-None-Match") is None
                and self.headers.get("If-Modified-Since") == modified
            ):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", _content_type(path))
            self.send_header("Content-Length", str(len(content)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            self._write(content)

        def _write(self, body: bytes) -> None:
            with server._lock:  # counted before sending: the client may read it and go on
                server.bytes_sent += len(body)
            try:
                self.wfile.write(body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up (a timeout test): nothing to do

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def _content_type(path: str) -> str:
    if path.endswith((".xml", ".rss")) or "/rss" in path or "of=xm" in path:
        return "application/xml; charset=utf-8"
    if path.endswith(".csv"):
        return "text/csv; charset=utf-8"
    if path.endswith(".txt"):
        return "text/plain; charset=utf-8"
    return "text/html; charset=utf-8"


# ------------------------------------------------------------------------------------------------
# The guard
# ------------------------------------------------------------------------------------------------

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "", "0.0.0.0"})  # noqa: S104


def _is_loopback(host: object) -> bool:
    if host is None:
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    return text in _LOOPBACK_NAMES or text.startswith("127.")


class NetworkBlocked(AssertionError):
    """A test tried to leave loopback (an AssertionError, so no adapter mistakes it for a
    transient network error and retries)."""


def block_non_loopback(monkeypatch: pytest.MonkeyPatch, attempts: list[str]) -> None:
    """Refuse name lookups and connections beyond loopback; note each attempt in `attempts`."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            attempts.append(f"resolve {host!r}")
            raise NetworkBlocked(f"test tried to resolve {host!r}: tests never leave loopback")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            attempts.append(f"connect {address!r}")
            raise NetworkBlocked(f"test tried to reach {address!r}: tests never leave loopback")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Autouse-able: fails the test at teardown if it tried to leave loopback, even if the code
    under test caught the error."""
    attempts: list[str] = []
    block_non_loopback(monkeypatch, attempts)
    yield attempts
    if attempts:
        pytest.fail("tried to leave loopback: " + "; ".join(attempts))


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    with LoopbackServer(FIXTURES) as server:
        yield server


class FakeTime:
    """A clock and a sleep that only pretend: `sleep` records the wait and moves the clock."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
