"""votes say whether they were procedural (no veto applies); source names and ids of any length

PostgreSQL enforces VARCHAR lengths (SQLite does not), so a long publisher name that SQLite
accepted failed on PostgreSQL.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("procedural", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("vote_sources", schema=None) as batch_op:
        for column, length in (("publisher", 200), ("ref_id", 80), ("supports", 200)):
            batch_op.alter_column(column, existing_type=sa.String(length), type_=sa.Text())


def downgrade() -> None:
    with op.batch_alter_table("vote_sources", schema=None) as batch_op:
        for column, length in (("publisher", 200), ("ref_id", 80), ("supports", 200)):
            batch_op.alter_column(  # longer values are cut to fit, as the old columns required
                column,
                existing_type=sa.Text(),
                type_=sa.String(length),
                postgresql_using=f"left({column}, {length})",
            )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_column("procedural")
