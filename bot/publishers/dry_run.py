"""The default publisher: writes exactly what would be posted into <outbox>/<slug>/.

A folder appears whole or not at all (written aside, then renamed), so a crash never leaves a
half-written post, and `find` can tell after a crash whether the attempt got through.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from bot.publishers.base import PreparedPost, PublishError, Receipt


class DryRunPublisher:
    network = "dry-run"

    def __init__(self, outbox: Path) -> None:
        self._outbox = outbox

    def folder(self, post: PreparedPost) -> Path:
        name = post.slug if post.generation == 0 else f"{post.slug}.{post.generation}"
        return self._outbox / name

    def publish(self, post: PreparedPost) -> Receipt:
        target = self.folder(post)
        staging = self._outbox / f".staging-{target.name}-{post.attempt_id}"
        try:
            self._outbox.mkdir(parents=True, exist_ok=True)
            for leftover in self._outbox.glob(f".staging-{target.name}-*"):
                shutil.rmtree(leftover)  # from an attempt killed mid-write
            staging.mkdir()
            (staging / "card.png").write_bytes(post.card_png)
            (staging / "alt.txt").write_text(post.alt_text + "\n", encoding="utf-8")
            for network, text in post.texts.items():
                (staging / f"{network}.txt").write_text(text + "\n", encoding="utf-8")
            manifest = {
                "symbol": post.symbol,
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
