"""X's HTTP plumbing under tweepy: timeouts, a redirect for loopback tests, and errors.

tweepy gives requests no timeout and raises its own exceptions; this module adds the
timeout, maps statuses the way tweepy's Client does (for the upload endpoints tweepy does not
wrap), and turns every failure into a PublishError that says whether to retry and when.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import tweepy
from requests.adapters import HTTPAdapter

from bot.publishers.base import PublishError


class TimeoutAdapter(HTTPAdapter):
    """tweepy passes no timeout to requests; without one a silent server hangs the bot forever."""

    def __init__(self, timeout: tuple[float, float] = (5.0, 30.0)) -> None:
        super().__init__(max_retries=0)
        self.timeout = timeout

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, *args, **kwargs)


class RedirectAdapter(TimeoutAdapter):
    """Sends https://api.x.com/... (as signed) to another base URL, keeping the Host header.

    For a loopback test server or a TLS-terminating proxy: the OAuth signature still covers the
    https URL the client signed, as X checks it.
    """

    def __init__(self, base_url: str, timeout: tuple[float, float] = (5.0, 30.0)) -> None:
        super().__init__(timeout)
        target = urlsplit(base_url)
        self._scheme, self._netloc = target.scheme, target.netloc

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        original = urlsplit(request.url or "")
        request.headers["Host"] = original.netloc
        request.url = urlunsplit(
            (self._scheme, self._netloc, original.path, original.query, original.fragment)
        )
        return super().send(request, *args, **kwargs)


def raise_for_status(response: requests.Response) -> None:
    """tweepy's own status-to-exception mapping (Client.request), for the upload endpoints."""
    status = response.status_code
    if 200 <= status < 300:
        return
    if status == 400:
        raise tweepy.BadRequest(response)
    if status == 401:
        raise tweepy.Unauthorized(response)
    if status == 403:
        raise tweepy.Forbidden(response)
    if status == 404:
        raise tweepy.NotFound(response)
    if status == 429:
        reset = response.headers.get("x-rate-limit-reset")
        raise tweepy.TooManyRequests(response, reset_time=int(reset) if reset else None)
    if status >= 500:
        raise tweepy.TwitterServerError(response)
    raise tweepy.HTTPException(response)


def _retry_at(response: requests.Response) -> datetime | None:
    """When X's limit resets: the 24-hour user cap when exhausted, else x-rate-limit-reset."""
    headers = response.headers
    candidates = []
    if headers.get("x-user-limit-24hour-remaining") == "0":
        candidates.append(headers.get("x-user-limit-24hour-reset"))
    if headers.get("x-app-limit-24hour-remaining") == "0":
        candidates.append(headers.get("x-app-limit-24hour-reset"))
    candidates.append(headers.get("x-rate-limit-reset"))
    stamps = [int(value) for value in candidates if value and value.isdigit()]
    if not stamps:
        return None
    return datetime.fromtimestamp(max(stamps), UTC)


def describe(error: BaseException) -> str:
    if isinstance(error, tweepy.HTTPException):
        status = error.response.status_code
        messages = "; ".join(str(message) for message in error.api_messages)
        return f"{status} {messages}" if messages else f"{status} {error.response.reason}"
    if isinstance(error, requests.Timeout):
        return "no answer in time"
    if isinstance(error, requests.ConnectionError):
        return "cannot connect"
    return type(error).__name__


def publish_error(error: BaseException, doing: str) -> PublishError:
    """Map tweepy/requests failures; the message holds status and X's words, never a request."""
    message = f"X: {doing} failed: {describe(error)}"
    if isinstance(error, tweepy.TooManyRequests):
        retry_at = _retry_at(error.response)  # the outbox says when; not repeated here
        return PublishError(message, retryable=True, retry_at=retry_at)
    if isinstance(error, tweepy.Unauthorized | tweepy.Forbidden):
        return PublishError(message, retryable=False, disables_network=True)
    if isinstance(error, tweepy.TwitterServerError):
        return PublishError(message, retryable=True)
    if isinstance(error, tweepy.HTTPException):
        return PublishError(message, retryable=False)
    if isinstance(error, requests.Timeout | requests.ConnectionError):
        return PublishError(message, retryable=True)
    if isinstance(error, ValueError):  # an HTML page or a cut-off body where JSON belongs
        return PublishError(
            f"X: {doing}: the answer is not a valid reply from X (an error page from a "
            "proxy?); will retry",
            retryable=True,
        )
    return PublishError(message, retryable=False)
