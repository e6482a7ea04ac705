"""Writing a file so that a crash or a full disk never leaves half of it: aside, then rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomic(path: Path, content: str | bytes, *, mode: int | None = None) -> None:
    """Write `content` (text as UTF-8) to a sibling file, flush it to disk, then rename it
    over `path`; the only way this project writes a file whole.

    On any error the original file is untouched and the sibling is removed. `mode` (e.g.
    0o600 for a secret) is set before the content is written, whatever the umask.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        descriptor = os.open(staging, flags, 0o666 if mode is None else mode)
        if mode is not None:
            os.fchmod(descriptor, mode)  # O_CREAT's mode is filtered by the umask
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        staging.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise
