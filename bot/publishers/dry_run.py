"""The default publisher: writes exactly what would be posted into <outbox>/<slug>/.

A folder appears whole or not at all (written aside, then renamed), so a crash never leaves a
half-written post, and `find` can tell after a crash whether the attempt got through.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from bot.publishers.base import PreparedPost, PublishError, Receipt

STAGING = ".staging"
"""Where posts are written before they are renamed into place: a folder of its own, so
finding an attempt's leftovers looks at the few half-written posts, not every post made."""


class DryRunPublisher:
    network = "dry-run"

    def __init__(self, outbox: Path) -> None:
        self._outbox = outbox

    def folder(self, post: PreparedPost) -> Path:
        name = post.slug if post.generation == 0 else f"{post.slug}.{post.generation}"
        return self._outbox / name

    def publish(self, post: PreparedPost) -> Receipt:
        target = self.folder(post)
        staging_area = self._outbox / STAGING
        staging = staging_area / f"{target.name}-{post.attempt_id}"
        try:
            staging_area.mkdir(parents=True, exist_ok=True)
            for leftover in staging_area.glob(f"{target.name}-*"):
                shutil.rmtree(leftover)  # from an attempt killed mid-write
            staging.mkdir()
            (staging / "card.png").write_bytes(post.card_png)
            (staging / "alt.txt").write_text(post.alt_text + "\n", encoding="utf-8")
            for network, text in post.texts.items():
                (staging / f"{network}.txt").write_text(text + "\n", encoding="utf-8")
            manifest = {
                "symbol": post.symbol,
                "language": post.language,
                "networks": sorted(post.texts),
                "texts": dict(post.texts),
                "alt_text": post.alt_text,
                "image": {
                    "file": "card.png",
                    "width": post.image_size[0],
                    "height": post.image_size[1],
                    "bytes": len(post.card_png),
                },
                "attempt_id": post.attempt_id,
            }
            (staging / "post.json").write_text(
                json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            _fsync_tree(staging)
            if target.exists():
                shutil.rmtree(target)
            staging.replace(target)
            with contextlib.suppress(OSError):  # another attempt may be writing beside it
                staging_area.rmdir()
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise PublishError(  # the folder can be fixed: pause the outbox, lose nothing
                f"cannot write to the outbox {self._outbox}: {error.strerror}",
                retryable=True,
                disables_network=True,
            ) from None
        return Receipt(platform_id=str(target), url=target.resolve().as_uri())

    def verify(self) -> str:
        return f"writes posts into {self._outbox}"

    def find(self, post: PreparedPost) -> Receipt | None:
        target = self.folder(post)
        try:
            manifest = json.loads((target / "post.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if manifest.get("attempt_id") != post.attempt_id:
            return None
        return Receipt(platform_id=str(target), url=target.resolve().as_uri())


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
