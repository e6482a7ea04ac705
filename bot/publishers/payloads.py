"""What is sent to X and Bluesky, built by pure functions: no I/O, no clock, no SDK objects.

The adapters (x.py, bluesky.py) do the talking; everything that decides *what* is said lives here
so it can be tested exhaustively without a server.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from bot.domain.text_limits import BLUESKY_TEXT, X_TEXT

# --- limits ---------------------------------------------------------------------------------------

X_ALT_TEXT_LIMIT: Final = 1000
X_IMAGE_LIMIT: Final = 5 * 1024 * 1024  # tweet_image
BLUESKY_BLOB_LIMIT: Final = 1_000_000  # bytes; current servers allow 2 MB, older ones 1 MB
BLUESKY_ALT_TEXT_LIMIT: Final = 2000  # what the Bluesky app lets a person type

# --- Bluesky --------------------------------------------------------------------------------------

POST_COLLECTION: Final = "app.bsky.feed.post"
_S32: Final = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as TIDs use
# Timestamps of derived record keys fall in [the Code's launch, +2**48 µs ≈ 8.9 years): always in
# the past, so no server or indexer can take them for a clock from the future.
_TID_EPOCH_US: Final = int(datetime(2015, 10, 23, tzinfo=UTC).timestamp()) * 1_000_000
_TID_SPAN_BITS: Final = 48
_TAG = re.compile(r"(?:^|(?<=\s))[#＃](?P<tag>\S+)")
_URL = re.compile(r"https?://[^\s<>\"]+")
_TRAILING_PUNCTUATION = re.compile(r"[.,;:!?\"')\]]+$")


def tid(timestamp_us: int, clock_id: int) -> str:
    """The 13-character TID of a timestamp (µs since 1970) and a 10-bit clock id."""
    if not 0 <= timestamp_us < 2**53 or not 0 <= clock_id < 2**10:
        raise ValueError("a TID needs a 53-bit timestamp and a 10-bit clock id")
    value = (timestamp_us << 10) | clock_id
    return "".join(_S32[(value >> shift) & 31] for shift in range(60, -1, -5))


def record_key(slug: str, generation: int) -> str:
    """The deterministic record key of a vote's post: a valid TID derived from slug + generation.

    app.bsky.feed.post requires TID keys (the PDS answers 400 "Invalid TID string" to anything
    else). Writing the post under this key makes a repeat impossible: the repo already holds it.
    """
    digest = hashlib.sha256(f"actbot:{slug}:{generation}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    timestamp = _TID_EPOCH_US + (number >> (64 - _TID_SPAN_BITS))
    clock_id = number & 0x3FF
    return tid(timestamp, clock_id)


def _byte_index(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def bluesky_facets(text: str) -> list[dict[str, Any]]:
    """Rich-text facets: every #hashtag becomes a tag facet, every http(s) URL a link facet.

    Byte offsets are UTF-8, as the lexicon requires; the order is by position.
    """
    facets: list[dict[str, Any]] = []
    for match in _URL.finditer(text):
        url = _TRAILING_PUNCTUATION.sub("", match.group(0))
        start = match.start()
        facets.append(
            {
                "index": {
                    "byteStart": _byte_index(text, start),
                    "byteEnd": _byte_index(text, start + len(url)),
                },
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
            }
        )
    for match in _TAG.finditer(text):
        tag = match.group("tag")
        if not tag:
            continue
        tag = _TRAILING_PUNCTUATION.sub("", tag)
        if not tag or len(tag) > 64 or tag.isdigit():
            continue
        start = match.start("tag") - 1  # include the '#'
        facets.append(
            {
                "index": {
                    "byteStart": _byte_index(text, start),
                    "byteEnd": _byte_index(text, start + 1 + len(tag)),
                },
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
            }
        )
    return sorted(facets, key=lambda facet: int(facet["index"]["byteStart"]))


@dataclass(frozen=True)
class BlobRef:
    """An uploaded blob as the repo names it."""

    cid: str
    mime_type: str
    size: int

    def as_json(self) -> dict[str, Any]:
        return {
            "$type": "blob",
            "ref": {"$link": self.cid},
            "mimeType": self.mime_type,
            "size": self.size,
        }


def bluesky_post_record(
    *,
    text: str,
    image: BlobRef,
    alt_text: str,
    width: int,
    height: int,
    created_at: datetime,
    langs: Sequence[str] = ("en",),
) -> dict[str, Any]:
    """The app.bsky.feed.post record: text with facets, one image with alt text and aspect ratio.

    The aspect ratio keeps the app from cropping the card.
    """
    record: dict[str, Any] = {
        "$type": POST_COLLECTION,
        "text": text,
        "createdAt": iso_timestamp(created_at),
        "langs": list(langs),
        "embed": {
            "$type": "app.bsky.embed.images",
            "images": [
                {
                    "alt": alt_text,
                    "image": image.as_json(),
                    "aspectRatio": {"width": width, "height": height},
                }
            ],
        },
    }
    facets = bluesky_facets(text)
    if facets:
        record["facets"] = facets
    return record


def iso_timestamp(moment: datetime) -> str:
    """RFC 3339 with milliseconds and a Z, as the Bluesky app writes createdAt."""
    if moment.tzinfo is None:
        raise ValueError("createdAt needs an aware datetime")
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def bluesky_post_url(handle: str, rkey: str) -> str:
    return f"https://bsky.app/profile/{handle}/post/{rkey}"


def at_uri(did: str, rkey: str, collection: str = POST_COLLECTION) -> str:
    return f"at://{did}/{collection}/{rkey}"


def bluesky_problems(text: str, image: bytes, alt_text: str, size: tuple[int, int]) -> list[str]:
    """Why a post cannot go to Bluesky as prepared (empty: it can). Retrying will not help."""
    problems = []
    if not text.strip():
        problems.append("the Bluesky text is empty")
    too_long = BLUESKY_TEXT.problem(text, "Bluesky")
    if too_long:
        problems.append(too_long)
    if len(image) >= BLUESKY_BLOB_LIMIT:
        problems.append(
            f"the card is {len(image):,} bytes; Bluesky takes images under "
            f"{BLUESKY_BLOB_LIMIT:,} bytes"
        )
    if len(alt_text) > BLUESKY_ALT_TEXT_LIMIT:
        problems.append(f"the alt text is longer than {BLUESKY_ALT_TEXT_LIMIT} characters")
    if min(size) <= 0:
        problems.append(f"the card size {size[0]}x{size[1]} is not a real image size")
    return problems


# --- X --------------------------------------------------------------------------------------------


def x_problems(text: str, image: bytes, alt_text: str) -> list[str]:
    """Why a post cannot go to X as prepared (empty: it can). Retrying will not help."""
    problems = []
    if not text.strip():
        problems.append("the X text is empty")
    too_long = X_TEXT.problem(text, "X")
    if too_long:
        problems.append(too_long)
    if len(image) > X_IMAGE_LIMIT:
        problems.append(f"the card is {len(image):,} bytes; X takes images up to 5 MB")
    if len(alt_text) > X_ALT_TEXT_LIMIT:
        problems.append(
            f"the alt text has {len(alt_text)} characters; X takes at most {X_ALT_TEXT_LIMIT}"
        )
    return problems


def x_media_category_form() -> dict[str, str]:
    """The form fields of a one-shot upload besides the file (X accepts no others)."""
    return {"media_category": "tweet_image"}


def x_initialize_body(total_bytes: int, media_type: str = "image/png") -> dict[str, Any]:
    return {"media_type": media_type, "total_bytes": total_bytes, "media_category": "tweet_image"}


def x_chunks(data: bytes, chunk_size: int) -> list[bytes]:
    if chunk_size <= 0:
        raise ValueError("chunk size must be positive")
    return [data[start : start + chunk_size] for start in range(0, len(data), chunk_size)]


def x_metadata_body(media_id: str, alt_text: str) -> dict[str, Any]:
    return {"id": media_id, "metadata": {"alt_text": {"text": alt_text}}}


def x_post_url(tweet_id: str, username: str | None = None) -> str:
    if username:
        return f"https://x.com/{username}/status/{tweet_id}"
    return f"https://x.com/i/web/status/{tweet_id}"


def x_comparable_text(text: str) -> str:
    """A post's text as X may echo it back, reduced to what survives the round trip.

    X returns `&`, `<`, `>` HTML-escaped and every URL replaced by a t.co link, and may trim
    whitespace; compare texts only through this function.
    """
    unescaped = html.unescape(text)
    without_urls = _URL.sub("<url>", unicodedata.normalize("NFC", unescaped))
    return " ".join(without_urls.split())


DUPLICATE_CONTENT_MESSAGE: Final = "duplicate content"


def is_duplicate_content(messages: Sequence[str]) -> bool:
    """X's 403 "You are not allowed to create a Tweet with duplicate content." (any wording)."""
    return any(DUPLICATE_CONTENT_MESSAGE in message.lower() for message in messages)
