"""Bluesky publisher on the atproto SDK: one login, a persisted session, one post per vote, ever.

- Logs in with an app password only when it must (createSession allows 30 per 5 minutes and 300
  a day): the session string is kept in a file only this user can read (0600) and resumed with
  `login(session_string=...)`; every refresh the SDK makes is written back through its
  `on_session_change` hook. A stored session the server no longer honours is dropped and the
  password used once.
- The post is written with com.atproto.repo.createRecord under a record key derived from the
  vote (slug + generation, a valid TID), so a repeat finds the record instead of duplicating it,
  and `find` after a crash is a getRecord of that key.
- Errors become PublishError: 429 -> retry at `ratelimit-reset`; 5xx, timeouts and transport
  failures -> retryable; 400 -> not retryable; 401/403 -> the network is disabled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final, TypeVar

import httpx
from atproto_client import Client, models  # type: ignore[import-untyped]
from atproto_client.client.session import (  # type: ignore[import-untyped]
    Session,
    SessionEvent,
)
from atproto_client.exceptions import (  # type: ignore[import-untyped]
    AtProtocolError,
    BadRequestError,
    LoginRequiredError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.models.common import XrpcError  # type: ignore[import-untyped]
from atproto_client.request import Request  # type: ignore[import-untyped]

from bot.publishers import payloads
from bot.publishers.base import PreparedPost, PublishError, Receipt
from bot.secrets import Secret, write_private

log = logging.getLogger(__name__)

DEFAULT_BASE_URL: Final = "https://bsky.social"
_AUTH_ERRORS: Final = frozenset({"ExpiredToken", "InvalidToken", "AuthenticationRequired"})
T = TypeVar("T")


@dataclass(frozen=True)
class BlueskyReceipt(Receipt):
    """A Receipt whose platform_id is the at:// URI, with the record's CID."""


class _Client(Client):  # type: ignore[misc]
    """The SDK client, with the clock it uses to decide when to refresh made injectable."""

    def __init__(self, base_url: str, request: Request, clock: Callable[[], datetime]) -> None:
        super().__init__(base_url, request=request)
        self._actbot_clock = clock

    def get_current_time(self) -> datetime:
        return self._actbot_clock()


class BlueskyPublisher:
    network = "bluesky"

    def __init__(
        self,
        *,
        handle: str,
        app_password: Secret,
        session_file: Path,
        base_url: str = DEFAULT_BASE_URL,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.handle = handle.lstrip("@")
        self._password = app_password
        self._session_file = session_file
        self.base_url = base_url.rstrip("/")
        self._clock = clock
        self._timeout = timeout
        self._transport = transport
        self._client: _Client | None = None
        self._resumed = False  # the current session came from the file, not from the password
        self._did: str | None = None
        self._session_handle: str | None = None

    def __repr__(self) -> str:
        return f"BlueskyPublisher(handle={self.handle!r}, base_url={self.base_url!r})"

    # --- the Publisher protocol -----------------------------------------------------------------

    def publish(self, post: PreparedPost) -> BlueskyReceipt:
        text = post.texts.get(self.network)
        if text is None:
            raise PublishError("no Bluesky text was prepared for this post", retryable=False)
        problems = payloads.bluesky_problems(text, post.card_png, post.alt_text, post.image_size)
        if problems:
            raise PublishError("Bluesky: " + "; ".join(problems), retryable=False)
        rkey = payloads.record_key(post.slug, post.generation)

        existing = self._get_post(rkey)
        if existing is not None:
            log.info("Bluesky already has %s (generation %d)", post.symbol, post.generation)
            return existing

        upload = self._call(lambda client: client.upload_blob(post.card_png), "uploading the card")
        blob = payloads.BlobRef(
            cid=str(upload.blob.cid), mime_type=upload.blob.mime_type, size=upload.blob.size
        )
        record = payloads.bluesky_post_record(
            text=text,
            image=blob,
            alt_text=post.alt_text,
            width=post.image_size[0],
            height=post.image_size[1],
            created_at=self._clock(),
            langs=(post.language,),  # the card's language
        )

        def create(client: _Client) -> models.ComAtprotoRepoCreateRecord.Response:
            return client.com.atproto.repo.create_record(
                models.ComAtprotoRepoCreateRecord.Data(
                    repo=self._require_did(),
                    collection=payloads.POST_COLLECTION,
                    rkey=rkey,
                    record=record,
                    validate_=True,
                )
            )

        try:
            created = self._call(create, "creating the post")
        except PublishError as error:
            if not error.retryable:
                raise
            # The write may have landed before the answer was lost; a taken key answers 500.
            try:
                landed = self._get_post(rkey)
            except PublishError:
                raise error from None
            if landed is None:
                raise
            return landed
        log.info("posted %s on Bluesky: %s", post.symbol, created.uri)
        return self._receipt(created.uri, created.cid, rkey)

    def find(self, post: PreparedPost) -> BlueskyReceipt | None:
        return self._get_post(payloads.record_key(post.slug, post.generation))

    # --- for `check` ----------------------------------------------------------------------------

    def verify(self) -> str:
        """Log in with the app password and ask the server who we are; never posts.

        Always the password, never a stored session: a session outlives a changed or revoked
        app password, and `check` must say that the next login would fail. Raises
        PublishError."""
        client = self._new_client()
        self._password_login(client)
        try:
            session = client.com.atproto.server.get_session()
        except (AtProtocolError, httpx.HTTPError) as error:
            raise _publish_error(error, "checking the session") from None
        self._client, self._resumed = client, False
        return f"logged in to {self.base_url} as @{session.handle} ({session.did})"

    # --- internals ------------------------------------------------------------------------------

    def _receipt(self, uri: str, cid: str | None, rkey: str) -> BlueskyReceipt:
        handle = self._session_handle or self.handle
        return BlueskyReceipt(platform_id=uri, url=payloads.bluesky_post_url(handle, rkey), cid=cid)

    def _get_post(self, rkey: str) -> BlueskyReceipt | None:
        def get(client: _Client) -> BlueskyReceipt | None:
            try:
                found = client.com.atproto.repo.get_record(
                    models.ComAtprotoRepoGetRecord.Params(
                        repo=self._require_did(), collection=payloads.POST_COLLECTION, rkey=rkey
                    )
                )
            except BadRequestError as error:
                if _xrpc_error(error) == "RecordNotFound":
                    return None
                raise
            return self._receipt(found.uri, found.cid, rkey)

        return self._call(get, "looking up the post")

    def _require_did(self) -> str:
        if self._did is None:
            raise LoginRequiredError
        return self._did

    def _new_client(self) -> _Client:
        request = Request(timeout=httpx.Timeout(self._timeout, connect=min(self._timeout, 10.0)))
        if self._transport is not None:
            request = Request(
                timeout=httpx.Timeout(self._timeout, connect=min(self._timeout, 10.0)),
                transport=self._transport,
            )
        client = _Client(self.base_url, request, self._clock)
        client.on_session_change(self._on_session_change)
        return client

    def _on_session_change(self, event: SessionEvent, session: Session) -> None:
        self._did = session.did
        self._session_handle = session.handle
        if event in (SessionEvent.CREATE, SessionEvent.REFRESH):
            try:
                write_private(self._session_file, session.export())
            except OSError as error:
                log.warning(
                    "cannot save the Bluesky session to %s (%s); the next start logs in again",
                    self._session_file,
                    error.strerror,
                )

    def _stored_session(self) -> str | None:
        try:
            text = self._session_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("cannot read the Bluesky session file %s: %s", self._session_file, error)
            return None
        return text or None

    def _forget_session(self) -> None:
        self._client = None
        self._resumed = False
        self._did = None
        try:
            self._session_file.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            log.warning("cannot remove the stale Bluesky session file: %s", error.strerror)

    def _ensure_client(self) -> _Client:
        if self._client is not None:
            return self._client
        stored = self._stored_session()
        if stored is not None:
            client = self._new_client()
            try:
                client.login(session_string=stored, fetch_bsky_profile=False)
            except (AtProtocolError, ValueError, IndexError, KeyError):
                log.warning("the stored Bluesky session is unreadable; logging in again")
            else:
                if (self._session_handle or "").lower() == self.handle.lower():
                    self._client, self._resumed = client, True
                    return client
                log.info("the stored Bluesky session is for another account; logging in again")
            self._forget_session()
        client = self._new_client()
        self._password_login(client)
        self._client, self._resumed = client, False
        return client

    def _password_login(self, client: _Client) -> None:
        try:
            client.login(self.handle, self._password.reveal(), fetch_bsky_profile=False)
        except (AtProtocolError, httpx.HTTPError) as error:
            mapped = _publish_error(error, "logging in")
            if isinstance(error, UnauthorizedError):
                mapped = PublishError(
                    f"Bluesky refused the handle @{self.handle} or its app password "
                    f"({_describe(error)}); check ACTBOT_BLUESKY_HANDLE and "
                    "ACTBOT_BLUESKY_APP_PASSWORD",
                    retryable=False,
                    disables_network=True,
                )
            raise mapped from None
        log.info("logged in to Bluesky as @%s", self.handle)

    def _call(self, operation: Callable[[_Client], T], doing: str) -> T:
        client = self._ensure_client()
        try:
            return operation(client)
        except (AtProtocolError, httpx.HTTPError) as error:
            if not (self._resumed and _is_auth_failure(error)):
                raise _publish_error(error, doing) from None
        # The stored session is no longer honoured (expired, revoked): use the password once.
        log.info("the stored Bluesky session was refused; logging in again")
        self._forget_session()
        client = self._ensure_client()
        try:
            return operation(client)
        except (AtProtocolError, httpx.HTTPError) as error:
            raise _publish_error(error, doing) from None


def _xrpc_error(error: BaseException) -> str | None:
    if isinstance(error, RequestErrorBase) and error.response is not None:
        content = error.response.content
        if isinstance(content, XrpcError):
            return str(content.error)
    return None


def _is_auth_failure(error: BaseException) -> bool:
    if isinstance(error, UnauthorizedError | LoginRequiredError):
        return True
    return isinstance(error, BadRequestError) and _xrpc_error(error) in _AUTH_ERRORS


def _describe(error: BaseException) -> str:
    """A short, secret-free description: status, XRPC error name and message, or the exception."""
    if isinstance(error, RequestErrorBase) and error.response is not None:
        return str(error)  # "<status> <Error>: <message>", from the server's JSON
    cause = error.__cause__ or error.__context__
    name = type(cause or error).__name__
    detail = str(cause or error)
    return f"{name}: {detail}" if detail else name


def _status(error: BaseException) -> int | None:
    if isinstance(error, RequestErrorBase) and error.response is not None:
        return int(error.response.status_code)
    return None


def _publish_error(error: BaseException, doing: str) -> PublishError:
    message = f"Bluesky: {doing} failed: {_describe(error)}"
    status = _status(error)
    if isinstance(error, RateLimitExceededError):
        retry_at = error.reset_at
        if retry_at is None and error.retry_after is not None:
            retry_at = datetime.now(UTC) + timedelta(seconds=error.retry_after)
        return PublishError(message, retryable=True, retry_at=retry_at)  # outbox says when
    if isinstance(error, UnauthorizedError | LoginRequiredError):
        return PublishError(message, retryable=False, disables_network=True)
    if isinstance(error, BadRequestError):
        return PublishError(message, retryable=False)
    if isinstance(error, NetworkError):
        if status == 413:
            return PublishError(message + " (the image is too large)", retryable=False)
        if status == 409:
            return PublishError(message, retryable=False)
        return PublishError(message, retryable=True)  # transport failures, timeouts, 502
    if isinstance(error, httpx.HTTPError):
        return PublishError(message, retryable=True)
    if status is not None:
        return PublishError(message, retryable=status >= 500)
    if isinstance(error, ValueError):  # an HTML page or a cut-off body where JSON belongs
        return PublishError(
            f"Bluesky: {doing}: the answer is not a valid reply from the server (an error "
            "page from a proxy?); will retry",
            retryable=True,
        )
    return PublishError(message, retryable=False)
