"""A fake Mastodon server on 127.0.0.1: real HTTP, bearer tokens, scopes and Mastodon's answers.

It does what the bot uses, the way the Mastodon API documentation describes it:

- every API call but /api/v2/instance needs `Authorization: Bearer <token>` (else 401
  `{"error": "The access token is invalid"}`), and the token's scopes (`write` covers
  `write:media`, ...) must allow the endpoint (else 403 "outside the authorized scopes");
- POST /api/v2/media (multipart `file` + `description` up to 1,500 characters, sniffed images)
  answers 202 with `url: null` while it "processes"; GET /api/v1/media/:id answers 206 for the
  first `processing_polls` polls, then 200 with a `url`;
- POST /api/v1/statuses: `status`, `media_ids[]`, `visibility`, `language`; the instance's
  `max_characters` counted in graphemes with every URL as `characters_reserved_per_url` (422
  when over); media still processing is 422; a repeated Idempotency-Key within an hour returns
  the status made for it, not a new one;
- rate limits per token (300 calls per 5 minutes, 30 uploads per 30 minutes by default) with
  X-RateLimit-Limit/Remaining/Reset (ISO 8601) on each answer and 429 when exhausted;
- GET /api/v2/instance, /api/v1/accounts/verify_credentials, /api/v1/apps/verify_credentials
  (the app's `scopes`, as Mastodon 4.3+), /api/v1/accounts/:id/statuses (newest first, HTML
  content as Mastodon renders it);
- scripted faults for the next N requests, as the fake X has them.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.mastodon_model import Attachment, Bucket, Status, iso, mastodon_length, render
from tests.fakes.x_api import Fault, parse_multipart, sniff_image

FAULT_KINDS = ("503", "500", "429", "401", "timeout", "503-after", "timeout-after", "html")
IDEMPOTENCY_WINDOW = 3600
Answer = tuple[int, Any, dict[str, str]]


class FakeMastodon:
    ACCOUNT_ID = "109000000000000001"
    USERNAME = "actscorecard"
    HOST = "mastodon.example"

    def __init__(
        self,
        *,
        scopes: Sequence[str] = ("read", "write:media", "write:statuses"),
        app_reports_scopes: bool = True,
        max_characters: int = 500,
        url_length: int = 23,
        description_limit: int = 1500,
        processing_polls: int = 2,
        rate_limit: int = 300,
        media_limit: int = 30,
        clock: Callable[[], float] = time.time,
        hang_seconds: float = 2.0,
    ) -> None:
        self.token = "mstdn-" + secrets.token_urlsafe(32)  # fresh per fake: leak tests look for it
        self.scopes = tuple(scopes)
        self.app_reports_scopes = app_reports_scopes  # False: like Mastodon before 4.3
        self.max_characters = max_characters
        self.url_length = url_length
        self.description_limit = description_limit
        self.processing_polls = processing_polls
        self.clock = clock
        self.hang_seconds = hang_seconds
        self.buckets = {"api": Bucket(rate_limit, 300.0), "media": Bucket(media_limit, 1800.0)}
        self.statuses: list[Status] = []
        self.media: dict[str, Attachment] = {}
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str, int]] = []  # method, path, status
        self._keys: dict[str, tuple[str, float]] = {}
        self._next_id = 110_000_000_000_000_000
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # --- lifecycle and scripting ----------------------------------------------------------------

    def __enter__(self) -> FakeMastodon:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Handler,), {"fake": self}))
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None, "enter the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def fail_next(self, count: int, kind: str, path: str | None = None) -> None:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULT_KINDS}")
        with self._lock:
            self.faults.append(Fault(kind, count, path))

    def statuses_with_text(self, text: str) -> list[Status]:
        return [status for status in self.statuses if status.text == text]

    # --- used by the handler --------------------------------------------------------------------

    def new_id(self) -> str:
        with self._lock:
            self._next_id += 1 + secrets.randbelow(1000)
            return str(self._next_id)

    def take_fault(self, path: str) -> str | None:
        with self._lock:
            for fault in self.faults:
                if fault.remaining > 0 and (fault.path is None or path.startswith(fault.path)):
                    fault.remaining -= 1
                    self.faults = [f for f in self.faults if f.remaining > 0]
                    return fault.kind
        return None

    def allows(self, needed: Sequence[str]) -> bool:
        return not needed or any(s in self.scopes or s.split(":")[0] in self.scopes for s in needed)

    def rate(self, bucket_names: Sequence[str]) -> tuple[bool, dict[str, str]]:
        """Count one call in each bucket; (exhausted, headers of the one nearest its limit)."""
        now = self.clock()
        with self._lock:
            exhausted, closest = False, None
            for name in bucket_names:
                bucket = self.buckets[name]
                start = now // bucket.window * bucket.window
                bucket.calls = [t for t in bucket.calls if t >= start]
                if len(bucket.calls) >= bucket.limit:
                    exhausted = True
                else:
                    bucket.calls.append(now)
                remaining = max(0, bucket.limit - len(bucket.calls))
                if closest is None or remaining < closest[1]:
                    closest = (bucket, remaining, start + bucket.window)
            assert closest is not None
            headers = {
                "X-RateLimit-Limit": str(closest[0].limit),
                "X-RateLimit-Remaining": str(0 if exhausted else closest[1]),
                "X-RateLimit-Reset": iso(closest[2]),
            }
            return exhausted, headers

    def status_json(self, status: Status) -> dict[str, Any]:
        return {
            "id": status.id,
            "created_at": iso(status.created_at),
            "uri": f"https://{self.HOST}/users/{self.USERNAME}/statuses/{status.id}",
            "url": f"https://{self.HOST}/@{self.USERNAME}/{status.id}",
            "content": render(status.text, self.HOST),
            "visibility": status.visibility,
            "language": status.language,
            "sensitive": False,
            "spoiler_text": "",
            "reblog": None,
            "account": self.account_json(),
            "media_attachments": [self.media_json(self.media[m]) for m in status.media_ids],
        }

    def account_json(self) -> dict[str, Any]:
        return {"id": self.ACCOUNT_ID, "username": self.USERNAME, "acct": self.USERNAME}

    def media_json(self, media: Attachment) -> dict[str, Any]:
        ready = media.polls_left == 0
        base = f"https://files.{self.HOST}/media_attachments/{media.id}"
        return {
            "id": media.id,
            "type": "image",
            "url": f"{base}/original/card.png" if ready else None,
            "preview_url": f"{base}/small/card.png",
            "description": media.description,
        }

    def instance_json(self) -> dict[str, Any]:
        return {
            "domain": self.HOST,
            "title": "Fake Mastodon",
            "version": "4.3.0",
            "configuration": {
                "statuses": {
                    "max_characters": self.max_characters,
                    "max_media_attachments": 4,
                    "characters_reserved_per_url": self.url_length,
                },
                "media_attachments": {"description_limit": self.description_limit},
            },
        }


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Answer:
    return status, {"error": message}, headers or {}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeMastodon
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
        with self.fake._lock:
            self.fake.requests.append((self.command, urlsplit(self.path).path.rstrip("/"), status))

    def _handle(self, method: str) -> None:
        fake = self.fake
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        split = urlsplit(self.path)
        path = split.path.rstrip("/")
        fault = fake.take_fault(path)
        if fault is not None and not fault.endswith("-after"):
            self._fault(fault)
            return
        status, answer, headers = self._authorised(method, path, split.query, body)
        if fault is not None:  # it took effect; the answer is lost
            self._fault(fault.removesuffix("-after"))
            return
        self._send(status, answer, headers)

    def _fault(self, kind: str) -> None:
        if kind == "timeout":
            self.fake._stopping.wait(self.fake.hang_seconds)
            self.close_connection = True
        elif kind == "html":
            page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
        elif kind == "429":
            reset = iso(self.fake.clock() // 300 * 300 + 300)
            self._send(*_error(429, "Too many requests", {"X-RateLimit-Limit": "300",
                       "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}))  # fmt: skip
        elif kind == "401":
            self._send(*_error(401, "The access token is invalid"))
        else:
            self._send(*_error(int(kind), "Internal Server Error" if kind == "500" else "Oops"))

    def _authorised(self, method: str, path: str, query: str, body: bytes) -> Answer:
        fake = self.fake
        if method == "GET" and path == "/api/v2/instance":
            return 200, fake.instance_json(), {}
        route, needed, buckets = self._route(method, path)
        if route is None:
            return _error(404, "Record not found")
        if self.headers.get("Authorization") != f"Bearer {fake.token}":
            return _error(401, "The access token is invalid")
        exhausted, headers = fake.rate(buckets)
        if exhausted:
            return _error(429, "Too many requests", headers)
        if not fake.allows(needed):
            return _error(403, "This action is outside the authorized scopes", headers)
        status, answer, extra = route(path, parse_qs(query), body)
        return status, answer, {**headers, **extra}

    def _route(
        self, method: str, path: str
    ) -> tuple[Callable[[str, dict[str, list[str]], bytes], Answer] | None, list[str], list[str]]:
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/api/v1/accounts/verify_credentials":
            return self._me, ["read:accounts", "profile"], ["api"]
        if method == "GET" and path == "/api/v1/apps/verify_credentials":
            return self._app, [], ["api"]
        if method == "POST" and path == "/api/v2/media":
            return self._upload, ["write:media"], ["api", "media"]
        if method == "GET" and len(parts) == 4 and parts[:3] == ["api", "v1", "media"]:
            return self._media, ["write:media"], ["api"]
        if method == "POST" and path == "/api/v1/statuses":
            return self._post_status, ["write:statuses"], ["api"]
        if (
            method == "GET"
            and len(parts) == 5
            and parts[:3] == ["api", "v1", "accounts"]
            and (parts[4] == "statuses")
        ):
            return self._account_statuses, ["read:statuses"], ["api"]
        return None, [], []

    def _me(self, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        return 200, {**self.fake.account_json(), "display_name": "ACT Scorecard"}, {}

    def _app(self, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        app: dict[str, Any] = {"id": "563419", "name": "ACT Scorecard Bot", "website": None}
        if self.fake.app_reports_scopes:
            app["scopes"] = list(self.fake.scopes)
        return 200, app, {}

    def _upload(self, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        fake = self.fake
        try:
            fields = parse_multipart(self.headers.get("Content-Type", ""), body)
        except ValueError:
            return _error(422, "Validation failed: File can't be blank")
        data = fields.get("file", b"")
        sniffed = sniff_image(data)
        if not data or sniffed is None:
            return _error(422, "Validation failed: File content type is invalid, File is invalid")
        description = fields["description"].decode() if "description" in fields else None
        if description is not None and len(description) > fake.description_limit:
            return _error(
                422,
                "Validation failed: Description is too long (maximum is "
                f"{fake.description_limit} characters)",
            )
        media = Attachment(fake.new_id(), data, sniffed[0], description, fake.processing_polls)
        with fake._lock:
            fake.media[media.id] = media
        return (202 if media.polls_left else 200), fake.media_json(media), {}

    def _media(self, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        fake = self.fake
        with fake._lock:
            media = fake.media.get(path.rsplit("/", 1)[-1])
            if media is None:
                return _error(404, "Record not found")
            if media.polls_left > 0:
                media.polls_left -= 1
                answer = fake.media_json(media)
                answer["url"] = None
                return 206, answer, {}
            return 200, fake.media_json(media), {}

    def _post_status(self, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        fake = self.fake
        form = parse_qs(body.decode(), keep_blank_values=True)
        text = (form.get("status") or [""])[0]
        media_ids = form.get("media_ids[]", [])
        visibility = (form.get("visibility") or ["public"])[0]
        key = self.headers.get("Idempotency-Key")
        now = fake.clock()
        with fake._lock:
            if key and key in fake._keys and now - fake._keys[key][1] < IDEMPOTENCY_WINDOW:
                earlier = next(s for s in fake.statuses if s.id == fake._keys[key][0])
                return 200, fake.status_json(earlier), {}
            if not text.strip() and not media_ids:
                return _error(422, "Validation failed: Text can't be blank")
            if visibility not in ("public", "unlisted", "private", "direct"):
                return _error(422, "Validation failed: Visibility is not included in the list")
            if mastodon_length(text, fake.url_length) > fake.max_characters:
                limit = fake.max_characters
                return _error(422, f"Validation failed: Text character limit of {limit} exceeded")
            for media_id in media_ids:
                media = fake.media.get(media_id)
                if media is None or media.status_id is not None:
                    return _error(422, "Validation failed: Media attachments are invalid")
                if media.polls_left > 0:
                    return _error(
                        422,
                        "Cannot attach files that have not finished processing. "
                        "Try again in a moment!",
                    )
            language = (form.get("language") or [None])[0]
            status = Status(fake.new_id(), text, visibility, language, media_ids, now, key)
            for media_id in media_ids:
                fake.media[media_id].status_id = status.id
            fake.statuses.append(status)
            if key:
                fake._keys[key] = (status.id, now)
        return 200, fake.status_json(status), {}

    def _account_statuses(self, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        fake = self.fake
        if path.split("/")[4] != FakeMastodon.ACCOUNT_ID:
            return _error(404, "Record not found")
        limit = min(40, int((query.get("limit") or ["20"])[0]))
        with fake._lock:
            newest = sorted(fake.statuses, key=lambda s: int(s.id), reverse=True)[:limit]
            return 200, [fake.status_json(status) for status in newest], {}
