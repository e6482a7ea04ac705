"""What is sent to Mastodon and how its answers are read, as pure functions: no I/O, no clock.

The adapter (mastodon.py) does the talking; what is said, how long a text may be, when a limit
resets and whether a status on the account is ours are decided here and tested without a server.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, Final

from bot.domain.text_limits import MASTODON_URL_LENGTH, TextLimit, mastodon_text_limit

DESCRIPTION_LIMIT: Final = 1500  # characters of a media description (alt text), Mastodon's own
IMAGE_LIMIT: Final = 16 * 1024 * 1024  # image_size_limit of a default instance
DEFAULT_MAX_CHARACTERS: Final = 500
VISIBILITIES: Final = ("public", "unlisted", "private", "direct")
NEEDED_SCOPES: Final = ("write:media", "write:statuses", "read:accounts", "read:statuses")
"""Upload the card, post the status; read who we are (`check`) and our own statuses (`find`)."""


@dataclass(frozen=True)
class InstanceLimits:
    """The limits an instance announces in /api/v2/instance `configuration`."""

    max_characters: int = DEFAULT_MAX_CHARACTERS
    url_length: int = MASTODON_URL_LENGTH
    description_limit: int = DESCRIPTION_LIMIT

    @property
    def text(self) -> TextLimit:
        return mastodon_text_limit(self.max_characters, self.url_length)


def _positive(value: Any, default: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return default


def instance_limits(instance: Mapping[str, Any]) -> InstanceLimits:
    """The limits of an /api/v2/instance answer; Mastodon's defaults for what it leaves out
    (`description_limit` is announced only since Mastodon 4.4)."""
    configuration = instance.get("configuration") or {}
    statuses = configuration.get("statuses") or {}
    media = configuration.get("media_attachments") or {}
    return InstanceLimits(
        max_characters=_positive(statuses.get("max_characters"), DEFAULT_MAX_CHARACTERS),
        url_length=_positive(statuses.get("characters_reserved_per_url"), MASTODON_URL_LENGTH),
        description_limit=_positive(media.get("description_limit"), DESCRIPTION_LIMIT),
    )


def idempotency_key(slug: str, generation: int) -> str:
    """The Idempotency-Key of a post record's status: the same for every attempt at it.

    Mastodon answers a repeated key (kept up to an hour) with the status it already made, so a
    retry whose earlier attempt landed unheard (a timeout, a crash after the request) gets that
    status back instead of posting a second one. A key per attempt would defeat this: every
    retry is a new attempt. A later generation (`post --force`) is a new key, on purpose.
    """
    digest = hashlib.sha256(f"actbot:{slug}:{generation}".encode()).hexdigest()
    return f"actbot-{digest[:40]}"


def mastodon_problems(
    text: str, image: bytes, alt_text: str, limits: InstanceLimits = InstanceLimits()
) -> list[str]:
    """Why a post cannot go to this Mastodon instance as prepared (empty: it can)."""
    problems = []
    if not text.strip():
        problems.append("the Mastodon text is empty")
    too_long = limits.text.problem(text, "Mastodon")
    if too_long:
        problems.append(too_long + " on this instance")
    if len(image) > IMAGE_LIMIT:
        problems.append(f"the card is {len(image):,} bytes; Mastodon takes images up to 16 MB")
    if len(alt_text) > limits.description_limit:
        problems.append(
            f"the alt text has {len(alt_text)} characters; Mastodon takes at most "
            f"{limits.description_limit}"
        )
    return problems


def status_arguments(
    text: str, media_id: str, *, visibility: str, language: str, key: str
) -> dict[str, Any]:
    """The arguments of Mastodon.py's `status_post` for one card post."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    return {
        "status": text,
        "media_ids": [media_id],
        "visibility": visibility,
        "language": language,
        "idempotency_key": key,
    }


def media_ready(media: Mapping[str, Any]) -> bool:
    """Mastodon has finished processing an upload when the attachment has a `url`."""
    return bool(media.get("url"))


def retry_at(reset: str | None) -> datetime | None:
    """When a rate limit resets, from X-RateLimit-Reset: an ISO 8601 timestamp on Mastodon
    (`2026-05-04T13:25:00.019685Z`), Unix seconds on some other servers; None if unreadable."""
    if not reset:
        return None
    value = reset.strip()
    if value.isdigit():
        return datetime.fromtimestamp(int(value), UTC)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def missing_scopes(granted: Iterable[str]) -> list[str]:
    """The needed scopes `granted` does not cover; `write` covers every `write:...`."""
    have = set(granted)
    return [
        scope for scope in NEEDED_SCOPES if scope not in have and scope.split(":")[0] not in have
    ]


class _Text(HTMLParser):
    """The text of a status's HTML `content`: paragraphs and <br> become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(content: str) -> str:
    """A status's HTML `content` as the text it was made from (links and tags keep their words)."""
    parser = _Text()
    parser.feed(content)
    parser.close()
    return "".join(parser.parts).strip()


_URL = re.compile(r"https?://\S+")


def comparable_text(text: str) -> str:
    """A text reduced to what survives Mastodon's rendering: whitespace collapsed, links as a
    mark (the server may shorten how they read), NFC. Compare only through this function."""
    unescaped = html.unescape(text)
    without_urls = _URL.sub("<url>", unicodedata.normalize("NFC", unescaped))
    return " ".join(without_urls.split())


def is_our_status(status: Mapping[str, Any], text: str) -> bool:
    """The account's status `status` is the post of `text`: the same words, not a boost."""
    if status.get("reblog"):
        return False
    return comparable_text(plain_text(str(status.get("content") or ""))) == comparable_text(text)
