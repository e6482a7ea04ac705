"""Alembic environment: runs on the connection that storage.db.migrate() hands it."""

from __future__ import annotations

from alembic import context

from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` on the command line gets here
    raise RuntimeError("run migrations through storage.db.migrate(), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
