"""What a refused database or disk operation means, in words an operator can act on."""

from __future__ import annotations


def database_problem(error: Exception) -> str:
    """What a refused database operation means, in words an operator can act on."""
    cause = str(getattr(error, "orig", None) or error).splitlines()[0]
    lowered = cause.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return (
            f"the database is read-only ({cause}): make the database file and its folder "
            "writable for this user, or point ACTBOT_DATABASE_URL elsewhere; nothing was changed"
        )
    if "disk" in lowered and ("full" in lowered or "space" in lowered):
        return f"the disk holding the database is full ({cause}); free space and run again"
    if "unable to open" in lowered:
        return (
            f"cannot open the database file ({cause}): check that its folder exists and is writable"
        )
    if "locked" in lowered:
        return f"the database is busy ({cause}); another process holds it, try again"
    return f"database error: {cause}"


def disk_problem(error: OSError) -> str:
    import errno

    where = f" {error.filename}" if error.filename else ""
    if error.errno == errno.ENOSPC:
        return f"the disk is full (writing{where}); free space and run again"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write{where}: {error.strerror} (read-only or no permission)"
    return f"cannot use{where}: {error.strerror or error}"
