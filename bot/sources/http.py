"""A polite HTTP fetcher for the live UN sources, and the result type those sources share.

The UN's sites are public services run for people, not for bots: the bot says who it is (a
User-Agent with a contact address), asks only for what changed (ETag / Last-Modified), never has
two requests open to one host, follows robots.txt, and backs off on 429 and 5xx. Every wait goes
through an injected `sleep`, every jitter through an injected `random.Random`, and every request
through an injectable httpx transport, so tests run against loopback servers without waiting.
Failures surface as `SourceError` with a sentence an operator can act on.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import urllib.robotparser
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from bot.config_types import has_contact
from bot.sources.base import SourceError
from bot.sources.validators import Validators

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Statuses that mean "not now": the request may succeed later (RFC 9110, RFC 6585)."""

log = logging.getLogger(__name__)
MAX_REDIRECTS = 5
ROBOTS_TTL_SECONDS = 24 * 3600
"""How long a host's robots.txt is trusted before it is fetched again (RFC 9309 suggests 24 h)."""


@dataclass(frozen=True)
class FetchResult:
    """One fetched URL: its body, or `unchanged` when the server answered 304 Not Modified."""

    url: str
    status: int
    body: bytes
    unchanged: bool
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    def text(self) -> str:
        """The body as text: declared charset first, else UTF-8; bad bytes never raise."""
        charset = "utf-8"
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class FetchStats:
    """Counters for the benchmark and logs: what one fetcher has cost the servers so far."""

    requests: int = 0
    bytes_received: int = 0
    not_modified: int = 0
    retries: int = 0
    waited_seconds: float = 0.0
    hosts_paused: int = 0


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser
    fetched_at: float


class Fetcher:
    """Fetches URLs one at a time per host, politely, with back-off and conditional requests.

    `validators` maps URL -> Validators; pass a StoredValidators to keep them across restarts
    (with an in-memory dict, the first poll after a restart simply downloads again).
    """

    def __init__(
        self,
        user_agent: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        max_attempts: int = 4,
        backoff_base: float = 2.0,
        backoff_cap: float = 120.0,
        max_retry_after: float = 600.0,
        max_bytes: int = 20_000_000,
        respect_robots: bool = True,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        validators: MutableMapping[str, Validators] | None = None,
        deadline: float | None = None,
        host_pause: float = 120.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not has_contact(user_agent):
            raise ValueError(
                "the User-Agent must carry a contact (an e-mail address or a URL), "
                f"so the UN's web teams can reach the operator; got {user_agent!r}"
            )
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.user_agent = user_agent
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent},
            follow_redirects=False,  # followed by hand, each hop checked against robots.txt
        )
        self._deadline = deadline if deadline is not None else 2 * timeout
        self._host_pause = host_pause
        self._monotonic = monotonic
        self._paused: dict[str, tuple[float, str]] = {}  # host -> (until, why)
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._max_retry_after = max_retry_after
        self._max_bytes = max_bytes
        self._respect_robots = respect_robots
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self.validators: MutableMapping[str, Validators] = {} if validators is None else validators
        self._robots: dict[str, _Robots] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._stats = FetchStats()

    # -- public -------------------------------------------------------------------------------

    @property
    def stats(self) -> FetchStats:
        return self._stats

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, *, conditional: bool = True) -> FetchResult:
        """GET `url`; `unchanged=True` (empty body) when a conditional request got 304.

        Raises SourceError for anything that is not a usable answer: robots.txt forbids the
        URL, 4xx, 5xx or timeouts after the retries, a body larger than `max_bytes`.
        """
        try:
            parts = urlsplit(url)
            httpx.URL(url)
        except (ValueError, httpx.InvalidURL):
            raise SourceError(f"not a valid URL: {url!r}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceError(f"not an http(s) URL: {url!r}")
        with self._lock_for(parts.netloc):
            self._check_paused(parts.netloc)
            if self._respect_robots and not self._allowed(url):
                raise SourceError(f"robots.txt of {parts.netloc} does not allow fetching {url}")
            headers = self._conditional_headers(url) if conditional else {}
            try:
                result = self._get(url, headers)
            except SourceError as error:
                if error.pauses_host:
                    self._pause(parts.netloc, str(error))
                raise
            if result.status == 304:
                if not headers:
                    raise SourceError(f"{url} answered 304 to an unconditional request")
                return result
            self._remember(url, result)
            return result

    def forget(self, url: str) -> None:
        """Drop a URL's validators, so the next fetch downloads it again.

        A source calls this when it could not use a body (a parse failed): otherwise the next
        poll would get 304 and never look at the page again.
        """
        self.validators.pop(url, None)

    # -- conditional requests -----------------------------------------------------------------

    def _conditional_headers(self, url: str) -> dict[str, str]:
        known = self.validators.get(url)
        headers: dict[str, str] = {}
        if known is not None:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        return headers

    def _remember(self, url: str, result: FetchResult) -> None:
        if result.etag or result.last_modified:
            self.validators[url] = Validators(result.etag, result.last_modified)
        else:
            self.validators.pop(url, None)

    # -- robots.txt ---------------------------------------------------------------------------

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or self._clock() - cached.fetched_at > ROBOTS_TTL_SECONDS:
            try:
                parser = self._read_robots(origin)
            except SourceError as error:
                # RFC 9309: unreachable rules mean stay away; and not ask again for every
                # URL of the host (a 503 robots.txt answered each request): pause the host
                self._pause(parts.netloc, str(error))
                raise
            cached = _Robots(parser, self._clock())
            self._robots[origin] = cached
        return cached.parser.can_fetch(self.user_agent, url)

    # -- pausing a failing host -----------------------------------------------------------------

    def _pause(self, host: str, why: str) -> None:
        self._paused[host.lower()] = (self._monotonic() + self._host_pause, why)
        self._stats = _add(self._stats, hosts_paused=1)

    def _check_paused(self, host: str) -> None:
        """A host that just failed after every retry is not asked again for a while (the
        rest of the cycle): each of its releases would otherwise be retried in turn."""
        paused = self._paused.get(host.lower())
        if paused is None:
            return
        until, why = paused
        if self._monotonic() >= until:
            del self._paused[host.lower()]
            return
        raise SourceError(f"{host} is paused for {until - self._monotonic():.0f} s after: {why}")

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        """RFC 9309: 4xx means no rules (allow all); 5xx or no answer means stay away."""
        parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        try:
            result = self._get(f"{origin}/robots.txt", {}, accept_client_errors=True)
        except SourceError as error:
            raise SourceError(f"robots.txt of {origin} could not be read ({error})") from None
        if 400 <= result.status < 500:
            parser.parse([])
        else:
            parser.parse(result.text().splitlines())
        return parser

    # -- the request loop ---------------------------------------------------------------------

    def _get(
        self, url: str, headers: dict[str, str], *, accept_client_errors: bool = False
    ) -> FetchResult:
        last_problem = ""
        for attempt in range(self._max_attempts):
            wait: float | None
            try:
                result, wait, last_problem = self._attempt(url, headers, accept_client_errors)
            except httpx.TimeoutException:
                result, wait = None, None
                last_problem = "timed out"
            except httpx.TransportError as error:
                result, wait = None, None
                last_problem = f"connection failed ({type(error).__name__}: {error})"
            if result is not None:
                return result
            if attempt + 1 == self._max_attempts:
                break
            delay = self._backoff(attempt)
            if wait is not None:
                if wait > self._max_retry_after:
                    raise SourceError(
                        f"{url}: {last_problem}; the server asks to wait {wait:.0f} s, "
                        "longer than this poll may take; will try at the next poll"
                    )
                delay = max(delay, wait)
            self._stats = _add(self._stats, retries=1, waited_seconds=delay)
            self._sleep(delay)
        raise SourceError(
            f"{url}: {last_problem} (after {self._max_attempts} attempts)", pauses_host=True
        )

    def _attempt(
        self, url: str, headers: dict[str, str], accept_client_errors: bool
    ) -> tuple[FetchResult | None, float | None, str]:
        """One request (its redirects followed, each hop allowed by robots.txt): a result,
        or None with the server's Retry-After (if any) and the reason."""
        seen = [url]
        while True:
            with self._client.stream("GET", seen[-1], headers=headers) as response:
                self._stats = _add(self._stats, requests=1)
                target = self._redirect_target(response, seen)
                if target is None:
                    return self._answer(seen[-1], response, accept_client_errors)
            seen.append(target)

    def _redirect_target(self, response: httpx.Response, seen: list[str]) -> str | None:
        if response.status_code not in (301, 302, 303, 307, 308):
            return None
        location = response.headers.get("location")
        if not location:
            return None
        target = str(response.url.join(location))
        if target in seen or len(seen) > MAX_REDIRECTS:
            chain = " -> ".join([*seen, target])
            raise SourceError(f"{seen[0]}: redirect loop or too many redirects ({chain})")
        if self._respect_robots and not self._allowed(target):
            raise SourceError(
                f"{seen[0]} redirects to {target}, which robots.txt does not allow fetching"
            )
        return target

    def _answer(
        self, url: str, response: httpx.Response, accept_client_errors: bool
    ) -> tuple[FetchResult | None, float | None, str]:
        status = response.status_code
        if status in RETRYABLE_STATUSES:
            return None, self._retry_after(response), f"HTTP {status}"
        if status == 304:
            self._stats = _add(self._stats, not_modified=1)
            return FetchResult(url, 304, b"", True), None, ""
        if status != 200 and not (accept_client_errors and 400 <= status < 500):
            raise SourceError(f"{url}: HTTP {status} {response.reason_phrase}".rstrip())
        body = self._read_body(url, response)
        log.debug("fetched %s: HTTP %s, %d bytes", url, status, len(body), extra={"url": url})
        result = FetchResult(
            url,
            status,
            body,
            unchanged=False,
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
        return result, None, ""

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        """The body, within the size cap and the overall deadline: a server dripping a byte
        at a time keeps every read inside its timeout, but not the whole answer."""
        chunks: list[bytes] = []
        size = 0
        ends = self._monotonic() + self._deadline
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                raise SourceError(f"{url}: the answer is larger than {self._max_bytes} bytes")
            if self._monotonic() > ends:
                raise SourceError(
                    f"{url}: no complete answer within {self._deadline:.0f} s (the server sends "
                    "too slowly)",
                    pauses_host=True,
                )
            chunks.append(chunk)
        self._stats = _add(self._stats, bytes_received=size)
        return b"".join(chunks)

    def _retry_after(self, response: httpx.Response) -> float | None:
        """Retry-After as seconds from now: either delay-seconds or an HTTP-date (RFC 9110)."""
        value = response.headers.get("retry-after")
        if not value:
            return None
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return max(0.0, when.timestamp() - self._clock())

    def _backoff(self, attempt: int) -> float:
        """Exponential back-off with "equal jitter": half fixed, half random, capped."""
        ceiling = min(self._backoff_cap, self._backoff_base * 2.0**attempt)
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def _lock_for(self, host: str) -> threading.Lock:
        with self._locks_guard:
            return self._host_locks.setdefault(host.lower(), threading.Lock())


def _add(stats: FetchStats, **deltas: float) -> FetchStats:
    values = {name: getattr(stats, name) + delta for name, delta in deltas.items()}
    return FetchStats(**{**stats.__dict__, **values})
