"""A network is one module plus its registration: a fake one posts end to end through the
real config, pipeline, outbox and CLI, and an unregistered one fails loudly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from bot import networks
from bot.config import ConfigError, load_settings
from tests.support.fake_network import FakeNetServer

Actbot = Callable[..., Result]

LIVE = """
[publishing]
dry_run = false
networks = ["fakenet"]

[posting]
not_before = 2024-01-01

[fakenet]
account = "act-scorecard"
daily_cap = 50
"""


def test_a_registered_network_posts_end_to_end(
    actbot: Actbot, workdir: Path, fakenet: FakeNetServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "config.toml").write_text(LIVE, encoding="utf-8")
    monkeypatch.setenv("ACTBOT_FAKENET_TOKEN", "fake-token")

    checked = actbot("check")
    assert "fakenet: signed in to FakeNet as act-scorecard" in checked.output, checked.output

    first = actbot("run", "--once")
    assert first.exit_code == 0, first.output
    assert fakenet.posts, "the due votes of 2024 were posted on the fake network"
    assert all(str(post["text"]).endswith("#ACTcodeofconduct") for post in fakenet.posts.values())
    assert all(len(str(post["text"])) <= 200 for post in fakenet.posts.values())  # its limit
    posted = len(fakenet.posts)

    again = actbot("run", "--once")
    assert again.exit_code == 0 and len(fakenet.posts) == posted  # exactly once

    by_hand = actbot("post", "--period", "2024", "--network", "fakenet")
    assert by_hand.exit_code == 0, by_hand.output
    assert "period-2024-0" in fakenet.posts
    repeat = actbot("post", "--period", "2024", "--network", "fakenet")
    assert "already posted on fakenet" in repeat.output

    status = actbot("status", "--limit", "200")
    assert "fakenet: posted" in status.output

    rendered = actbot("render", "--resolution", "S/2016/846", "--out", "card.png")
    assert "FakeNet text" in rendered.output
    assert (workdir / "card.fakenet.txt").read_text(encoding="utf-8").strip()


def test_a_wrong_token_is_refused_and_said(
    actbot: Actbot, workdir: Path, fakenet: FakeNetServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "config.toml").write_text(LIVE, encoding="utf-8")
    monkeypatch.setenv("ACTBOT_FAKENET_TOKEN", "wrong")
    checked = actbot("check")
    assert checked.exit_code == 1
    assert "PROBLEM  fakenet: fakenet: the token was refused" in checked.output
    missing = LIVE.replace('account = "act-scorecard"\n', "")
    (workdir / "config.toml").write_text(missing, encoding="utf-8")
    assert "fakenet.account: needed to post on FakeNet" in actbot("check").output


def test_a_network_nobody_registered_fails_loudly(workdir: Path) -> None:
    with pytest.raises(networks.UnknownNetwork, match="unknown network 'fakenet'"):
        networks.get("fakenet")
    config = workdir / "config.toml"
    config.write_text(LIVE, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(config, environ={})
    assert "publishing.networks: unknown network 'fakenet'" in str(raised.value)
    assert "fakenet: is not a known key" in str(raised.value)


def test_the_built_in_networks_cannot_be_replaced() -> None:
    with pytest.raises(ValueError, match="built in"):
        networks.unregister("x")
    assert networks.names() == ("x", "bluesky", "mastodon")
