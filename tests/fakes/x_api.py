"""A fake X API v2 on 127.0.0.1: real HTTP, real OAuth 1.0a checks, X's answers and error shapes.

No open-source server speaks X API v2, so this one does the parts the bot uses, as X does them:

- every request must carry an OAuth 1.0a HMAC-SHA1 signature, verified with oauthlib over the
  https URL the client signed (the Host header names it; the test adapter keeps it), with the
  right consumer key and token, a fresh timestamp (5 minutes either way) and an unused nonce;
  anything else is 401 with X's body;
- media: one-shot POST /2/media/upload (multipart `media` + `media_category`, no other field),
  chunked /2/media/upload/initialize, /{id}/append, /{id}/finalize, sniffed image types and the
  5 MB image limit; POST /2/media/metadata with alt text up to 1000 characters;
- POST /2/tweets: 280 weighted characters (twitter-text), 403 on duplicate content, a daily quota
  (17 by default, the legacy free tier) answered with 429 and the x-rate-limit / x-user-limit
  headers; texts are echoed as X does (&amp; escapes, URLs become t.co links);
- GET /2/users/me and GET /2/users/:id/tweets (newest first);
- scripted faults for the next N requests (optionally on one path): 503, 500, 429, 401,
  a timeout (the server holds the request until the client gives up), or a fault *after* the
  request took effect (the post exists, the answer is lost).
"""

from __future__ import annotations

import hmac
import html
import json
import re
import secrets
import string
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from oauthlib.oauth1.rfc5849 import signature, utils  # type: ignore[import-untyped]
from twitter_text import parse_tweet  # type: ignore[import-untyped]

TIMESTAMP_WINDOW = 300  # seconds either way
IMAGE_LIMIT = 5 * 1024 * 1024
ALT_TEXT_LIMIT = 1000
TEXT_LIMIT = 280
FIFTEEN_MINUTES = 15 * 60
DAY = 24 * 60 * 60
_URL = re.compile(r"https?://[^\s<>\"]+")
_FAULT_KINDS = ("503", "500", "429", "401", "timeout", "503-after", "timeout-after", "html")


@dataclass
class Fault:
    kind: str
    remaining: int
    path: str | None = None  # only requests whose path starts with this


@dataclass
class Media:
    id: str
    media_type: str
    total_bytes: int
    data: bytearray = field(default_factory=bytearray)
    finalized: bool = False
    alt_text: str | None = None
    width: int = 0
    height: int = 0


@dataclass
class Tweet:
    id: str
    text: str  # as X renders it
    submitted_text: str
    author_id: str
    created_at: float
    media_ids: list[str]


def _token(prefix: str, length: int) -> str:
    return prefix + secrets.token_hex(length)[: length - len(prefix)]


@dataclass
class Credentials:
    """Fresh random credentials for each fake: a leak test can search for exactly these."""

    api_key: str = field(default_factory=lambda: _token("ck", 25))
    api_key_secret: str = field(default_factory=lambda: _token("cs", 50))
    access_token: str = field(default_factory=lambda: "1700000000000000001-" + _token("at", 30))
    access_token_secret: str = field(default_factory=lambda: _token("ats", 45))


class FakeX:
    USER_ID = "1700000000000000001"
    USERNAME = "actscorecard"

    def __init__(
        self,
        *,
        credentials: Credentials | None = None,
        daily_limit: int = 17,
        clock: Callable[[], float] = time.time,
        hang_seconds: float = 2.0,
        timeline_access: bool = True,
    ) -> None:
        self.credentials = credentials or Credentials()
        self.daily_limit = daily_limit
        self.clock = clock
        self.hang_seconds = hang_seconds
        self.timeline_access = timeline_access  # False: like X's Free tier, which cannot read
        self.tweets: list[Tweet] = []
        self.media: dict[str, Media] = {}
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str, int]] = []  # method, path, status
        self.auth_failures: list[str] = []
        self._nonces: set[tuple[str, str]] = set()
        self._next_id = 1_880_000_000_000_000_000
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> FakeX:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeX:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- scripting ------------------------------------------------------------------------------

    def fail_next(self, count: int, kind: str, path: str | None = None) -> None:
        if kind not in _FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {_FAULT_KINDS}")
        with self._lock:
            self.faults.append(Fault(kind, count, path))

    def environment(self) -> dict[str, str]:
        """The bot's X secrets for these credentials, as its environment variables."""
        creds = self.credentials
        return {
            "ACTBOT_X_API_KEY": creds.api_key,
            "ACTBOT_X_API_KEY_SECRET": creds.api_key_secret,
            "ACTBOT_X_ACCESS_TOKEN": creds.access_token,
            "ACTBOT_X_ACCESS_TOKEN_SECRET": creds.access_token_secret,
        }

    def posts_with_text(self, text: str) -> list[Tweet]:
        return [tweet for tweet in self.tweets if tweet.submitted_text == text]

    # --- internals used by the handler ----------------------------------------------------------

    def new_id(self) -> str:
        with self._lock:
            self._next_id += 1 + secrets.randbelow(1000)
            return str(self._next_id)

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.remaining > 0 and (fault.path is None or path.startswith(fault.path)):
                    fault.remaining -= 1
                    kind = fault.kind
                    self.faults = [f for f in self.faults if f.remaining > 0]
                    return Fault(kind, 0, fault.path)
        return None

    def check_oauth(
        self, method: str, url: str, headers: dict[str, str], body: bytes
    ) -> str | None:
        """None when the request is properly signed; else why not (for the test's eyes only)."""
        header = headers.get("authorization", "")
        if not header.startswith("OAuth "):
            return "no OAuth Authorization header"
        try:
            oauth = {
                key: utils.unescape(value)
                for key, value in utils.parse_authorization_header(header)
            }
        except (ValueError, IndexError):
            return "malformed OAuth header"
        creds = self.credentials
        if oauth.get("oauth_signature_method") != "HMAC-SHA1":
            return "signature method is not HMAC-SHA1"
        if oauth.get("oauth_version", "1.0") != "1.0":
            return "OAuth version is not 1.0"
        if oauth.get("oauth_consumer_key") != creds.api_key:
            return "unknown consumer key"
        if oauth.get("oauth_token") != creds.access_token:
            return "unknown access token"
        try:
            timestamp = int(oauth.get("oauth_timestamp", ""))
        except ValueError:
            return "timestamp is not a number"
        if abs(self.clock() - timestamp) > TIMESTAMP_WINDOW:
            return "stale timestamp"
        nonce = oauth.get("oauth_nonce", "")
        if not nonce:
            return "no nonce"
        content_type = headers.get("content-type", "")
        body_params: list[tuple[str, str]] | None = None
        if "application/x-www-form-urlencoded" in content_type:
            body_params = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        params = signature.collect_parameters(
            uri_query=urlsplit(url).query,
            body=body_params,
            headers={"Authorization": header},
            exclude_oauth_signature=True,
        )
        base = signature.signature_base_string(
            method.upper(), signature.base_string_uri(url), signature.normalize_parameters(params)
        )
        signer = SimpleNamespace(
            client_secret=creds.api_key_secret, resource_owner_secret=creds.access_token_secret
        )
        expected = signature.sign_hmac_sha1_with_client(base, signer)
        if not hmac.compare_digest(expected, oauth.get("oauth_signature", "")):
            return "bad signature"
        with self._lock:
            if (nonce, str(timestamp)) in self._nonces:
                return "nonce used before"
            self._nonces.add((nonce, str(timestamp)))
        return None

    def render(self, text: str) -> str:
        """How X echoes a text: HTML-escaped, URLs shortened to t.co."""
        escaped = html.escape(text, quote=False)
        alphabet = string.ascii_letters + string.digits
        return _URL.sub(
            lambda _: "https://t.co/" + "".join(secrets.choice(alphabet) for _ in range(10)),
            escaped,
        )


def _problem(status: int, title: str, detail: str, kind: str = "about:blank") -> dict[str, Any]:
    return {"title": title, "detail": detail, "type": kind, "status": status}


def _invalid(message: str, parameter: str, value: Any) -> dict[str, Any]:
    return {
        "errors": [{"parameters": {parameter: [str(value)]}, "message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


def sniff_image(data: bytes) -> tuple[str, int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return "image/png", int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", 0, 0
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", 0, 0
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", 0, 0
    return None


def parse_multipart(content_type: str, body: bytes) -> dict[str, bytes]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise ValueError("not multipart")
    fields: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if name:
            fields[str(name)] = payload if isinstance(payload, bytes) else b""
    return fields


class _Handler(BaseHTTPRequestHandler):
    fake: FakeX
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: pytest shows failures, not every request

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # --- plumbing -------------------------------------------------------------------------------

    def _send(
        self, status: int, body: dict[str, Any] | None, headers: dict[str, str] | None = None
    ) -> None:
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)
        path = urlsplit(self.path).path
        with self.fake._lock:
            self.fake.requests.append((self.command, path, status))

    def _hang(self) -> None:
        self.fake._stopping.wait(self.fake.hang_seconds)
        self.close_connection = True

    def _handle(self, method: str) -> None:
        fake = self.fake
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        split = urlsplit(self.path)
        url = f"https://{headers.get('host', 'api.x.com')}{self.path}"
        fault = fake.take_fault(split.path)
        if fault is not None and not fault.kind.endswith("-after"):
            self._fault(fault.kind)
            return
        reason = fake.check_oauth(method, url, headers, body)
        if reason is not None:
            with fake._lock:
                fake.auth_failures.append(reason)
            self._send(401, _problem(401, "Unauthorized", "Unauthorized"))
            return
        status, answer, extra = self._route(method, split.path, split.query, headers, body)
        if fault is not None:  # the request took effect; the answer is lost
            self._fault(fault.kind.removesuffix("-after"))
            return
        self._send(status, answer, extra)

    def _fault(self, kind: str) -> None:
        now = int(self.fake.clock())
        if kind == "timeout":
            self._hang()
            return
        if kind == "429":
            self._send(
                429,
                _problem(429, "Too Many Requests", "Too Many Requests"),
                {
                    "x-rate-limit-limit": "100",
                    "x-rate-limit-remaining": "0",
                    "x-rate-limit-reset": str(now + FIFTEEN_MINUTES),
                },
            )
        elif kind == "401":
            self._send(401, _problem(401, "Unauthorized", "Unauthorized"))
        elif kind == "500":
            self._send(500, _problem(500, "Internal Server Error", "Internal Server Error"))
        elif kind == "html":  # a proxy or captive portal answering for the API, status 200
            page = b"<html><body><h1>Service temporarily unavailable</h1></body></html>"
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.send_header("content-length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
        else:
            self._send(503, _problem(503, "Service Unavailable", "Service Unavailable"))

    # --- routes ---------------------------------------------------------------------------------

    def _route(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/2/media/upload":
            return self._upload_one_shot(headers, body)
        if method == "GET" and path == "/2/media/upload":
            return self._media_status(dict(parse_qsl(query)))
        if method == "POST" and path == "/2/media/upload/initialize":
            return self._initialize(body)
        if method == "POST" and len(parts) == 5 and parts[:3] == ["2", "media", "upload"]:
            if parts[4] == "append":
                return self._append(parts[3], headers, body)
            if parts[4] == "finalize":
                return self._finalize(parts[3])
        if method == "POST" and path == "/2/media/metadata":
            return self._metadata(body)
        if method == "POST" and path == "/2/tweets":
            return self._create_tweet(body)
        if method == "GET" and path == "/2/users/me":
            return 200, {"data": self._me()}, {}
        if (
            method == "GET"
            and len(parts) == 4
            and parts[:2] == ["2", "users"]
            and parts[3] == "tweets"
        ):
            return self._timeline(parts[2], dict(parse_qsl(query)))
        return 404, _problem(404, "Not Found Error", f"{method} {path} does not exist"), {}

    def _me(self) -> dict[str, str]:
        return {"id": FakeX.USER_ID, "name": "ACT Scorecard", "username": FakeX.USERNAME}

    def _json(self, body: bytes) -> dict[str, Any] | None:
        try:
            value = json.loads(body or b"null")
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def _media_answer(self, media: Media) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "id": media.id,
            "media_key": f"3_{media.id}",
            "size": len(media.data),
            "expires_after_secs": DAY,
        }
        if media.finalized:
            answer["image"] = {"image_type": media.media_type, "w": media.width, "h": media.height}
        return {"data": answer}

    def _store_image(self, media: Media) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        sniffed = sniff_image(bytes(media.data))
        if sniffed is None:
            return 400, _invalid("media type unrecognized.", "media", "<binary>"), {}
        if len(media.data) > IMAGE_LIMIT:
            return 400, _invalid("File size exceeds 5242880 bytes.", "media", len(media.data)), {}
        media.media_type, media.width, media.height = sniffed
        media.finalized = True
        with self.fake._lock:
            self.fake.media[media.id] = media
        return 200, self._media_answer(media), {}

    def _upload_one_shot(
        self, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        try:
            fields = parse_multipart(headers.get("content-type", ""), body)
        except ValueError:
            return 400, _invalid("media is required as multipart/form-data", "media", ""), {}
        if "media" not in fields:
            return 400, _invalid("The `media` field is required.", "media", ""), {}
        unexpected = sorted(set(fields) - {"media", "media_category", "media_type"})
        if unexpected:
            return 400, _invalid(f"Unexpected field {unexpected[0]}", unexpected[0], ""), {}
        category = fields.get("media_category", b"").decode()
        if category not in ("tweet_image", "dm_image", "subtitles"):
            return 400, _invalid("media_category is invalid", "media_category", category), {}
        media = Media(self.fake.new_id(), "", len(fields["media"]), bytearray(fields["media"]))
        return self._store_image(media)

    def _initialize(self, body: bytes) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        request = self._json(body)
        if request is None:
            return 400, _invalid("body must be JSON", "body", ""), {}
        total = request.get("total_bytes")
        if not isinstance(total, int) or total <= 0:
            return 400, _invalid("total_bytes is required", "total_bytes", total), {}
        if request.get("media_category") != "tweet_image":
            return 400, _invalid("media_category is invalid", "media_category", ""), {}
        if total > IMAGE_LIMIT:
            return 400, _invalid("File size exceeds 5242880 bytes.", "total_bytes", total), {}
        media = Media(self.fake.new_id(), str(request.get("media_type", "")), total)
        with self.fake._lock:
            self.fake.media[media.id] = media
        return 200, {"data": {"id": media.id, "media_key": f"3_{media.id}",
                              "expires_after_secs": DAY}}, {}  # fmt: skip

    def _append(
        self, media_id: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        media = self.fake.media.get(media_id)
        if media is None or media.finalized:
            return 400, _invalid("Invalid media id", "id", media_id), {}
        try:
            fields = parse_multipart(headers.get("content-type", ""), body)
        except ValueError:
            return 400, _invalid("media is required", "media", ""), {}
        if "media" not in fields or "segment_index" not in fields:
            return 400, _invalid("media and segment_index are required", "media", ""), {}
        if len(media.data) + len(fields["media"]) > media.total_bytes:
            return 400, _invalid("more bytes than total_bytes", "media", media_id), {}
        media.data.extend(fields["media"])
        return 200, {"data": {"expires_at": int(self.fake.clock()) + DAY}}, {}

    def _finalize(self, media_id: str) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        media = self.fake.media.get(media_id)
        if media is None or media.finalized:
            return 400, _invalid("Invalid media id", "id", media_id), {}
        if len(media.data) != media.total_bytes:
            return 400, _invalid("File size does not match total_bytes", "id", media_id), {}
        return self._store_image(media)

    def _media_status(
        self, query: dict[str, str]
    ) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        media = self.fake.media.get(query.get("media_id", ""))
        if media is None:
            return 400, _invalid("Invalid media id", "media_id", query.get("media_id")), {}
        answer = self._media_answer(media)
        answer["data"]["processing_info"] = {"state": "succeeded", "progress_percent": 100}
        return 200, answer, {}

    def _metadata(self, body: bytes) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        request = self._json(body) or {}
        media = self.fake.media.get(str(request.get("id", "")))
        if media is None or not media.finalized:
            return 400, _invalid("Invalid media id", "id", request.get("id")), {}
        try:
            text = request["metadata"]["alt_text"]["text"]
        except (KeyError, TypeError):
            return 400, _invalid("metadata.alt_text.text is required", "metadata", ""), {}
        if not isinstance(text, str) or len(text) > ALT_TEXT_LIMIT:
            return (
                400,
                _invalid(
                    f"alt_text.text must be at most {ALT_TEXT_LIMIT} characters", "alt_text", ""
                ),
                {},
            )
        media.alt_text = text
        return 200, {"data": {"id": media.id,
                              "associated_metadata": {"alt_text": {"text": text}}}}, {}  # fmt: skip

    def _quota_headers(self, now: float) -> tuple[dict[str, str], bool]:
        fake = self.fake
        recent = [tweet.created_at for tweet in fake.tweets if tweet.created_at > now - DAY]
        remaining = max(0, fake.daily_limit - len(recent))
        reset = int((min(recent) if recent else now) + DAY)
        window = int(now // FIFTEEN_MINUTES * FIFTEEN_MINUTES + FIFTEEN_MINUTES)
        headers = {
            "x-rate-limit-limit": "100",
            "x-rate-limit-remaining": "99",
            "x-rate-limit-reset": str(window),
            "x-user-limit-24hour-limit": str(fake.daily_limit),
            "x-user-limit-24hour-remaining": str(remaining),
            "x-user-limit-24hour-reset": str(reset),
        }
        return headers, remaining == 0

    def _create_tweet(self, body: bytes) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        fake = self.fake
        request = self._json(body)
        if request is None:
            return 400, _invalid("body must be JSON", "body", ""), {}
        text = request.get("text")
        media_ids = (request.get("media") or {}).get("media_ids") or []
        if not isinstance(text, str) or (not text.strip() and not media_ids):
            return 400, _invalid("text or media is required", "text", text), {}
        with fake._lock:
            now = fake.clock()
            headers, exhausted = self._quota_headers(now)
            if exhausted:
                return 429, _problem(429, "Too Many Requests", "Too Many Requests"), headers
            weighted = parse_tweet(text).weightedLength
            if weighted > TEXT_LIMIT:
                return (
                    400,
                    _invalid(
                        f"Your Tweet text is too long ({weighted} weighted characters).", "text", ""
                    ),
                    headers,
                )
            for media_id in media_ids:
                media = fake.media.get(str(media_id))
                if media is None or not media.finalized:
                    return 400, _invalid("Your media IDs are invalid.", "media.media_ids",
                                         media_id), headers  # fmt: skip
            if any(tweet.submitted_text == text for tweet in fake.tweets):
                return (
                    403,
                    _problem(
                        403,
                        "Forbidden",
                        "You are not allowed to create a Tweet with duplicate content.",
                    ),
                    headers,
                )
            tweet = Tweet(fake.new_id(), fake.render(text), text, FakeX.USER_ID, now,
                          [str(media_id) for media_id in media_ids])  # fmt: skip
            fake.tweets.append(tweet)
            headers, _ = self._quota_headers(now)
        return 201, {"data": {"id": tweet.id, "text": tweet.text,
                              "edit_history_tweet_ids": [tweet.id]}}, headers  # fmt: skip

    def _timeline(
        self, user_id: str, query: dict[str, str]
    ) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        try:
            limit = int(query.get("max_results", "10"))
        except ValueError:
            limit = 0
        if not 5 <= limit <= 100:
            return (
                400,
                _invalid(
                    "The `max_results` query parameter value is not between 5 and 100",
                    "max_results",
                    query.get("max_results"),
                ),
                {},
            )
        if not self.fake.timeline_access:
            return (
                403,
                {
                    "title": "Client Forbidden",
                    "detail": "When authenticating requests to the Twitter API v2 endpoints, you "
                    "must use keys and tokens from a Twitter developer App that is attached to a "
                    "Project. You can create a project via the developer portal.",
                    "reason": "client-not-enrolled",
                    "type": "https://api.twitter.com/2/problems/client-forbidden",
                },
                {},
            )
        if user_id != FakeX.USER_ID:
            return 200, {"meta": {"result_count": 0}}, {}
        with self.fake._lock:
            tweets = sorted(self.fake.tweets, key=lambda tweet: int(tweet.id), reverse=True)[:limit]
        if not tweets:
            return 200, {"meta": {"result_count": 0}}, {}
        fields = set(query.get("tweet.fields", "").split(","))
        data = []
        for tweet in tweets:
            item: dict[str, Any] = {
                "id": tweet.id,
                "text": tweet.text,
                "edit_history_tweet_ids": [tweet.id],
            }
            if "created_at" in fields:
                item["created_at"] = time.strftime(
                    "%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(tweet.created_at)
                )
            data.append(item)
        meta = {"result_count": len(data), "newest_id": data[0]["id"], "oldest_id": data[-1]["id"]}
        return 200, {"data": data, "meta": meta}, {}
