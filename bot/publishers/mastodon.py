"""Mastodon publisher on Mastodon.py 2.3: upload the card with its alt text, wait, post the status.

- The card goes up with POST /api/v2/media, the alt text as its `description`. Mastodon may
  answer 202 and process the file in the background (`url` null; GET /api/v1/media/:id answers
  206 until done); the status waits for a `url`, polling with an injectable sleep.
- The status carries `language`, `visibility`, the media id and an Idempotency-Key derived from
  the post record (slug + generation): a retry whose earlier attempt landed unheard gets the
  same status back from the server. `find` (crash reconciliation) reads the account's own recent
  statuses and matches the text the bot posted, as for X.
- The text limit is the instance's: /api/v2/instance `configuration.statuses` is read once
  (`text_limit`, which the App prefers to the network's static default).
- Errors become PublishError: 429 -> retry at X-RateLimit-Reset; 5xx, timeouts and connection
  failures -> retryable; 401/403 -> the network is disabled, the operator told what to fix;
  422 and other 4xx -> not retryable, with the server's `error` text. `ratelimit_method` is
  "throw": Mastodon.py's default sleeps inside the call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

import requests
from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonServerError,
)

from bot.domain.text_limits import TextLimit
from bot.publishers import mastodon_payloads as payloads
from bot.publishers.base import PreparedPost, PublishError, Receipt
from bot.secrets import Secret

log = logging.getLogger(__name__)

OLDEST_VERSION: Final = "4.0.0"  # /api/v2/instance and /api/v2/media; spares a version probe
ADVICE: Final = (
    "check ACTBOT_MASTODON_ACCESS_TOKEN: it must be a token of the bot account with the "
    "scopes write:media, write:statuses, read:accounts and read:statuses"
)
T = TypeVar("T")


class MastodonPublisher:
    network = "mastodon"

    def __init__(
        self,
        *,
        instance_url: str,
        access_token: Secret,
        visibility: str = "public",
        timeout: float = 30.0,
        recent_posts: int = 40,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        poll_interval: float = 1.0,
        max_processing_wait: float = 60.0,
    ) -> None:
        if visibility not in payloads.VISIBILITIES:
            raise ValueError(f"visibility must be one of {', '.join(payloads.VISIBILITIES)}")
        self.instance_url = instance_url.rstrip("/")
        self._visibility = visibility
        self._recent_posts = max(1, min(40, recent_posts))
        self._sleep = sleep
        self._poll_interval = poll_interval
        self._max_processing_wait = max_processing_wait
        self._reset_header: str | None = None
        self._instance: payloads.InstanceLimits | None = None
        self._me: Mapping[str, Any] | None = None
        session = session or requests.Session()
        session.hooks["response"].append(self._note_rate_limit)
        self._api = Mastodon(
            access_token=access_token.reveal(),
            api_base_url=self.instance_url,
            ratelimit_method="throw",
            request_timeout=timeout,
            mastodon_version=OLDEST_VERSION,
            version_check_mode="created",
            session=session,
            user_agent="ACT-Scorecard-Bot (Mastodon.py)",
        )

    def __repr__(self) -> str:
        return f"MastodonPublisher(instance_url={self.instance_url!r}, access_token=<hidden>)"

    # --- the Publisher protocol -----------------------------------------------------------------

    def publish(self, post: PreparedPost) -> Receipt:
        text = post.texts.get(self.network)
        if text is None:
            raise PublishError("no Mastodon text was prepared for this post", retryable=False)
        problems = payloads.mastodon_problems(text, post.card_png, post.alt_text, self._limits())
        if problems:
            raise PublishError("Mastodon: " + "; ".join(problems), retryable=False)
        if post.look_first:
            earlier = self.find(post)
            if earlier is not None:  # a restored or lost database: never post it again
                log.info("Mastodon already has %s (found before posting)", post.symbol)
                return earlier
        media = self._call(
            lambda api: api.media_post(
                post.card_png,
                mime_type="image/png",
                description=post.alt_text,
                file_name="card.png",
            ),
            "uploading the card",
        )
        self._wait_until_processed(media)
        arguments = payloads.status_arguments(
            text,
            str(media["id"]),
            visibility=self._visibility,
            language=post.language,  # the card's language
            key=payloads.idempotency_key(post.slug, post.generation),
        )
        try:
            status = self._call(lambda api: api.status_post(**arguments), "posting the status")
        except PublishError as error:
            if not error.retryable:
                raise
            try:  # the status may have been made before the answer was lost
                landed = self.find(post)
            except PublishError:
                raise error from None
            if landed is None:
                raise
            return landed
        log.info("posted %s on Mastodon: %s", post.symbol, status.get("url"))
        return _receipt(status)

    def find(self, post: PreparedPost) -> Receipt | None:
        text = post.texts.get(self.network)
        if text is None:
            return None
        account_id = self._account()["id"]
        statuses = self._call(
            lambda api: api.account_statuses(
                account_id, limit=self._recent_posts, exclude_reblogs=True
            ),
            "reading the account's recent statuses",
        )
        for status in statuses:
            if payloads.is_our_status(status, text):
                return _receipt(status)
        return None

    # --- the live text limit and `check` --------------------------------------------------------

    def text_limit(self) -> TextLimit:
        """This instance's limit, read once; Mastodon's default while it cannot be read."""
        return self._limits().text

    def verify(self) -> str:
        """Ask the server who the token belongs to and what its app may do; never posts."""
        self._me = None
        me = self._account()
        app = self._call(lambda api: api.app_verify_credentials(), "checking the app")
        scopes = app.get("scopes")
        host = urlsplit(self.instance_url).netloc
        if scopes is None:
            note = "the server does not say which scopes the app has (Mastodon before 4.3)"
        else:
            missing = payloads.missing_scopes(str(scope) for scope in scopes)
            if missing:
                raise PublishError(
                    f"Mastodon: the token's app ({app.get('name')}) lacks the scopes "
                    f"{', '.join(missing)}; create a new token with them and put it in "
                    "ACTBOT_MASTODON_ACCESS_TOKEN",
                    retryable=False,
                    disables_network=True,
                )
            note = "the app has the scopes needed"
        limit = self.text_limit()
        return (
            f"signed in to {host} as @{me.get('acct')} (id {me['id']}); {note}; posts are "
            f"{self._visibility}, up to {limit.max_length} characters"
        )

    # --- internals ------------------------------------------------------------------------------

    def _note_rate_limit(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._reset_header = response.headers.get("X-RateLimit-Reset")

    def _limits(self) -> payloads.InstanceLimits:
        if self._instance is None:
            try:
                instance = self._call(lambda api: api.instance_v2(), "reading the instance")
            except PublishError as error:
                log.warning("%s; using Mastodon's default limits for now", error)
                return payloads.InstanceLimits()
            self._instance = payloads.instance_limits(instance)
            log.info("Mastodon instance limit: %d characters", self._instance.max_characters)
        return self._instance

    def _account(self) -> Mapping[str, Any]:
        if self._me is None:
            self._me = self._call(lambda api: api.account_verify_credentials(), "asking who we are")
        return self._me

    def _wait_until_processed(self, media: Mapping[str, Any]) -> None:
        waited = 0.0
        while not payloads.media_ready(media):
            if waited >= self._max_processing_wait:
                raise PublishError(
                    f"Mastodon: the card was still being processed after {waited:.0f} s; "
                    "will retry",
                    retryable=True,
                )
            self._sleep(self._poll_interval)
            waited += self._poll_interval
            media = self._call(
                lambda api, media_id=media["id"]: api.media(media_id),  # type: ignore[misc]
                "checking the card upload",
            )

    def _call(self, operation: Callable[[Mastodon], T], doing: str) -> T:
        try:
            return operation(self._api)
        except (MastodonError, requests.RequestException) as error:
            raise _publish_error(error, doing, self._reset_header) from None


def _receipt(status: Mapping[str, Any]) -> Receipt:
    return Receipt(platform_id=str(status["id"]), url=status.get("url") or status.get("uri"))


def _api_status(error: MastodonAPIError) -> tuple[int | None, str]:
    """Status code and the server's `error` text of Mastodon.py's error(message, status,
    reason, error)."""
    args = error.args
    status = args[1] if len(args) > 1 and isinstance(args[1], int) else None
    text = args[3] if len(args) > 3 and args[3] else (args[2] if len(args) > 2 else "")
    return status, str(text)


def _describe(error: BaseException) -> str:
    cause = error.__cause__ or error.__context__
    if isinstance(error, requests.Timeout) or isinstance(cause, requests.Timeout):
        return "no answer in time"
    if isinstance(error, requests.ConnectionError) or isinstance(cause, requests.ConnectionError):
        return "cannot connect"
    if isinstance(error, MastodonAPIError):
        status, text = _api_status(error)
        if status is not None:
            return f"{status} {text}".strip()
    return type(error).__name__


def _publish_error(error: BaseException, doing: str, reset: str | None) -> PublishError:
    """Map Mastodon.py failures; the message holds the status and the server's words only."""
    message = f"Mastodon: {doing} failed: {_describe(error)}"
    if isinstance(error, MastodonRatelimitError):
        return PublishError(message, retryable=True, retry_at=payloads.retry_at(reset))
    if isinstance(error, MastodonNetworkError | requests.RequestException):
        return PublishError(message, retryable=True)
    if isinstance(error, MastodonServerError):
        return PublishError(message, retryable=True)
    if isinstance(error, MastodonAPIError):
        status, _ = _api_status(error)
        if status in (401, 403):
            return PublishError(f"{message}; {ADVICE}", retryable=False, disables_network=True)
        if status is None:  # an HTML page or a cut-off body where JSON belongs
            return PublishError(
                f"Mastodon: {doing}: the answer is not a valid reply from the server (an error "
                "page from a proxy?); will retry",
                retryable=True,
            )
        return PublishError(message, retryable=status >= 500)
    return PublishError(message, retryable=False)
