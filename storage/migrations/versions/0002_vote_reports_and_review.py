"""vote reports and review

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vote_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["vote_id"], ["votes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("vote_id", "source"),
    )
    with op.batch_alter_table("vote_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_reports_vote_id"), ["vote_id"], unique=False)

    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_note", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column(
                "accepted_by_operator", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_column("accepted_by_operator")
        batch_op.drop_column("review_note")

    with op.batch_alter_table("vote_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_reports_vote_id"))

    op.drop_table("vote_reports")
