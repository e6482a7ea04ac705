"""The payload builders: pure functions, no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from atproto_client.models.string_formats import TID_RE  # type: ignore[import-untyped]

from bot.domain.text_limits import grapheme_count, x_weighted_length
from bot.publishers import payloads

TEXT = "Vetoed by the Russian Federation: S/2024/123 (30 May 2024)\n#ACTcodeofconduct"


def _decode_tid(key: str) -> tuple[int, int]:
    value = 0
    for char in key:
        value = value * 32 + "234567abcdefghijklmnopqrstuvwxyz".index(char)
    return value >> 10, value & 0x3FF


class TestRecordKey:
    def test_is_a_valid_tid(self) -> None:
        for number in range(200):
            assert TID_RE.match(payloads.record_key(f"S-2024-{number}", 0))

    def test_is_deterministic_and_distinct_per_generation(self) -> None:
        first = payloads.record_key("S-RES-2722-2024", 0)
        assert first == payloads.record_key("S-RES-2722-2024", 0)
        assert first != payloads.record_key("S-RES-2722-2024", 1)
        assert first != payloads.record_key("S-RES-2723-2024", 0)

    def test_no_collisions_over_many_votes(self) -> None:
        keys = {payloads.record_key(f"S-{year}-{n}", g)
                for year in range(2015, 2027) for n in range(300) for g in range(3)}  # fmt: skip
        assert len(keys) == 12 * 300 * 3

    def test_timestamp_lies_in_the_past(self) -> None:
        launch = datetime(2015, 10, 23, tzinfo=UTC)
        for number in range(100):
            micros, _ = _decode_tid(payloads.record_key(f"S-2024-{number}", 0))
            moment = datetime.fromtimestamp(micros / 1e6, UTC)
            assert launch <= moment < launch + timedelta(days=3300)

    def test_tid_encoding_matches_the_spec_example(self) -> None:
        # 3jzfcijpj2z2a: the example TID of the atproto spec decodes and re-encodes unchanged
        micros, clock = _decode_tid("3jzfcijpj2z2a")
        assert payloads.tid(micros, clock) == "3jzfcijpj2z2a"

    def test_tid_rejects_out_of_range(self) -> None:
        with pytest.raises(ValueError):
            payloads.tid(2**53, 0)
        with pytest.raises(ValueError):
            payloads.tid(0, 1024)


class TestFacets:
    def test_hashtag_is_a_tag_facet_with_utf8_byte_offsets(self) -> None:
        text = "Vetoed – Türkiye abstained\n#ACTcodeofconduct"
        (facet,) = payloads.bluesky_facets(text)
        start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
        assert text.encode()[start:end] == b"#ACTcodeofconduct"
        assert facet["features"] == [
            {"$type": "app.bsky.richtext.facet#tag", "tag": "ACTcodeofconduct"}
        ]

    def test_links_and_tags_sorted_and_trailing_punctuation_dropped(self) -> None:
        text = "See https://example.org/votes/1. #ACT, #UN!"
        facets = payloads.bluesky_facets(text)
        kinds = [facet["features"][0]["$type"].rsplit("#", 1)[1] for facet in facets]
        assert kinds == ["link", "tag", "tag"]
        assert facets[0]["features"][0]["uri"] == "https://example.org/votes/1"
        assert [f["features"][0].get("tag") for f in facets[1:]] == ["ACT", "UN"]

    def test_no_tag_inside_words_urls_or_for_numbers(self) -> None:
        assert payloads.bluesky_facets("issue#12 and #123 and https://x.org/#frag") == [
            {
                "index": {"byteStart": 22, "byteEnd": 41},
                "features": [
                    {"$type": "app.bsky.richtext.facet#link", "uri": "https://x.org/#frag"}
                ],
            }
        ]


class TestBlueskyRecord:
    def test_record_shape(self) -> None:
        blob = payloads.BlobRef(cid="bafkreiabc", mime_type="image/png", size=1234)
        record = payloads.bluesky_post_record(
            text=TEXT,
            image=blob,
            alt_text="Scorecard of the vote",
            width=1200,
            height=675,
            created_at=datetime(2024, 5, 30, 14, 3, 7, 123456, tzinfo=timezone(timedelta(hours=2))),
        )
        assert record["$type"] == "app.bsky.feed.post"
        assert record["createdAt"] == "2024-05-30T12:03:07.123Z"
        assert record["langs"] == ["en"]
        (image,) = record["embed"]["images"]
        assert record["embed"]["$type"] == "app.bsky.embed.images"
        assert image["alt"] == "Scorecard of the vote"
        assert image["aspectRatio"] == {"width": 1200, "height": 675}
        assert image["image"] == {
            "$type": "blob",
            "ref": {"$link": "bafkreiabc"},
            "mimeType": "image/png",
            "size": 1234,
        }
        assert record["facets"][0]["features"][0]["tag"] == "ACTcodeofconduct"

    def test_naive_datetime_is_refused(self) -> None:
        with pytest.raises(ValueError):
            payloads.iso_timestamp(datetime(2024, 1, 1))

    def test_urls(self) -> None:
        assert payloads.bluesky_post_url("act.bsky.social", "3abc") == (
            "https://bsky.app/profile/act.bsky.social/post/3abc"
        )
        assert payloads.at_uri("did:plc:x", "3abc") == "at://did:plc:x/app.bsky.feed.post/3abc"


class TestLimits:
    def test_bluesky_graphemes(self) -> None:
        assert grapheme_count("e\u0301") == 1
        assert grapheme_count("🇺🇳🇺🇳") == 2
        assert grapheme_count("👩‍👩‍👧") == 1
        assert payloads.bluesky_problems("a" * 300, b"x", "", (1, 1)) == []
        (problem,) = payloads.bluesky_problems("a" * 301, b"x", "", (1, 1))
        assert "301" in problem

    def test_bluesky_blob_limit(self) -> None:
        assert payloads.bluesky_problems("ok", b"x" * 999_999, "", (1, 1)) == []
        (problem,) = payloads.bluesky_problems("ok", b"x" * 1_000_000, "", (1, 1))
        assert "1,000,000" in problem

    def test_x_weighted_length(self) -> None:
        assert payloads.x_problems("a" * 280, b"x", "") == []
        assert payloads.x_problems("日" * 140, b"x", "") == []
        (problem,) = payloads.x_problems("日" * 141, b"x", "")
        assert "282" in problem
        url_text = "https://example.org/" + "a" * 300
        assert x_weighted_length(url_text) == 23

    def test_x_alt_text_and_image(self) -> None:
        problems = payloads.x_problems("ok", b"x" * (5 * 1024 * 1024 + 1), "a" * 1001)
        assert len(problems) == 2


class TestX:
    def test_bodies(self) -> None:
        assert payloads.x_metadata_body("123", "alt") == {
            "id": "123",
            "metadata": {"alt_text": {"text": "alt"}},
        }
        assert payloads.x_initialize_body(2048) == {
            "media_type": "image/png",
            "total_bytes": 2048,
            "media_category": "tweet_image",
        }
        assert payloads.x_media_category_form() == {"media_category": "tweet_image"}

    def test_chunks(self) -> None:
        assert payloads.x_chunks(b"abcdefg", 3) == [b"abc", b"def", b"g"]
        with pytest.raises(ValueError):
            payloads.x_chunks(b"a", 0)

    def test_comparable_text_survives_x_rendering(self) -> None:
        sent = "A & B <vetoed> https://example.org/a\n#ACTcodeofconduct "
        echoed = "A &amp; B &lt;vetoed&gt; https://t.co/AbCdEf1234\n#ACTcodeofconduct"
        assert payloads.x_comparable_text(sent) == payloads.x_comparable_text(echoed)
        assert payloads.x_comparable_text("A") != payloads.x_comparable_text("B")

    def test_duplicate_detection_and_urls(self) -> None:
        assert payloads.is_duplicate_content(
            ["You are not allowed to create a Tweet with duplicate content."]
        )
        assert not payloads.is_duplicate_content(["You are not permitted to perform this action."])
        assert payloads.x_post_url("1", "act") == "https://x.com/act/status/1"
        assert payloads.x_post_url("1") == "https://x.com/i/web/status/1"
