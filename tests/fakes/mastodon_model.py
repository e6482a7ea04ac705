"""What the fake Mastodon server keeps and how Mastodon renders and counts a status's text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import regex

_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"(?<![\w#])#(\w+)")


@dataclass
class Attachment:
    id: str
    data: bytes
    mime_type: str
    description: str | None
    polls_left: int  # GETs still answered 206
    status_id: str | None = None


@dataclass
class Status:
    id: str
    text: str
    visibility: str
    language: str | None
    media_ids: list[str]
    created_at: float
    idempotency_key: str | None


@dataclass
class Bucket:
    limit: int
    window: float
    calls: list[float] = field(default_factory=list)


def iso(moment: float) -> str:
    return (
        datetime.fromtimestamp(moment, UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def mastodon_length(text: str, url_length: int) -> int:
    """Mastodon's StatusLengthValidator: graphemes, each URL replaced by `url_length` x's."""
    return len(regex.findall(r"\X", _URL.sub("x" * url_length, text)))


def render(text: str, host: str) -> str:
    """The HTML `content` Mastodon makes of a plain text: paragraphs, <br />, linked URLs/tags."""

    def line(raw: str) -> str:
        out, last = [], 0
        for match in _URL.finditer(raw):
            out.append(_tags(html.escape(raw[last : match.start()]), host))
            url = match.group(0)
            scheme, rest = url.split("://", 1)
            out.append(
                f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener" '
                f'translate="no"><span class="invisible">{scheme}://</span><span class="">'
                f'{html.escape(rest)}</span><span class="invisible"></span></a>'
            )
            last = match.end()
        out.append(_tags(html.escape(raw[last:]), host))
        return "".join(out)

    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join("<p>" + "<br />".join(map(line, p.split("\n"))) + "</p>" for p in paragraphs)


def _tags(escaped: str, host: str) -> str:
    return _TAG.sub(
        lambda m: (
            f'<a href="https://{host}/tags/{m.group(1).lower()}" class="mention hashtag" '
            f'rel="tag">#<span>{m.group(1)}</span></a>'
        ),
        escaped,
    )
