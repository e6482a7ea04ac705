"""A network that exists only in tests, registered in one place: what adding a network takes.

It is a module like bot/networks/x.py: a settings section, a text limit, a publisher that
checks its token and keeps what it was sent. Registering it is the only other step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from bot import networks
from bot.config_types import NetworkSection
from bot.domain.text_limits import TextLimit
from bot.publishers.base import PreparedPost, PublishError, Receipt
from bot.secrets import require_secret


class FakeNetSettings(NetworkSection):
    account: str = ""


@dataclass
class FakeNetServer:
    """The far side: every post it accepted, by its id."""

    posts: dict[str, dict[str, object]] = field(default_factory=dict)


SERVER = FakeNetServer()


class FakeNetPublisher:
    network = "fakenet"

    def __init__(self, account: str, token: str) -> None:
        self._account = account
        self._token = token

    def _authorised(self) -> None:
        if self._token != "fake-token":  # noqa: S105 (the fake's one accepted token)
            raise PublishError("fakenet: the token was refused", retryable=False)

    def publish(self, post: PreparedPost) -> Receipt:
        self._authorised()
        post_id = f"{post.slug}-{post.generation}"
        if post_id in SERVER.posts:
            raise PublishError("fakenet: posted twice", retryable=False)
        SERVER.posts[post_id] = {"text": post.texts["fakenet"], "alt": post.alt_text}
        return Receipt(platform_id=post_id, url=f"https://fakenet.test/{self._account}/{post_id}")

    def find(self, post: PreparedPost) -> Receipt | None:
        post_id = f"{post.slug}-{post.generation}"
        return Receipt(platform_id=post_id) if post_id in SERVER.posts else None

    def verify(self) -> str:
        self._authorised()
        return f"signed in to FakeNet as {self._account}"


def _connect(section: FakeNetSettings) -> FakeNetPublisher:
    return FakeNetPublisher(section.account, require_secret("ACTBOT_FAKENET_TOKEN").reveal())


def _live_problems(section: FakeNetSettings) -> list[str]:
    return [] if section.account else ["fakenet.account: needed to post on FakeNet"]


FAKENET = networks.Network(
    name="fakenet",
    label="FakeNet",
    settings=FakeNetSettings,
    text_limit=TextLimit(200, len),
    connect=_connect,
    secret_variables=("ACTBOT_FAKENET_TOKEN",),
    live_problems=_live_problems,
)


@pytest.fixture
def fakenet() -> Iterator[FakeNetServer]:
    networks.register(FAKENET)
    SERVER.posts.clear()
    try:
        yield SERVER
    finally:
        networks.unregister("fakenet")
