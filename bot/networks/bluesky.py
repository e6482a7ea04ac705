"""Bluesky as a network: the AT Protocol, with an app password."""

from __future__ import annotations

from pathlib import Path

from bot.config_types import NetworkSection
from bot.domain.text_limits import BLUESKY_TEXT
from bot.networks.base import Network
from bot.publishers.base import Publisher


class BlueskySettings(NetworkSection):
    """[bluesky]; the app password comes from ACTBOT_BLUESKY_APP_PASSWORD (or *_FILE)."""

    handle: str = ""
    base_url: str = "https://bsky.social"
    session_file: Path = Path("var/bluesky.session")


def connect(section: BlueskySettings) -> Publisher:
    from bot.publishers.bluesky import BlueskyPublisher
    from bot.secrets import require_secret

    return BlueskyPublisher(
        handle=section.handle,
        app_password=require_secret("ACTBOT_BLUESKY_APP_PASSWORD"),
        session_file=section.session_file,
        base_url=section.base_url,
        timeout=section.timeout_seconds,
    )


def live_problems(section: BlueskySettings) -> list[str]:
    return [] if section.handle else ["bluesky.handle: needed to post on Bluesky"]


def state_files(section: BlueskySettings) -> list[tuple[Path, str]]:
    return [(section.session_file, "a Bluesky session")]


NETWORK = Network(
    name="bluesky",
    label="Bluesky",
    settings=BlueskySettings,
    text_limit=BLUESKY_TEXT,
    connect=connect,
    secret_variables=("ACTBOT_BLUESKY_APP_PASSWORD",),
    live_problems=live_problems,
    state_files=state_files,
)
