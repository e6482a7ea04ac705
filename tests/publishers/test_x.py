"""The X publisher, driven through unmodified tweepy against the OAuth-checking fake X API v2."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import requests
from requests_oauthlib import OAuth1  # type: ignore[import-untyped]

from bot.publishers import payloads
from bot.publishers.base import PreparedPost, PublishError
from bot.publishers.x import XCredentials, XPublisher
from bot.publishers.x_http import RedirectAdapter
from bot.secrets import Secret
from tests.fakes.x_api import FakeX
from tests.support.platforms import card_png, make_post

pytestmark = [pytest.mark.xfake, pytest.mark.usefixtures("loopback_only")]

Factory = Callable[..., XPublisher]


def credentials_for(fake: FakeX, **override: str) -> XCredentials:
    values = {
        "api_key": fake.credentials.api_key,
        "api_key_secret": fake.credentials.api_key_secret,
        "access_token": fake.credentials.access_token,
        "access_token_secret": fake.credentials.access_token_secret,
        **override,
    }
    return XCredentials(**{name: Secret(value) for name, value in values.items()})


@pytest.fixture
def make_publisher(fake_x: FakeX) -> Factory:
    def build(**kwargs: object) -> XPublisher:
        credentials = kwargs.pop("credentials", None) or credentials_for(fake_x)
        kwargs.setdefault("timeout", (2.0, 5.0))
        kwargs.setdefault("sleep", lambda seconds: None)
        return XPublisher(credentials, api_base_url=fake_x.url, **kwargs)  # type: ignore[arg-type]

    return build


def expect_error(call: Callable[[], object]) -> PublishError:
    with pytest.raises(PublishError) as caught:
        call()
    return caught.value


class TestPosting:
    def test_posts_text_card_and_alt_text(self, fake_x: FakeX, make_publisher: Factory) -> None:
        post = make_post()
        receipt = make_publisher().publish(post)

        (tweet,) = fake_x.tweets
        assert receipt.platform_id == tweet.id
        assert receipt.url == f"https://x.com/i/web/status/{tweet.id}"
        assert tweet.submitted_text == post.texts["x"]
        (media_id,) = tweet.media_ids
        media = fake_x.media[media_id]
        assert bytes(media.data) == post.card_png
        assert (media.media_type, media.width, media.height) == ("image/png", 1200, 675)
        assert media.alt_text == post.alt_text
        assert [path for _, path, _ in fake_x.requests] == [
            "/2/media/upload",
            "/2/media/metadata",
            "/2/tweets",
        ]
        assert fake_x.auth_failures == []

    def test_large_card_goes_up_in_chunks(self, fake_x: FakeX, make_publisher: Factory) -> None:
        png = card_png(noise=6000)
        assert len(png) > 20_000
        post = make_post(png=png)
        make_publisher(one_shot_limit=10_000, chunk_size=8_192).publish(post)

        paths = [path.rsplit("/", 1)[-1] for _, path, _ in fake_x.requests]
        parts = -(-len(png) // 8_192)
        assert paths == ["initialize", *["append"] * parts, "finalize", "metadata", "tweets"]
        (tweet,) = fake_x.tweets
        assert bytes(fake_x.media[tweet.media_ids[0]].data) == png

    def test_texts_with_urls_and_ampersands_are_found_again(
        self, fake_x: FakeX, make_publisher: Factory
    ) -> None:
        text = "Vetoed: S/2024/9 & more https://example.org/s-2024-9\n#ACTcodeofconduct"
        post = make_post(x_text=text)
        receipt = make_publisher().publish(post)
        assert fake_x.tweets[0].text != text  # X echoes &amp; and a t.co link
        assert make_publisher().find(post) == receipt

    def test_verify_names_the_account(self, make_publisher: Factory) -> None:
        assert make_publisher().verify() == (
            f"signed in to X as @{FakeX.USERNAME} (id {FakeX.USER_ID})"
        )


class TestExactlyOnce:
    def test_find_before_publish_is_none_and_after_is_the_post(
        self, fake_x: FakeX, make_publisher: Factory
    ) -> None:
        post = make_post()
        assert make_publisher().find(post) is None
        receipt = make_publisher().publish(post)
        # a fresh process after a crash: same PreparedPost, new publisher
        found = make_publisher().find(post)
        assert found is not None
        assert found.platform_id == receipt.platform_id
        assert found.url == receipt.url == f"https://x.com/i/web/status/{receipt.platform_id}"

    def test_answer_lost_after_x_accepted_then_retry_returns_the_same_post(
        self, fake_x: FakeX, make_publisher: Factory
    ) -> None:
        post = make_post()
        fake_x.fail_next(1, "503-after", path="/2/tweets")
        error = expect_error(lambda: make_publisher().publish(post))
        assert error.retryable
        assert len(fake_x.tweets) == 1  # X has it; we did not hear

        receipt = make_publisher().publish(post)  # the retry meets 403 duplicate, confirms
        assert receipt.platform_id == fake_x.tweets[0].id
        assert len(fake_x.posts_with_text(post.texts["x"])) == 1
        assert ("POST", "/2/tweets", 403) in fake_x.requests

    def test_timeout_after_accept_then_reconcile(
        self, fake_x: FakeX, make_publisher: Factory
    ) -> None:
        fake_x.hang_seconds = 1.0
        post = make_post()
        fake_x.fail_next(1, "timeout-after", path="/2/tweets")
        started = time.monotonic()
        error = expect_error(lambda: make_publisher(timeout=(1.0, 0.3)).publish(post))
        assert error.retryable and "no answer in time" in str(error)
        assert time.monotonic() - started < 3
        found = make_publisher().find(post)
        assert found is not None and found.platform_id == fake_x.tweets[0].id

    def test_duplicate_not_among_recent_posts_counts_as_posted_unconfirmed(
        self, fake_x: FakeX, make_publisher: Factory
    ) -> None:
        post = make_post()
        make_publisher().publish(post)
        for _ in range(5):
            make_publisher().publish(make_post())
        before = len(fake_x.tweets)
        receipt = make_publisher(recent_posts=5).publish(post)
        assert receipt.unconfirmed and receipt.platform_id == ""
        assert len(fake_x.tweets) == before  # X refused a second copy; nothing was posted

    def test_without_read_access_find_says_so_and_does_not_disable_posting(self) -> None:
        with FakeX(timeline_access=False) as fake:
            publisher = XPublisher(credentials_for(fake), api_base_url=fake.url)
            post = make_post()
            error = expect_error(lambda: publisher.find(post))
            assert not error.retryable and not error.disables_network
            assert "cannot confirm" in str(error) and "client-not-enrolled" not in str(error)
            publisher.publish(post)
            again = publisher.publish(post)  # 403 duplicate; the account cannot be read
            assert again.unconfirmed  # posted, unconfirmed: the operator is told to check
            assert len(fake.tweets) == 1


class TestErrors:
    def test_daily_quota_429_waits_for_the_24_hour_reset(self, make_publisher: Factory) -> None:
        with FakeX(daily_limit=2) as fake:
            publisher = XPublisher(credentials_for(fake), api_base_url=fake.url)
            publisher.publish(make_post())
            publisher.publish(make_post())
            error = expect_error(lambda: publisher.publish(make_post()))
            assert error.retryable
            (first, _) = fake.tweets
            assert error.retry_at == datetime.fromtimestamp(int(first.created_at) + 86400, UTC)
            assert len(fake.tweets) == 2

    def test_429_uses_x_rate_limit_reset(self, fake_x: FakeX, make_publisher: Factory) -> None:
        fake_x.fail_next(1, "429", path="/2/media/upload")
        error = expect_error(lambda: make_publisher().publish(make_post()))
        assert error.retryable and error.retry_at is not None
        assert 0 < (error.retry_at - datetime.now(UTC)).total_seconds() <= 15 * 60 + 5

    @pytest.mark.parametrize("kind", ["503", "500"])
    def test_server_errors_are_retryable(
        self, fake_x: FakeX, make_publisher: Factory, kind: str
    ) -> None:
        fake_x.fail_next(1, kind, path="/2/tweets")
        error = expect_error(lambda: make_publisher().publish(make_post()))
        assert error.retryable and error.retry_at is None and not error.disables_network
        assert fake_x.tweets == []

    def test_timeout_is_retryable_without_waiting_long(
        self, fake_x: FakeX, make_publisher: Factory
    ) -> None:
        fake_x.hang_seconds = 1.0
        fake_x.fail_next(1, "timeout", path="/2/media/upload")
        started = time.monotonic()
        error = expect_error(lambda: make_publisher(timeout=(1.0, 0.3)).publish(make_post()))
        assert error.retryable
        assert time.monotonic() - started < 3

    def test_connection_refused_is_retryable(self, make_publisher: Factory) -> None:
        with FakeX() as gone:
            url = gone.url
        publisher = XPublisher(credentials_for(gone), api_base_url=url, timeout=(1.0, 1.0))
        error = expect_error(lambda: publisher.publish(make_post()))
        assert error.retryable and "cannot connect" in str(error)

    def test_401_disables_the_network(self, fake_x: FakeX, make_publisher: Factory) -> None:
        fake_x.fail_next(1, "401")
        error = expect_error(lambda: make_publisher().publish(make_post()))
        assert error.disables_network and not error.retryable

    def test_wrong_secret_fails_the_signature_check(
        self, fake_x: FakeX, make_publisher: Factory
    ) -> None:
        bad = credentials_for(fake_x, access_token_secret="not-the-right-secret")  # noqa: S106
        error = expect_error(lambda: make_publisher(credentials=bad).publish(make_post()))
        assert error.disables_network
        assert fake_x.auth_failures == ["bad signature"]

    def test_stale_timestamp_is_refused(self, make_publisher: Factory) -> None:
        with FakeX(clock=lambda: time.time() + 3600) as fake:
            publisher = XPublisher(credentials_for(fake), api_base_url=fake.url)
            error = expect_error(lambda: publisher.publish(make_post()))
        assert error.disables_network
        assert fake.auth_failures == ["stale timestamp"]

    def test_replayed_nonce_is_refused(self, fake_x: FakeX) -> None:
        creds = fake_x.credentials
        session = requests.Session()
        session.mount("https://api.x.com/", RedirectAdapter(fake_x.url))
        auth = OAuth1(
            creds.api_key,
            client_secret=creds.api_key_secret,
            resource_owner_key=creds.access_token,
            resource_owner_secret=creds.access_token_secret,
            nonce="same-nonce-twice",
            timestamp=str(int(time.time())),
        )
        first = session.get("https://api.x.com/2/users/me", auth=auth)
        second = session.get("https://api.x.com/2/users/me", auth=auth)
        assert first.status_code == 200
        assert second.status_code == 401
        assert second.json() == {
            "title": "Unauthorized",
            "detail": "Unauthorized",
            "type": "about:blank",
            "status": 401,
        }
        assert fake_x.auth_failures == ["nonce used before"]

    def test_text_too_long_is_refused_by_x_and_not_retried(
        self, fake_x: FakeX, make_publisher: Factory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(payloads, "x_problems", lambda *args: [])  # let X itself say no
        error = expect_error(lambda: make_publisher().publish(make_post(x_text="a" * 281)))
        assert not error.retryable and not error.disables_network
        assert "too long" in str(error)
        assert ("POST", "/2/tweets", 400) in fake_x.requests

    def test_too_long_text_never_reaches_x(self, fake_x: FakeX, make_publisher: Factory) -> None:
        error = expect_error(lambda: make_publisher().publish(make_post(x_text="日" * 141)))
        assert not error.retryable and "282 weighted characters" in str(error)
        assert fake_x.requests == []

    def test_missing_text_is_not_retryable(self, make_publisher: Factory) -> None:
        post = make_post()
        bare = PreparedPost(**{**post.__dict__, "texts": {"bluesky": "only bluesky"}})
        assert not expect_error(lambda: make_publisher().publish(bare)).retryable


class TestSecrets:
    def test_no_secret_in_logs_errors_or_repr(
        self, fake_x: FakeX, make_publisher: Factory, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        for name in ("oauthlib", "requests_oauthlib", "tweepy", "urllib3"):
            logging.getLogger(name).setLevel(logging.DEBUG)
        publisher = make_publisher()
        errors = []
        publisher.publish(make_post())
        fake_x.fail_next(1, "401")
        errors.append(expect_error(lambda: publisher.publish(make_post())))
        bad = make_publisher(credentials=credentials_for(fake_x, api_key_secret="wrong" * 8))
        errors.append(expect_error(lambda: bad.publish(make_post())))
        errors.append(expect_error(lambda: bad.verify()))

        assert caplog.records, "DEBUG logging was captured"
        seen = caplog.text + " ".join(map(str, errors)) + repr(publisher) + repr(errors)
        seen += " ".join(repr(error.__cause__) + repr(error.__context__) for error in errors)
        for value in vars(fake_x.credentials).values():
            assert value not in seen
        assert "wrong" * 8 not in seen
