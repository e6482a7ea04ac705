"""Who holds a post that is being posted, and when a claim counts as abandoned.

A record in "posting" may be a crash's leftover, or another process (the scheduler while the
operator runs `run --once`, or another instance sharing PostgreSQL) in the middle of the
network call. Reconciling the second would post twice. A claim names its process as
"host:pid:start.token": on the same host a claim is abandoned when its process is gone, or
the PID now belongs to a process that started at another time (a reused PID); from another
host, only once the lease has run out.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

LEASE = timedelta(minutes=15)
"""Longer than any one post takes (uploads time out after 30 s, a few retries inside)."""


def process_started(pid: int) -> str:
    """When a process started (clock ticks since boot, from /proc), or "" where unknown: a
    PID reused by a later process has another start time."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""  # field 22 of stat(5); 2 before the ")"


_INCARNATION = f"{process_started(os.getpid())}.{uuid.uuid4().hex[:12]}"
"""Tells this process from an earlier one with the same host and PID (a container's PID 1,
or a PID the system gave again to another process): its start time and a random part."""


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_INCARNATION}"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def abandoned(
    claimed_by: str | None,
    claimed_at: datetime,
    now: datetime,
    *,
    me: str | None = None,
    alive: Callable[[int], bool] = process_alive,
    started: Callable[[int], str] = process_started,
    lease: timedelta = LEASE,
) -> bool:
    """Whether a "posting" claim may be reconciled by this process."""
    me = me or this_process()
    if claimed_by == me:
        return False  # still ours: this very process is posting it
    host, pid, _token = _parts(claimed_by or "")
    my_host, my_pid, _ = _parts(me)
    if host and host == my_host and pid.isdigit():
        if pid == my_pid or not alive(int(pid)):
            return True  # same PID with another token (a restart), or the process is gone
        claimed_start = _token.split(".", 1)[0] if "." in _token else ""
        running_start = started(int(pid))
        return bool(claimed_start and running_start and claimed_start != running_start)
    return now - claimed_at > lease


def _parts(claimant: str) -> tuple[str, str, str]:
    host, pid, token = [*claimant.split(":"), "", "", ""][:3]
    return host, pid, token
