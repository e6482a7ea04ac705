"""The Bluesky publisher against a real PDS (@atproto/dev-env) on 127.0.0.1."""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from atproto_client.client.session import Session  # type: ignore[import-untyped]

from bot.publishers import payloads
from bot.publishers.base import PublishError
from bot.publishers.bluesky import BlueskyPublisher, BlueskyReceipt
from bot.secrets import Secret
from tests.fakes.faults import FaultTransport
from tests.support.platforms import (
    BlueskyAccount,
    PdsServer,
    card_png,
    list_posts,
    make_post,
    read_blob,
    read_record,
)

pytestmark = [pytest.mark.pds, pytest.mark.usefixtures("loopback_only")]

Factory = Callable[..., BlueskyPublisher]


@pytest.fixture
def transport() -> FaultTransport:
    return FaultTransport()


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "bluesky.session"


@pytest.fixture
def make_publisher(
    bluesky_account: BlueskyAccount, transport: FaultTransport, session_file: Path
) -> Factory:
    def build(**kwargs: object) -> BlueskyPublisher:
        settings: dict[str, object] = {
            "handle": bluesky_account.handle,
            "app_password": Secret(bluesky_account.app_password),
            "session_file": session_file,
            "base_url": bluesky_account.base_url,
            "transport": transport,
            "timeout": 10.0,
        }
        settings.update(kwargs)
        return BlueskyPublisher(**settings)  # type: ignore[arg-type]

    return build


def expect_error(call: Callable[[], object]) -> PublishError:
    with pytest.raises(PublishError) as caught:
        call()
    return caught.value


class TestPosting:
    def test_record_read_back_has_text_tag_alt_aspect_and_blob(
        self, pds: PdsServer, bluesky_account: BlueskyAccount, make_publisher: Factory
    ) -> None:
        post = make_post(generation=0)
        receipt = make_publisher().publish(post)

        rkey = payloads.record_key(post.slug, post.generation)
        assert isinstance(receipt, BlueskyReceipt)
        assert receipt.platform_id == payloads.at_uri(bluesky_account.did, rkey)
        assert receipt.url == f"https://bsky.app/profile/{bluesky_account.handle}/post/{rkey}"

        stored = read_record(pds.url, receipt.platform_id)
        assert stored["cid"] == receipt.cid
        record = stored["value"]
        assert record["text"] == post.texts["bluesky"]
        (facet,) = record["facets"]
        start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
        assert record["text"].encode()[start:end] == b"#ACTcodeofconduct"
        assert facet["features"][0]["$type"] == "app.bsky.richtext.facet#tag"
        assert facet["features"][0]["tag"] == "ACTcodeofconduct"
        (image,) = record["embed"]["images"]
        assert image["alt"] == post.alt_text
        assert (image["aspectRatio"]["width"], image["aspectRatio"]["height"]) == (1200, 675)
        assert image["image"]["mimeType"] == "image/png"
        assert image["image"]["size"] == len(post.card_png)
        blob = read_blob(pds.url, bluesky_account.did, image["image"]["ref"]["$link"])
        assert blob == post.card_png

    def test_verify_logs_in_and_names_the_account(
        self, bluesky_account: BlueskyAccount, make_publisher: Factory
    ) -> None:
        message = make_publisher().verify()
        assert f"@{bluesky_account.handle}" in message and bluesky_account.did in message


class TestCheck:
    def test_a_wrong_app_password_fails_check_even_with_a_valid_stored_session(
        self, bluesky_account: BlueskyAccount, make_publisher: Factory, session_file: Path
    ) -> None:
        make_publisher().publish(make_post())  # a session is stored
        assert session_file.exists()
        wrong = make_publisher(app_password=Secret("wrong-wrong-wrong-wrong"))
        wrong.publish(make_post())  # posting still resumes the stored session...
        error = expect_error(wrong.verify)  # ...but check proves the password itself
        assert error.disables_network and "app password" in str(error)


class TestSession:
    def test_logs_in_once_and_resumes_from_a_0600_file(
        self, make_publisher: Factory, transport: FaultTransport, session_file: Path
    ) -> None:
        make_publisher().publish(make_post())
        assert stat.S_IMODE(session_file.stat().st_mode) == 0o600
        make_publisher().publish(make_post())  # a new process: resumes, no new login
        assert transport.calls.count("com.atproto.server.createSession") == 1
        make_publisher().verify()  # `check` proves the password itself: one login
        assert transport.calls.count("com.atproto.server.createSession") == 2

    def test_refreshes_an_expiring_session_and_saves_it(
        self, make_publisher: Factory, transport: FaultTransport, session_file: Path
    ) -> None:
        make_publisher().verify()
        before = session_file.read_text()
        # the client's clock jumps a day ahead once: the stored access token looks expired
        ticks = iter([datetime.now(UTC) + timedelta(days=1)])
        make_publisher(clock=lambda: next(ticks, datetime.now(UTC))).publish(make_post())
        assert transport.calls.count("com.atproto.server.refreshSession") == 1
        assert transport.calls.count("com.atproto.server.createSession") == 1
        assert session_file.read_text() != before
        assert stat.S_IMODE(session_file.stat().st_mode) == 0o600

    def test_a_revoked_session_is_replaced_by_one_password_login(
        self,
        pds: PdsServer,
        make_publisher: Factory,
        transport: FaultTransport,
        session_file: Path,
    ) -> None:
        make_publisher().verify()
        session = Session.decode(session_file.read_text())
        revoked = httpx.post(
            f"{pds.url}/xrpc/com.atproto.server.deleteSession",
            headers={"Authorization": f"Bearer {session.refresh_jwt}"},
        )
        assert revoked.status_code == 200
        ticks = iter([datetime.now(UTC) + timedelta(days=1)])
        receipt = make_publisher(clock=lambda: next(ticks, datetime.now(UTC))).publish(make_post())
        assert receipt.platform_id.startswith("at://")
        assert transport.calls.count("com.atproto.server.createSession") == 2

    def test_garbage_session_file_is_replaced(
        self, make_publisher: Factory, session_file: Path
    ) -> None:
        session_file.parent.mkdir(parents=True)
        session_file.write_text("not a session string")
        make_publisher().publish(make_post())
        assert Session.decode(session_file.read_text()).did.startswith("did:plc:")

    def test_429_on_login_retries_at_reset(
        self, make_publisher: Factory, transport: FaultTransport
    ) -> None:
        transport.fail_next(1, "429", "com.atproto.server.createSession")
        error = expect_error(lambda: make_publisher().publish(make_post()))
        assert error.retryable and error.retry_at is not None
        assert 200 < (error.retry_at - datetime.now(UTC)).total_seconds() <= 300

    def test_wrong_app_password_disables_the_network(
        self, bluesky_account: BlueskyAccount, make_publisher: Factory
    ) -> None:
        error = expect_error(
            lambda: make_publisher(app_password=Secret("wrong-app-password")).publish(make_post())
        )
        assert error.disables_network and not error.retryable
        assert "app password" in str(error)


class TestExactlyOnce:
    def test_find_before_and_after_publish(
        self, pds: PdsServer, bluesky_account: BlueskyAccount, make_publisher: Factory
    ) -> None:
        post = make_post()
        assert make_publisher().find(post) is None
        receipt = make_publisher().publish(post)
        found = make_publisher().find(post)  # a new process after a crash
        assert found == receipt
        assert make_publisher().publish(post) == receipt  # a repeat adds nothing
        assert len(list_posts(pds.url, bluesky_account.did)) == 1

    def test_generations_are_separate_posts(
        self, pds: PdsServer, bluesky_account: BlueskyAccount, make_publisher: Factory
    ) -> None:
        first = make_publisher().publish(make_post(number=77, generation=0))
        assert make_publisher().find(make_post(number=77, generation=1)) is None
        second = make_publisher().publish(make_post(number=77, generation=1))
        assert first.platform_id != second.platform_id
        assert len(list_posts(pds.url, bluesky_account.did)) == 2

    @pytest.mark.parametrize("kind", ["500-after", "timeout-after"])
    def test_answer_lost_after_the_pds_wrote_it(
        self,
        pds: PdsServer,
        bluesky_account: BlueskyAccount,
        make_publisher: Factory,
        transport: FaultTransport,
        kind: str,
    ) -> None:
        post = make_post()
        transport.fail_next(1, kind, "com.atproto.repo.createRecord")
        receipt = make_publisher().publish(post)  # sees the failure, finds the record
        assert receipt == make_publisher().find(post)
        assert len(list_posts(pds.url, bluesky_account.did)) == 1


class TestErrors:
    @pytest.mark.parametrize("kind", ["500", "502", "503", "timeout", "connect"])
    def test_transient_failures_are_retryable(
        self,
        pds: PdsServer,
        bluesky_account: BlueskyAccount,
        make_publisher: Factory,
        transport: FaultTransport,
        kind: str,
    ) -> None:
        publisher = make_publisher()
        publisher.verify()
        transport.fail_next(1, kind, "com.atproto.repo.uploadBlob")
        error = expect_error(lambda: publisher.publish(make_post()))
        assert error.retryable and not error.disables_network
        assert list_posts(pds.url, bluesky_account.did) == []
        publisher.publish(make_post())  # and the next attempt goes through

    def test_429_on_post_retries_at_reset(
        self, make_publisher: Factory, transport: FaultTransport
    ) -> None:
        publisher = make_publisher()
        publisher.verify()
        transport.fail_next(1, "429", "com.atproto.repo.createRecord")
        transport.fail_next(1, "429", "com.atproto.repo.getRecord")
        error = expect_error(lambda: publisher.publish(make_post()))
        assert error.retryable and error.retry_at is not None

    def test_401_with_a_fresh_login_disables_the_network(
        self, make_publisher: Factory, transport: FaultTransport
    ) -> None:
        publisher = make_publisher()
        publisher.verify()
        transport.fail_next(1, "401", "com.atproto.repo.createRecord")
        error = expect_error(lambda: publisher.publish(make_post()))
        assert error.disables_network and not error.retryable

    def test_401_on_a_resumed_session_logs_in_again_once(
        self, make_publisher: Factory, transport: FaultTransport
    ) -> None:
        make_publisher().verify()
        transport.fail_next(1, "401", "com.atproto.repo.getRecord")
        make_publisher().publish(make_post())
        assert transport.calls.count("com.atproto.server.createSession") == 2

    def test_400_is_not_retryable(self, make_publisher: Factory, transport: FaultTransport) -> None:
        publisher = make_publisher()
        publisher.verify()
        transport.fail_next(1, "400", "com.atproto.repo.createRecord")
        transport.fail_next(1, "400", "com.atproto.repo.getRecord")
        error = expect_error(lambda: publisher.publish(make_post()))
        assert not error.retryable and not error.disables_network

    def test_oversized_card_is_refused_before_any_request(
        self, make_publisher: Factory, transport: FaultTransport
    ) -> None:
        big = card_png(noise=400_000)
        assert len(big) >= 1_000_000
        error = expect_error(lambda: make_publisher().publish(make_post(png=big)))
        assert not error.retryable and "1,000,000" in str(error)
        assert transport.calls == []

    def test_too_long_text_is_refused(self, make_publisher: Factory) -> None:
        error = expect_error(lambda: make_publisher().publish(make_post(bluesky_text="a" * 301)))
        assert not error.retryable and "300" in str(error)

    def test_a_real_400_from_the_pds_is_not_retryable(
        self, make_publisher: Factory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(payloads, "bluesky_problems", lambda *args: [])
        error = expect_error(lambda: make_publisher().publish(make_post(bluesky_text="a" * 3001)))
        assert not error.retryable and "400" in str(error)


class TestSecrets:
    def test_no_password_or_session_in_logs_errors_or_repr(
        self,
        bluesky_account: BlueskyAccount,
        make_publisher: Factory,
        transport: FaultTransport,
        session_file: Path,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        caplog.set_level(logging.DEBUG)
        publisher = make_publisher()
        publisher.publish(make_post())
        errors = []
        transport.fail_next(1, "401", "com.atproto.repo.getRecord")
        errors.append(expect_error(lambda: publisher.publish(make_post())))
        bad = make_publisher(
            app_password=Secret("wrong-app-password"), session_file=session_file.with_name("x")
        )
        errors.append(expect_error(lambda: bad.verify()))
        transport.fail_next(1, "timeout", "com.atproto.repo.getRecord")
        errors.append(expect_error(lambda: publisher.publish(make_post())))

        session = Session.decode(session_file.read_text())
        seen = caplog.text + repr(publisher) + " ".join(f"{e} {e!r}" for e in errors)
        for secret in (
            bluesky_account.app_password,
            "wrong-app-password",
            session.access_jwt,
            session.refresh_jwt,
            session_file.read_text(),
        ):
            assert secret not in seen
