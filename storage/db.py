"""Engines and sessions: SQLite in WAL mode by default, any SQLAlchemy URL through config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be opened or migrated; the message says why in plain words."""


def open_database(url: str) -> sessionmaker[Session]:
    """Create the engine, bring the schema up to date, and return a session factory."""
    engine = create_engine_for(url)
    try:
        migrate(engine)
    except SQLAlchemyError as error:
        raise DatabaseError(f"cannot open the database at {_safe(url)}: {_cause(error)}") from None
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
                f"cannot use the database at {_safe(url)}: {error} (is its driver installed?)"
            ) from None
    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(
                f"cannot open the database at {_safe(url)}: cannot create {folder}: "
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
            return
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


def _cause(error: SQLAlchemyError) -> object:
    return getattr(error, "orig", None) or error


def _safe(url: str) -> str:
    """The URL without its password, fit for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"
