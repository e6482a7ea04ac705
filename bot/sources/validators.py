"""HTTP validators (ETag, Last-Modified): what lets a restarted bot ask "changed since?".

They are kept in memory while a cycle runs and saved to the source-state store only once
the pipeline has stored what the pages said (`save`), so a crash between a download and the
storing of its votes downloads the page again rather than being told "304, not modified".
"""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass

from bot.sources.base import StateStore

NAMESPACE = "http"


@dataclass(frozen=True)
class Validators:
    """What a server said about a URL's last version, sent back to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None


class StoredValidators(MutableMapping[str, Validators]):
    """URL -> Validators, read from the store at first use and written back by `save`."""

    def __init__(self, store: StateStore) -> None:
        self._store = store
        self._known: dict[str, Validators] | None = None
        self._pending: dict[str, str | None] = {}

    def _urls(self) -> dict[str, Validators]:
        if self._known is None:
            self._known = {}
            for url, text in self._store.load(NAMESPACE).items():
                try:
                    etag, last_modified = json.loads(text)
                except (ValueError, TypeError):
                    continue  # unreadable: the page is simply downloaded again
                self._known[url] = Validators(etag, last_modified)
        return self._known

    def __getitem__(self, url: str) -> Validators:
        return self._urls()[url]

    def __setitem__(self, url: str, validators: Validators) -> None:
        self._urls()[url] = validators
        self._pending[url] = json.dumps([validators.etag, validators.last_modified])

    def __delitem__(self, url: str) -> None:
        del self._urls()[url]
        self._pending[url] = None

    def __iter__(self) -> Iterator[str]:
        return iter(self._urls())

    def __len__(self) -> int:
        return len(self._urls())

    def save(self) -> None:
        """Write what changed since the last save (nothing, when every page answered 304)."""
        if self._pending:
            self._store.save(NAMESPACE, self._pending)
            self._pending = {}
