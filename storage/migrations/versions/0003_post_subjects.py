"""posts name their subject, so period scorecards are posted exactly once too

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=80), nullable=True))
    op.execute("UPDATE posts SET subject = 'vote:' || CAST(vote_id AS VARCHAR(20))")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.alter_column("subject", existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column("vote_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint("uq_posts_subject", ["subject", "network", "generation"])


def downgrade() -> None:
    op.execute("DELETE FROM posts WHERE vote_id IS NULL")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_posts_subject", type_="unique")
        batch_op.alter_column("vote_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("subject")
