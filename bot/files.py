"""Writing a file so that a crash or a full disk never leaves half of it: aside, then rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write `text` to a sibling file, flush it to disk, then rename it over `path`.

    On any error the original file is untouched and the sibling is removed. `mode` (e.g.
    0o600 for a secret) is set before the content is written.
    """
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        descriptor = os.open(staging, flags, 0o666 if mode is None else mode)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        staging.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise
