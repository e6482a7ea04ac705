"""posts: one post per language, so a vote's posts are unique per subject, not per vote

A vote's post in French has its own subject ("vote:12@fr") on the same vote and network; the
first schema's (vote_id, network, generation) constraint would refuse it. The subject
constraint (0003) keeps every post exactly once.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# The first schema left this constraint unnamed: other databases named it themselves (found
# by reflection); on SQLite the table is copied, and the convention gives the reflected
# constraint a name to drop it by.
COLUMNS = ["vote_id", "network", "generation"]
CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}
SQLITE_NAME = "uq_posts_vote_id_network_generation"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("posts", naming_convention=CONVENTION) as batch_op:
            batch_op.drop_constraint(SQLITE_NAME, type_="unique")
        return
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints("posts"):
        if constraint["column_names"] == COLUMNS and constraint["name"]:
            op.drop_constraint(constraint["name"], "posts", type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("posts") as batch_op:
        batch_op.create_unique_constraint(SQLITE_NAME, COLUMNS)
