"""Engines and sessions: SQLite in WAL mode by default, any SQLAlchemy URL through config."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, configure_mappers, sessionmaker

from bot.domain.errors import ActbotError

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(ActbotError):
    """The database cannot be opened or migrated; the message says why in plain words."""


def is_new(url: str) -> bool:
    """Whether the database at `url` holds no bot schema yet (a SQLite file that does not
    exist, or any database without the migrations table), without creating anything."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False  # open_database says what is wrong with it
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            return False
        if not Path(database).exists():
            return True
    try:
        engine = create_engine_for(url)
        try:
            with engine.connect() as connection:
                return "alembic_version" not in inspect(connection).get_table_names()
        finally:
            engine.dispose()
    except (SQLAlchemyError, DatabaseError):
        return False  # cannot tell here; open_database reports the real problem


def open_database(url: str) -> sessionmaker[Session]:
    """Create the engine, bring the schema up to date, and return a session factory."""
    engine = create_engine_for(url)
    try:
        migrate(engine)
    except SQLAlchemyError as error:
        raise DatabaseError(
            f"cannot open the database at {safe_url(url)}: {_cause(error)}"
        ) from None
    configure_mappers()  # once at start, not inside the first poll cycle
    return sessionmaker(engine, expire_on_commit=False)


def create_engine_for(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # not echoed: a mistyped URL may still carry a password
        raise DatabaseError(
            "database.url is not a SQLAlchemy URL (e.g. sqlite:///var/actbot.sqlite3 or "
            "postgresql+psycopg://user@host/db)"
        ) from None
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (ImportError, ArgumentError, ValueError) as error:
            raise DatabaseError(
                f"cannot use the database at {safe_url(url)}: {error} (is its driver installed?)"
            ) from None
    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(
                f"cannot open the database at {safe_url(url)}: cannot create {folder}: "
                f"{error.strerror}"
            ) from None
    engine = create_engine(parsed, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets the status command read while the scheduler writes; FKs are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Apply every migration not yet applied (Alembic, run in-process at start-up).

    On SQLite, Alembic alters a table by copying it and dropping the original; with foreign
    keys on, that drop would cascade and delete every ballot and post of every vote. So the
    checks are off while migrating (SQLite only honours that outside a transaction) and the
    keys are verified before the migration commits.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        connection.rollback()
    if current == head:
        return  # the usual case: nothing to do, no lock taken (a read-only database opens)
    with engine.connect() as connection, _migration_lock(engine, connection):
        current = MigrationContext.configure(connection).get_current_revision()
        connection.rollback()
        if current == head:
            return  # another process migrated while this one waited for the lock
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(
                            f"migration left {len(broken)} broken references; nothing was changed"
                        )
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


MIGRATION_LOCK_KEY = 0x61637462_6F746D67  # "actbotmg": PostgreSQL advisory lock key


@contextmanager
def _migration_lock(engine: Engine, connection: Connection) -> Iterator[None]:
    """One process migrates at a time (two starting on a new database must not both create
    the tables): an advisory lock on PostgreSQL, a lock file beside a SQLite database."""
    if engine.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
        connection.commit()
        try:
            yield
        finally:
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")
            connection.commit()
        return
    database = engine.url.database or ""
    if engine.dialect.name != "sqlite" or database in ("", ":memory:"):
        yield
        return
    import fcntl

    with Path(database + ".migrate-lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _cause(error: SQLAlchemyError) -> object:
    return getattr(error, "orig", None) or error


def with_password(url: str, password: str) -> str:
    """`url` with `password` set (from ACTBOT_DATABASE_PASSWORD[_FILE]): the config file and the
    compose file name the user and host, the secret file holds the password."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseError("database.url is not a SQLAlchemy URL") from None
    if parsed.get_backend_name() == "sqlite":
        raise DatabaseError("ACTBOT_DATABASE_PASSWORD is set, but SQLite takes no password")
    return parsed.set(password=password).render_as_string(hide_password=False)


def safe_url(url: str) -> str:
    """The URL without its password, fit for messages and logs; a password holding "@" or
    ":" is masked whole (everything between "user:" and the last "@" before the host)."""
    scheme, found, rest = url.partition("://")
    if not found:
        return "<invalid URL>"
    authority, slash, path = rest.partition("/")
    if "@" not in authority:
        return url
    credentials, _, host = authority.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}{slash}{path}"
