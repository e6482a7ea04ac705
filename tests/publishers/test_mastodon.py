"""Mastodon: the pure payload builders without I/O, then the adapter against the fake server."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.domain.text_limits import MASTODON_TEXT, mastodon_length
from bot.publishers import mastodon_payloads as payloads
from bot.publishers.base import PreparedPost, PublishError
from bot.publishers.mastodon import MastodonPublisher
from bot.secrets import Secret
from tests.fakes.mastodon_api import FakeMastodon
from tests.fakes.mastodon_model import render
from tests.support.platforms import make_post

pytestmark = [pytest.mark.mastodon, pytest.mark.usefixtures("loopback_only")]

Factory = Callable[..., MastodonPublisher]


def mastodon_post(text: str | None = None, **kwargs: object) -> PreparedPost:
    post = make_post(**kwargs)  # type: ignore[arg-type]
    return replace(post, texts={**post.texts, "mastodon": text or post.texts["x"]})


def expect_error(call: Callable[[], object]) -> PublishError:
    with pytest.raises(PublishError) as caught:
        call()
    return caught.value


# --- pure: no server ------------------------------------------------------------------------------


class TestPayloads:
    def test_the_idempotency_key_belongs_to_the_post_record_not_the_attempt(self) -> None:
        key = payloads.idempotency_key("S-2024-1", 0)
        assert key == payloads.idempotency_key("S-2024-1", 0)  # a retry sends the same key
        assert key != payloads.idempotency_key("S-2024-1", 1)  # `post --force`: a new post
        assert key != payloads.idempotency_key("S-2024-2", 0)
        assert len(key) <= 64 and key.startswith("actbot-")

    def test_status_arguments_carry_language_visibility_media_and_key(self) -> None:
        arguments = payloads.status_arguments(
            "text", "42", visibility="unlisted", language="fr", key="k"
        )
        assert arguments == {
            "status": "text",
            "media_ids": ["42"],
            "visibility": "unlisted",
            "language": "fr",
            "idempotency_key": "k",
        }
        with pytest.raises(ValueError, match="visibility"):
            payloads.status_arguments("t", "1", visibility="everyone", language="en", key="k")

    def test_links_count_23_and_characters_count_as_graphemes(self) -> None:
        link = "https://press.un.org/en/2024/sc15678.doc.htm?with=a&very=long&query=string"
        assert mastodon_length(f"Vetoed {link}") == len("Vetoed ") + 23
        assert (
            mastodon_length("\U0001f468\u200d\U0001f469\u200d\U0001f467 e\u0301") == 3
        )  # family, accent
        assert MASTODON_TEXT.max_length == 500
        assert MASTODON_TEXT.fits("a" * 476 + " " + link)  # 477 + 23 = 500
        assert not MASTODON_TEXT.fits("a" * 477 + " " + link)

    def test_the_instance_sets_the_limit_and_defaults_fill_what_it_leaves_out(self) -> None:
        limits = payloads.instance_limits(
            {
                "configuration": {
                    "statuses": {"max_characters": 1000, "characters_reserved_per_url": 30}
                }
            }
        )
        assert (limits.max_characters, limits.url_length, limits.description_limit) == (
            1000,
            30,
            1500,
        )
        assert limits.text.measure("see https://example.org/x") == 4 + 30
        assert payloads.instance_limits({}) == payloads.InstanceLimits()
        odd = {"configuration": {"statuses": {"max_characters": "lots"}}}
        assert payloads.instance_limits(odd).max_characters == 500

    def test_problems_name_the_instance_limit_and_the_description_limit(self) -> None:
        small = payloads.InstanceLimits(max_characters=20)
        problems = payloads.mastodon_problems("x" * 21, b"png", "alt " * 400, small)
        assert problems == [
            "the Mastodon text counts 21 characters; the limit is 20 on this instance",
            "the alt text has 1600 characters; Mastodon takes at most 1500",
        ]
        assert payloads.mastodon_problems("fine", b"png", "a" * 1500) == []
        assert payloads.mastodon_problems("  ", b"png", "alt") == ["the Mastodon text is empty"]

    def test_the_rate_limit_reset_is_read_as_mastodon_writes_it(self) -> None:
        assert payloads.retry_at("2026-05-04T13:25:00.019685Z") == datetime(
            2026, 5, 4, 13, 25, 0, 19685, tzinfo=UTC
        )
        assert payloads.retry_at("1780000000") == datetime.fromtimestamp(1780000000, UTC)
        assert payloads.retry_at("soon") is None and payloads.retry_at(None) is None

    def test_missing_scopes_count_parent_scopes(self) -> None:
        assert payloads.missing_scopes(["read", "write"]) == []
        assert payloads.missing_scopes(["read", "write:media", "write:statuses"]) == []
        assert payloads.missing_scopes(["read", "write:media"]) == ["write:statuses"]
        assert payloads.missing_scopes(["write"]) == ["read:accounts", "read:statuses"]

    def test_a_status_is_recognised_by_its_words_through_mastodon_html(self) -> None:
        text = (
            "Vetoed: S/2024/9 & more <b> https://example.org/s-2024-9\n\nline two\n"
            "#ACTcodeofconduct"
        )
        real = (  # as mastodon.social renders a status
            '<p>Vetoed: S/2024/9 &amp; more &lt;b&gt; <a href="https://example.org/s-2024-9" '
            'rel="nofollow noopener" translate="no" target="_blank"><span class="invisible">'
            'https://</span><span class="">example.org/s-2024-9</span><span class="invisible">'
            '</span></a></p><p>line two<br /><a href="https://mastodon.social/tags/actcodeofconduct"'
            ' class="mention hashtag" rel="tag">#<span>ACTcodeofconduct</span></a></p>'
        )
        for content in (real, render(text, "mastodon.example")):
            assert payloads.is_our_status({"content": content, "reblog": None}, text)
        assert not payloads.is_our_status({"content": real}, text.replace("S/2024/9", "S/2024/8"))
        assert not payloads.is_our_status({"content": real, "reblog": {"id": "1"}}, text)


# --- the adapter against the fake server ----------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon() as server:
        yield server


@pytest.fixture
def make_publisher(fake: FakeMastodon) -> Factory:
    def build(server: FakeMastodon | None = None, **kwargs: object) -> MastodonPublisher:
        server = server or fake
        kwargs.setdefault("access_token", Secret(server.token))
        kwargs.setdefault("sleep", lambda seconds: None)
        kwargs.setdefault("timeout", 5.0)
        return MastodonPublisher(instance_url=server.url, **kwargs)  # type: ignore[arg-type]

    return build


class TestPosting:
    def test_posts_the_card_with_alt_text_after_processing_without_really_sleeping(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        sleeps: list[float] = []
        post = replace(mastodon_post(), language="fr")  # the card's language is the status's
        started = time.monotonic()
        receipt = make_publisher(sleep=sleeps.append, visibility="unlisted").publish(post)
        assert time.monotonic() - started < 5
        (status,) = fake.statuses
        assert receipt.platform_id == status.id
        assert receipt.url == f"https://mastodon.example/@actscorecard/{status.id}"
        assert (status.text, status.visibility, status.language) == (
            post.texts["mastodon"],
            "unlisted",
            "fr",
        )
        assert status.idempotency_key == payloads.idempotency_key(post.slug, post.generation)
        (media,) = (fake.media[media_id] for media_id in status.media_ids)
        assert media.data == post.card_png and media.description == post.alt_text
        assert sleeps == [1.0, 1.0, 1.0]  # a wait before each poll: 206, 206, then the url
        assert [
            (m, p.rsplit("/", 1)[-1] if "media/" in p else p, c) for m, p, c in fake.requests
        ] == [
            ("GET", "/api/v2/instance", 200),
            ("POST", "/api/v2/media", 202),
            ("GET", media.id, 206),
            ("GET", media.id, 206),
            ("GET", media.id, 200),
            ("POST", "/api/v1/statuses", 200),
        ]

    def test_processing_that_never_ends_is_retried_later_and_nothing_is_posted(
        self, make_publisher: Factory
    ) -> None:
        with FakeMastodon(processing_polls=1000) as slow:
            sleeps: list[float] = []
            publisher = make_publisher(slow, sleep=sleeps.append, max_processing_wait=3.0)
            error = expect_error(lambda: publisher.publish(mastodon_post()))
        assert error.retryable and "still being processed" in str(error)
        assert sleeps == [1.0, 1.0, 1.0] and slow.statuses == []

    def test_verify_names_the_account_scopes_and_limit(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        assert make_publisher().verify() == (
            f"signed in to {fake.url.removeprefix('http://')} as @actscorecard "
            "(id 109000000000000001); the app has the scopes needed; "
            "posts are public, up to 500 characters"
        )

    def test_verify_says_which_scopes_are_missing(self, make_publisher: Factory) -> None:
        with FakeMastodon(scopes=("read", "write:media")) as narrow:
            error = expect_error(make_publisher(narrow).verify)
        assert error.disables_network and "lacks the scopes write:statuses" in str(error)

    def test_verify_on_a_server_older_than_4_3_says_it_cannot_tell(
        self, make_publisher: Factory
    ) -> None:
        with FakeMastodon(app_reports_scopes=False) as old:
            assert "does not say which scopes" in make_publisher(old).verify()


class TestInstanceLimit:
    def test_the_instance_limit_is_read_once_and_respected(self, make_publisher: Factory) -> None:
        with FakeMastodon(max_characters=120, url_length=30) as small:
            publisher = make_publisher(small)
            assert publisher.text_limit().max_length == 120
            assert publisher.text_limit().measure("https://example.org") == 30
            error = expect_error(lambda: publisher.publish(mastodon_post("x" * 121)))
            publisher.publish(mastodon_post("x" * 120))
        assert not error.retryable and "the limit is 120 on this instance" in str(error)
        assert [path for _, path, _ in small.requests].count("/api/v2/instance") == 1
        assert len(small.statuses) == 1

    def test_over_the_limit_the_server_says_422_and_it_is_not_retried(
        self, make_publisher: Factory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(payloads, "mastodon_problems", lambda *args: [])  # let Mastodon say no
        with FakeMastodon(max_characters=50) as small:
            text = "y" * 30 + " https://example.org/" + "z" * 40  # 31 + 23 = 54
            error = expect_error(lambda: make_publisher(small).publish(mastodon_post(text)))
        assert not error.retryable and not error.disables_network
        assert "422 Validation failed: Text character limit of 50 exceeded" in str(error)

    def test_an_alt_text_over_1500_never_leaves_and_the_server_would_refuse_it(
        self, fake: FakeMastodon, make_publisher: Factory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        long_alt = "a" * 1501
        error = expect_error(lambda: make_publisher().publish(mastodon_post(alt_text=long_alt)))
        assert not error.retryable and "at most 1500" in str(error)
        assert ("POST", "/api/v2/media", 202) not in fake.requests
        monkeypatch.setattr(payloads, "mastodon_problems", lambda *args: [])
        error = expect_error(lambda: make_publisher().publish(mastodon_post(alt_text=long_alt)))
        assert not error.retryable and "Description is too long" in str(error)

    def test_an_unreadable_instance_falls_back_to_500_and_asks_again(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        fake.fail_next(1, "503", path="/api/v2/instance")
        publisher = make_publisher()
        assert publisher.text_limit().max_length == 500
        fake.max_characters = 800
        assert publisher.text_limit().max_length == 800


class TestExactlyOnce:
    def test_find_is_none_before_and_the_post_after(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        post = mastodon_post()
        assert make_publisher().find(post) is None
        receipt = make_publisher().publish(post)
        assert make_publisher().find(post) == receipt  # a fresh process after a crash
        other = mastodon_post()
        assert make_publisher().find(other) is None

    def test_an_answer_lost_after_the_status_was_made_is_found_not_repeated(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        post = mastodon_post()
        fake.fail_next(1, "503-after", path="/api/v1/statuses")
        receipt = make_publisher().publish(post)
        assert len(fake.statuses) == 1 and receipt.platform_id == fake.statuses[0].id

    def test_a_retry_with_the_same_key_gets_the_same_status_back(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        post = mastodon_post()
        fake.fail_next(1, "503-after", path="/api/v1/statuses")
        fake.fail_next(1, "503", path="/api/v1/accounts")  # and the account cannot be read
        error = expect_error(lambda: make_publisher().publish(post))
        assert error.retryable and len(fake.statuses) == 1
        retry = make_publisher().publish(replace(post, attempt_id="attempt-2"))
        assert retry.platform_id == fake.statuses[0].id and len(fake.statuses) == 1

    def test_look_first_finds_an_earlier_post_and_sends_nothing(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        post = mastodon_post()
        receipt = make_publisher().publish(post)
        again = make_publisher().publish(replace(post, generation=1, look_first=True))
        assert again == receipt and len(fake.statuses) == 1


class TestErrors:
    def test_429_retries_at_x_ratelimit_reset(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        fake.fail_next(1, "429", path="/api/v2/media")
        error = expect_error(lambda: make_publisher().publish(mastodon_post()))
        assert error.retryable and error.retry_at is not None
        assert 0 < (error.retry_at - datetime.now(UTC)).total_seconds() <= 300

    def test_the_upload_limit_429_waits_for_its_own_30_minute_window(
        self, make_publisher: Factory
    ) -> None:
        with FakeMastodon(media_limit=1) as fake:
            publisher = make_publisher(fake)
            publisher.publish(mastodon_post())
            error = expect_error(lambda: publisher.publish(mastodon_post()))
        assert error.retryable and error.retry_at is not None
        window_end = datetime.fromtimestamp(time.time() // 1800 * 1800 + 1800, UTC)
        assert abs((error.retry_at - window_end).total_seconds()) < 2
        assert len(fake.statuses) == 1

    @pytest.mark.parametrize("kind", ["500", "503"])
    def test_server_errors_are_retryable(
        self, fake: FakeMastodon, make_publisher: Factory, kind: str
    ) -> None:
        fake.fail_next(1, kind, path="/api/v2/media")
        error = expect_error(lambda: make_publisher().publish(mastodon_post()))
        assert error.retryable and error.retry_at is None and not error.disables_network
        assert kind in str(error) and fake.statuses == []

    def test_a_timeout_is_retryable_without_waiting_long(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        fake.hang_seconds = 1.5
        fake.fail_next(1, "timeout", path="/api/v2/media")
        started = time.monotonic()
        error = expect_error(lambda: make_publisher(timeout=0.3).publish(mastodon_post()))
        assert error.retryable and "no answer in time" in str(error)
        assert time.monotonic() - started < 3

    def test_connection_refused_is_retryable(self, make_publisher: Factory) -> None:
        with FakeMastodon() as gone:
            pass
        error = expect_error(lambda: make_publisher(gone, timeout=1.0).publish(mastodon_post()))
        assert error.retryable and "cannot connect" in str(error)

    def test_an_html_page_for_an_answer_is_retryable(
        self, fake: FakeMastodon, make_publisher: Factory
    ) -> None:
        fake.fail_next(1, "html", path="/api/v1/statuses")
        fake.fail_next(1, "503", path="/api/v1/accounts")
        error = expect_error(lambda: make_publisher().publish(mastodon_post()))
        assert error.retryable and "not a valid reply" in str(error)

    def test_a_refused_token_disables_the_network_and_says_what_to_fix(
        self, make_publisher: Factory
    ) -> None:
        error = expect_error(
            lambda: make_publisher(access_token=Secret("not-the-token")).publish(mastodon_post())
        )
        assert error.disables_network and not error.retryable
        assert "401 The access token is invalid" in str(error)
        assert "ACTBOT_MASTODON_ACCESS_TOKEN" in str(error)

    def test_a_token_without_write_statuses_is_403_and_disables(
        self, make_publisher: Factory
    ) -> None:
        with FakeMastodon(scopes=("read", "write:media")) as narrow:
            error = expect_error(lambda: make_publisher(narrow).publish(mastodon_post()))
        assert error.disables_network and "403 This action is outside the authorized" in str(error)

    def test_a_missing_text_is_not_retryable(self, make_publisher: Factory) -> None:
        assert not expect_error(lambda: make_publisher().publish(make_post())).retryable


class TestSecrets:
    def test_the_token_is_in_no_log_error_or_repr(
        self, fake: FakeMastodon, make_publisher: Factory, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        for name in ("urllib3", "requests", "mastodon"):
            logging.getLogger(name).setLevel(logging.DEBUG)
        publisher = make_publisher()
        publisher.publish(mastodon_post())
        errors = []
        fake.fail_next(1, "401")
        errors.append(expect_error(lambda: publisher.publish(mastodon_post())))
        fake.fail_next(1, "timeout", path="/api/v2/media")
        errors.append(expect_error(lambda: make_publisher(timeout=0.3).publish(mastodon_post())))
        wrong = make_publisher(access_token=Secret("wrong-" + fake.token[6:]))
        errors.append(expect_error(wrong.verify))

        assert caplog.records, "DEBUG logging was captured"
        seen = caplog.text + " ".join(map(str, errors)) + repr(publisher) + repr(errors)
        seen += " ".join(repr(error.__cause__) + repr(error.__context__) for error in errors)
        assert fake.token not in seen and fake.token[6:] not in seen
