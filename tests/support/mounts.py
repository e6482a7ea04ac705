"""Real read-only and full filesystems for tests (tmpfs mounts on this machine, as root).

Permissions alone cannot make a folder read-only for root, so the tests mount a tmpfs: a
read-only one, or a tiny one that fills up. Where mounting is not allowed the tests skip on a
developer's machine and fail in CI (CI=true), like the other real parts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


def _unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"cannot mount a test filesystem in CI: {why}")
    pytest.skip(f"cannot mount a test filesystem here: {why}")


@contextmanager
def tmpfs(path: Path, *, size_kb: int = 4096, seed: Path | None = None) -> Iterator[Path]:
    """A tmpfs at `path` (created), holding a copy of `seed`'s files if given."""
    path.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        _unavailable("no mount command")
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path))
    except subprocess.CalledProcessError as error:
        _unavailable(error.stderr.decode(errors="replace").strip())
    try:
        if seed is not None:
            for item in seed.iterdir():
                if item.is_file():
                    shutil.copy2(item, path / item.name)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)


def make_read_only(path: Path) -> None:
    _mount("-o", "remount,ro", str(path))


@contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """`source` seen read-only at `view` (a read-only bind mount): works while files in
    `source` are still open for writing, as an in-process command leaves them."""
    view.mkdir(parents=True, exist_ok=True)
    try:
        _mount("--bind", str(source), str(view))
        _mount("-o", "remount,ro,bind", str(view))
    except subprocess.CalledProcessError as error:
        _unavailable(error.stderr.decode(errors="replace").strip())
    try:
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False, capture_output=True)
