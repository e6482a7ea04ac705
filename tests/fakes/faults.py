"""An httpx transport that forwards to the real server and injects scripted faults on the way.

Used in front of the real loopback PDS: everything reaches the real server except what a test
arranged — a 429 with Bluesky's ratelimit-* headers, a 5xx, a 401, a timeout, or an answer lost
after the server did the work.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

KINDS = (
    "429",
    "500",
    "502",
    "503",
    "401",
    "400",
    "timeout",
    "connect",
    "500-after",
    "timeout-after",
)


@dataclass
class _Fault:
    kind: str
    remaining: int
    method: str | None  # XRPC method name, e.g. "com.atproto.repo.createRecord"


class FaultTransport(httpx.BaseTransport):
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._inner = httpx.HTTPTransport()
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._clock = clock
        self.calls: list[str] = []  # XRPC method names, in order

    def fail_next(self, count: int, kind: str, method: str | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {KINDS}")
        with self._lock:
            self._faults.append(_Fault(kind, count, method))

    def _take(self, method: str) -> str | None:
        with self._lock:
            for fault in self._faults:
                if fault.remaining > 0 and fault.method in (None, method):
                    fault.remaining -= 1
                    return fault.kind
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[-1]
        self.calls.append(method)
        kind = self._take(method)
        if kind is None:
            return self._inner.handle_request(request)
        if kind.endswith("-after"):
            response = self._inner.handle_request(request)
            response.read()
            response.close()
            kind = kind.removesuffix("-after")
        return self._fault(kind, request)

    def _fault(self, kind: str, request: httpx.Request) -> httpx.Response:
        if kind == "timeout":
            raise httpx.ReadTimeout("timed out (injected)", request=request)
        if kind == "connect":
            raise httpx.ConnectError("connection refused (injected)", request=request)
        status = int(kind)
        names = {
            429: ("RateLimitExceeded", "Rate Limit Exceeded"),
            500: ("InternalServerError", "Internal Server Error"),
            502: ("UpstreamFailure", "Bad Gateway"),
            503: ("NotEnoughResources", "Service Unavailable"),
            401: ("AuthenticationRequired", "Invalid identifier or password"),
            400: ("InvalidRequest", "Input/text must not be longer than 300 graphemes"),
        }
        error, message = names[status]
        headers = {"content-type": "application/json; charset=utf-8"}
        if status == 429:
            now = int(self._clock())
            headers.update(
                {
                    "ratelimit-limit": "30",
                    "ratelimit-remaining": "0",
                    "ratelimit-reset": str(now + 300),
                    "ratelimit-policy": "30;w=300",
                }
            )
        body = json.dumps({"error": error, "message": message}).encode()
        return httpx.Response(status, headers=headers, content=body, request=request)

    def close(self) -> None:
        self._inner.close()
