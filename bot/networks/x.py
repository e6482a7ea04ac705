"""X (Twitter) as a network: API v2 with OAuth 1.0a user credentials."""

from __future__ import annotations

from pydantic import Field

from bot.config_types import NetworkSection
from bot.domain.text_limits import X_TEXT
from bot.networks.base import Network
from bot.publishers.base import Publisher


class XSettings(NetworkSection):
    """[x]; the four OAuth 1.0a secrets come from ACTBOT_X_* variables (or *_FILE)."""

    api_base_url: str = ""  # empty: https://api.x.com; a loopback fake in tests
    recent_posts: int = Field(default=100, ge=5, le=100)
    daily_cap: int = Field(default=17, ge=0)  # X's legacy free tier: 17 posts per 24 h


def connect(section: XSettings) -> Publisher:
    from bot.publishers.x import XCredentials, XPublisher

    return XPublisher(
        XCredentials.from_environment(),
        api_base_url=section.api_base_url or None,
        timeout=(5.0, section.timeout_seconds),
        recent_posts=section.recent_posts,
    )


NETWORK = Network(
    name="x",
    label="X",
    settings=XSettings,
    text_limit=X_TEXT,
    connect=connect,
    secret_variables=(
        "ACTBOT_X_API_KEY",
        "ACTBOT_X_API_KEY_SECRET",
        "ACTBOT_X_ACCESS_TOKEN",
        "ACTBOT_X_ACCESS_TOKEN_SECRET",
    ),
)
