"""Who holds a post that is being posted, and when a claim counts as abandoned.

A record in "posting" may be a crash's leftover, or another process (the scheduler while the
operator runs `run --once`, or another instance sharing PostgreSQL) in the middle of the
network call. Reconciling the second would post twice. A claim names its process as
"host:pid": on the same host a claim is abandoned when its process is gone; from another
host, only once the lease has run out.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

LEASE = timedelta(minutes=15)
"""Longer than any one post takes (uploads time out after 30 s, a few retries inside)."""


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


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
    lease: timedelta = LEASE,
) -> bool:
    """Whether a "posting" claim may be reconciled by this process."""
    me = me or this_process()
    if claimed_by == me:
        return False  # still ours: this very process is posting it
    host, _, pid = (claimed_by or "").rpartition(":")
    if host == me.rpartition(":")[0] and pid.isdigit():
        return not alive(int(pid))
    return now - claimed_at > lease
