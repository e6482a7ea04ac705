"""X publisher on tweepy 4.17 (OAuth 1.0a user context): upload the card, set its alt text, post.

tweepy has no v2 media upload, so the card goes to POST https://api.x.com/2/media/upload
(multipart `media` + `media_category=tweet_image`; chunked initialize/append/finalize for large
files) through tweepy's own session and OAuth 1.0a signer, alt text through POST
/2/media/metadata, and the post through `Client.create_tweet(text=..., media_ids=[...])`.

Exactly once: X refuses a second post with the same text (403 "duplicate content"); that answer
counts as "already posted" only when the account's recent posts show the text. `find` (crash
reconciliation) looks there too.

Errors become PublishError: 429 -> retry at x-rate-limit-reset (or the 24-hour user limit's
reset); 5xx, timeouts and connection failures -> retryable; 401 and non-duplicate 403 -> the
network is disabled; other 4xx (a text too long) -> not retryable. `wait_on_rate_limit` is never
used: it can sleep for a day inside the posting loop.

Credentials (each also readable from a file named by <VAR>_FILE, see bot.secrets):
  ACTBOT_X_API_KEY, ACTBOT_X_API_KEY_SECRET            the app's consumer key and secret
  ACTBOT_X_ACCESS_TOKEN, ACTBOT_X_ACCESS_TOKEN_SECRET  the bot account's user token and secret
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, cast

import requests
import tweepy
from requests.adapters import HTTPAdapter

from bot.publishers import payloads
from bot.publishers.base import PreparedPost, PublishError, Receipt
from bot.publishers.x_http import (
    RedirectAdapter,
    TimeoutAdapter,
    describe,
    publish_error,
    raise_for_status,
)
from bot.secrets import Secret, SecretError, require_secret

log = logging.getLogger(__name__)

API_HOST: Final = "https://api.x.com"
HOSTS: Final = ("https://api.x.com/", "https://api.twitter.com/")  # tweepy calls the old name
CREDENTIAL_VARIABLES: Final = (
    "ACTBOT_X_API_KEY",
    "ACTBOT_X_API_KEY_SECRET",
    "ACTBOT_X_ACCESS_TOKEN",
    "ACTBOT_X_ACCESS_TOKEN_SECRET",
)
ONE_SHOT_LIMIT: Final = 1024 * 1024  # larger cards go up in chunks
CHUNK_SIZE: Final = 1024 * 1024
# requests_oauthlib and oauthlib log the signed Authorization header (with the access token) and
# the signature base string at DEBUG; nothing they say at DEBUG is worth that risk.
_CHATTY_SIGNERS: Final = ("oauthlib", "requests_oauthlib")


@dataclass(frozen=True)
class XCredentials:
    api_key: Secret
    api_key_secret: Secret
    access_token: Secret
    access_token_secret: Secret

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> XCredentials:
        """The four secrets from ACTBOT_X_* variables or their *_FILE files (SecretError if not)."""
        missing: list[str] = []
        values: list[Secret] = []
        for name in CREDENTIAL_VARIABLES:
            try:
                values.append(require_secret(name, environ))
            except SecretError as error:
                missing.append(str(error))
        if missing:
            raise SecretError("X credentials: " + "; ".join(missing))
        return cls(*values)


class XPublisher:
    network = "x"

    def __init__(
        self,
        credentials: XCredentials,
        *,
        api_base_url: str | None = None,
        adapter: HTTPAdapter | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        one_shot_limit: int = ONE_SHOT_LIMIT,
        chunk_size: int = CHUNK_SIZE,
        recent_posts: int = 100,
        sleep: Callable[[float], None] = time.sleep,
        max_processing_wait: float = 60.0,
    ) -> None:
        self._credentials = credentials
        self._client = tweepy.Client(
            consumer_key=credentials.api_key.reveal(),
            consumer_secret=credentials.api_key_secret.reveal(),
            access_token=credentials.access_token.reveal(),
            access_token_secret=credentials.access_token_secret.reveal(),
            return_type=dict,
            wait_on_rate_limit=False,
        )
        if adapter is None:
            adapter = (
                RedirectAdapter(api_base_url, timeout) if api_base_url else TimeoutAdapter(timeout)
            )
        for host in HOSTS:
            self._client.session.mount(host, adapter)
        self._timeout = timeout
        self._one_shot_limit = one_shot_limit
        self._chunk_size = chunk_size
        self._recent_posts = max(5, min(100, recent_posts))
        self._sleep = sleep
        self._max_processing_wait = max_processing_wait
        self._me: dict[str, str] | None = None
        self._timeline_readable = True
        for name in _CHATTY_SIGNERS:
            logger = logging.getLogger(name)
            logger.setLevel(max(logger.level, logging.INFO))

    def __repr__(self) -> str:
        return "XPublisher(credentials=<hidden>)"

    # --- the Publisher protocol -----------------------------------------------------------------

    def publish(self, post: PreparedPost) -> Receipt:
        text = post.texts.get(self.network)
        if text is None:
            raise PublishError("no X text was prepared for this post", retryable=False)
        problems = payloads.x_problems(text, post.card_png, post.alt_text)
        if problems:
            raise PublishError("X: " + "; ".join(problems), retryable=False)
        earlier = self._already_posted(post)
        if earlier is not None:  # e.g. a restored or lost database: never post it again
            log.info("X already has %s (found before posting): %s", post.symbol, earlier.url)
            return earlier
        media_id = self._upload(post.card_png)
        self._guard(
            lambda: self._post_json(
                "/2/media/metadata", payloads.x_metadata_body(media_id, post.alt_text)
            ),
            "setting the alt text",
        )
        try:
            response = self._client.create_tweet(text=text, media_ids=[media_id])
        except tweepy.Forbidden as error:
            if not payloads.is_duplicate_content(error.api_messages):
                raise publish_error(error, "creating the post") from None
            # X says the account has this text already: most likely ours, from an attempt
            # whose reply was lost. Posting again is impossible; it counts as posted,
            # unconfirmed, and the operator checks the account.
            try:
                found = self.find(post)
            except PublishError:
                found = None  # the account cannot be read (X's Free tier)
            if found is None:
                log.warning("X has %s already (duplicate content); not confirmed", post.symbol)
                return Receipt(platform_id="", url=None, unconfirmed=True)
            log.info("X already has %s: %s", post.symbol, found.platform_id)
            return found
        except (tweepy.TweepyException, requests.RequestException) as error:
            raise publish_error(error, "creating the post") from None
        data = cast(dict[str, Any], response)["data"]
        tweet_id = str(data["id"])
        log.info("posted %s on X: %s", post.symbol, tweet_id)
        return Receipt(platform_id=tweet_id, url=payloads.x_post_url(tweet_id))

    def find(self, post: PreparedPost) -> Receipt | None:
        text = post.texts.get(self.network)
        if text is None:
            return None
        wanted = payloads.x_comparable_text(text)
        me = self._whoami()
        try:
            response = self._client.get_users_tweets(
                me["id"],
                max_results=self._recent_posts,
                tweet_fields=["created_at"],
                exclude=["retweets", "replies"],
                user_auth=True,
            )
        except tweepy.Forbidden as error:
            # Posting works but reading does not (X's Free tier): not a reason to stop posting.
            raise PublishError(
                f"X does not let these credentials read @{me['username']}'s recent posts "
                f"({describe(error)}), so it cannot confirm whether {post.symbol} was posted; "
                f"look at https://x.com/{me['username']} and settle the post by hand",
                retryable=False,
            ) from None
        except (tweepy.TweepyException, requests.RequestException) as error:
            raise publish_error(error, "reading the account's recent posts") from None
        for tweet in cast(dict[str, Any], response).get("data") or []:
            if payloads.x_comparable_text(str(tweet.get("text", ""))) == wanted:
                tweet_id = str(tweet["id"])
                return Receipt(platform_id=tweet_id, url=payloads.x_post_url(tweet_id))
        return None

    def _already_posted(self, post: PreparedPost) -> Receipt | None:
        """The account's recent post with this text, looked for before posting where the
        account can be read; X's own duplicate check is the guard where it cannot."""
        if not post.look_first or not self._timeline_readable:
            return None
        try:
            return self.find(post)
        except PublishError as error:
            if not error.retryable:
                self._timeline_readable = False  # X's Free tier: do not ask again
            return None

    # --- for `check` ----------------------------------------------------------------------------

    def verify(self) -> str:
        """Ask X who the credentials belong to; never posts. Raises PublishError."""
        self._me = None
        me = self._whoami()
        return f"signed in to X as @{me['username']} (id {me['id']})"

    # --- internals ------------------------------------------------------------------------------

    def _whoami(self) -> dict[str, str]:
        if self._me is None:
            response = self._guard(lambda: self._client.get_me(user_auth=True), "asking who we are")
            data = cast(dict[str, Any], response)["data"]
            self._me = {"id": str(data["id"]), "username": str(data["username"])}
        return self._me

    def _guard(self, call: Callable[[], Any], doing: str) -> Any:
        try:
            return call()
        except (tweepy.TweepyException, requests.RequestException) as error:
            raise publish_error(error, doing) from None

    def _auth(self) -> requests.auth.AuthBase:
        handler = tweepy.OAuth1UserHandler(
            self._credentials.api_key.reveal(),
            self._credentials.api_key_secret.reveal(),
            self._credentials.access_token.reveal(),
            self._credentials.access_token_secret.reveal(),
        )
        return cast(requests.auth.AuthBase, handler.apply_auth())

    def _send(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """A signed request to api.x.com outside tweepy's Client, with tweepy's error classes."""
        headers = {"User-Agent": self._client.user_agent}
        with self._client.session.request(
            method, API_HOST + path, auth=self._auth(), headers=headers, **kwargs
        ) as response:
            raise_for_status(response)
            if not response.content:
                return {}
            return cast(dict[str, Any], response.json())

    def _post_json(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._send("POST", path, json=body)

    def _upload(self, image: bytes) -> str:
        if len(image) <= self._one_shot_limit:
            answer = self._guard(
                lambda: self._send(
                    "POST",
                    "/2/media/upload",
                    files={"media": ("card.png", image, "image/png")},
                    data=payloads.x_media_category_form(),
                ),
                "uploading the card",
            )
            return self._wait_until_processed(answer)
        started = self._guard(
            lambda: self._post_json(
                "/2/media/upload/initialize", payloads.x_initialize_body(len(image))
            ),
            "starting the card upload",
        )
        media_id = str(started["data"]["id"])
        for index, chunk in enumerate(payloads.x_chunks(image, self._chunk_size)):
            self._guard(
                lambda index=index, chunk=chunk: self._send(  # type: ignore[misc]
                    "POST",
                    f"/2/media/upload/{media_id}/append",
                    files={"media": ("chunk", chunk, "application/octet-stream")},
                    data={"segment_index": str(index)},
                ),
                f"uploading part {index + 1} of the card",
            )
        finished = self._guard(
            lambda: self._send("POST", f"/2/media/upload/{media_id}/finalize"),
            "finishing the card upload",
        )
        return self._wait_until_processed(finished)

    def _wait_until_processed(self, answer: dict[str, Any]) -> str:
        data = answer["data"]
        media_id = str(data["id"])
        waited = 0.0
        while True:
            info = data.get("processing_info") or {}
            state = info.get("state", "succeeded")
            if state == "succeeded":
                return media_id
            if state == "failed" or waited >= self._max_processing_wait:
                raise PublishError(
                    f"X could not process the card ({state})", retryable=state != "failed"
                )
            delay = float(info.get("check_after_secs", 1))
            self._sleep(delay)
            waited += delay
            answer = self._guard(
                lambda: self._send(
                    "GET", "/2/media/upload", params={"command": "STATUS", "media_id": media_id}
                ),
                "checking the card upload",
            )
            data = answer["data"]
