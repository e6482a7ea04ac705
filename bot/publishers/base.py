"""The interface every publisher implements, and the errors that steer retries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.domain.text_limits import TextLimit


@dataclass(frozen=True)
class PreparedPost:
    """Everything a network needs for one post, built before any network is called."""

    symbol: str
    slug: str
    generation: int
    attempt_id: str
    card_png: bytes
    image_size: tuple[int, int]
    alt_text: str
    texts: Mapping[str, str]  # network -> text
    vote_fingerprint: str | None = None  # the facts the card shows, to notice later changes
    language: str = "en"
    """The language of the card and its texts (ISO 639-1): Bluesky's `langs`, Mastodon's
    `language`."""
    look_first: bool = False
    """Look for this post on the account before posting it: the database holds no record of
    earlier posts (it was started over), so the account is the only memory there is."""


@dataclass(frozen=True)
class Receipt:
    """What the network (or the outbox folder) says identifies the post."""

    platform_id: str
    url: str | None = None
    cid: str | None = None  # Bluesky's content hash of the record
    unconfirmed: bool = False
    """The network says it has the post (X's "duplicate content" after a lost reply) but it
    could not be found on the account: counted as posted, never sent again, and the
    operator is told to check."""


class PublishError(Exception):
    """A network refused or failed. `retryable` and `retry_at` steer the outbox."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        retry_at: datetime | None = None,
        disables_network: bool = False,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_at = retry_at
        self.disables_network = disables_network


class Publisher(Protocol):
    network: str

    def publish(self, post: PreparedPost) -> Receipt:
        """Post it, or raise PublishError."""
        ...

    def find(self, post: PreparedPost) -> Receipt | None:
        """After a crash: the post this attempt may already have made, if the network has it."""
        ...

    def verify(self) -> str:
        """Check the credentials without posting: who they belong to, or raise PublishError."""
        ...


@runtime_checkable
class ReportsTextLimit(Protocol):
    """A publisher that knows its network's text limit only live: each Mastodon instance sets
    its own. The App prefers this limit to the network's static one when writing texts."""

    def text_limit(self) -> TextLimit: ...
