"""Scrubbing secrets from every text the bot stores, logs or prints.

Secrets are registered as they are read (bot/secrets.py) and replaced by a mask wherever they
appear, also URL-encoded; credentials inside URLs ("postgresql://user:p@ss@host/db") are
masked however they are written. Error texts from servers are cut short: a body that echoes
the request must not become a log line a page long.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import quote, quote_plus

MASK = "***"
MAX_ERROR_CHARS = 300

_known: set[str] = set()
_lock = threading.Lock()
# scheme://user:password@host - the password may itself hold "@" or ":"; the host is what
# follows the last "@" before the path
_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^\s/:@]*):(?P<rest>[^\s/]*)@(?P<host>[^\s/@]+)",
    re.I,
)
# a credential by name: "password": "..." (JSON) or password=... (a query or form)
_NAMED = re.compile(
    r"(?P<key>(?P<q>[\"'])(?:password|passwd|app_password|secret|token|access_token|"
    r"refresh_jwt|access_jwt|refreshJwt|accessJwt|authorization)(?P=q)\s*:\s*"
    r"|\b(?:password|passwd|app_password|secret|token|access_token)=)"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s,&}\"']+)",
    re.I,
)


def register(secret: str) -> None:
    """Remember a secret value (and its URL-encoded forms) so that scrub() masks it."""
    if len(secret) < 4:  # too short to mask without mangling ordinary text
        return
    with _lock:
        _known.update({secret, quote(secret, safe=""), quote_plus(secret)})


def scrub(text: str) -> str:
    """`text` with every registered secret, URL password and named credential masked."""
    if not text:
        return text
    with _lock:
        known = sorted(_known, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@{m['host']}", text)
    return _NAMED.sub(lambda m: f"{m['key']}{MASK}", text)


def short_error(text: str) -> str:
    """A server's error text fit to store and show: scrubbed, on one line, cut short."""
    flat = " ".join(scrub(text).split())
    return flat if len(flat) <= MAX_ERROR_CHARS else flat[: MAX_ERROR_CHARS - 1] + "…"
