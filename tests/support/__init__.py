"""Helpers the tests share."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUN_BOT = Path(__file__).resolve().parent.parent.parent / "run_bot.py"


def run_actbot(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`actbot ARGS` as its own process in `cwd` (what a log collector or a shell sees)."""
    return subprocess.run(
        [sys.executable, str(RUN_BOT), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
