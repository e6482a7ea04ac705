"""Mastodon as a network: one instance's REST API, with an access token.

The token comes from ACTBOT_MASTODON_ACCESS_TOKEN (or *_FILE), never from the config file. The
text limit is the instance's own (read from /api/v2/instance by the publisher); the static one
here is Mastodon's default, 500 with 23 per link, used until the instance has said.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from bot.config_types import NetworkSection
from bot.domain.text_limits import MASTODON_TEXT
from bot.networks.base import Network
from bot.publishers.base import Publisher

TOKEN_VARIABLE = "ACTBOT_MASTODON_ACCESS_TOKEN"  # noqa: S105 (a variable name, not a token)


class MastodonSettings(NetworkSection):
    """[mastodon]; the access token comes from ACTBOT_MASTODON_ACCESS_TOKEN (or *_FILE)."""

    instance_url: str = ""  # e.g. "https://mastodon.social"; needed to post live
    visibility: Literal["public", "unlisted", "private", "direct"] = "public"
    recent_posts: int = Field(default=40, ge=1, le=40)  # statuses read to reconcile (API max 40)

    @field_validator("instance_url")
    @classmethod
    def _an_address(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("https://", "http://")):
            raise ValueError(
                f"{value!r} is not an address; write the server's address with https://, "
                'e.g. "https://mastodon.social"'
            )
        return value


def connect(section: MastodonSettings) -> Publisher:
    from bot.publishers.mastodon import MastodonPublisher
    from bot.secrets import require_secret

    return MastodonPublisher(
        instance_url=section.instance_url,
        access_token=require_secret(TOKEN_VARIABLE),
        visibility=section.visibility,
        timeout=section.timeout_seconds,
        recent_posts=section.recent_posts,
    )


def live_problems(section: MastodonSettings) -> list[str]:
    if section.instance_url:
        return []
    return [
        "mastodon.instance_url: needed to post on Mastodon: the address of the bot account's "
        'server, e.g. instance_url = "https://mastodon.social"'
    ]


NETWORK = Network(
    name="mastodon",
    label="Mastodon",
    settings=MastodonSettings,
    text_limit=MASTODON_TEXT,
    connect=connect,
    secret_variables=(TOKEN_VARIABLE,),
    live_problems=live_problems,
)
