"""The written tempo: a group's default tempo, length in working days and working week; a
meeting's own tempo; a running meeting's written plan; and rehearsal stand-in groups.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: on SQLite a batch would copy and drop `groups`, and
    # with foreign keys on, dropping it cascades to every table that refers to a group.
    op.add_column("groups", sa.Column("tempo", sa.String(length=8), nullable=False,
                                      server_default="live"))
    op.add_column("groups", sa.Column("written_days", sa.Integer(), nullable=False,
                                      server_default="10"))
    op.add_column("groups", sa.Column("work_days", sa.String(length=20), nullable=False,
                                      server_default="0,1,2,3,4"))
    op.add_column("groups", sa.Column("work_start", sa.Time(), nullable=False,
                                      server_default="09:00:00"))
    op.add_column("groups", sa.Column("work_end", sa.Time(), nullable=False,
                                      server_default="17:00:00"))
    op.add_column("groups", sa.Column("rehearsal", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.add_column("meetings", sa.Column("tempo", sa.String(length=8), nullable=True))
    op.add_column("live_meetings", sa.Column("written", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("live_meetings") as batch:
        batch.drop_column("written")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("tempo")
    with op.batch_alter_table("groups") as batch:
        for column in ("rehearsal", "work_end", "work_start", "work_days", "written_days", "tempo"):
            batch.drop_column(column)
