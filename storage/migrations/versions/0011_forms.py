"""The forms the sources ask for: members' reflections on a meeting, and where a group
and a meeting take place (a place or a video link), and a group's agreements.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.types import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=300),
                                   nullable=False, server_default=""))
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=300),
                                   nullable=True))
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("action_id", sa.Integer(), sa.ForeignKey("actions.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_reflections_user"),
    )
    op.create_index("ix_reflections_meeting_id", "reflections", ["meeting_id"])
    op.create_index("ix_reflections_group_id", "reflections", ["group_id"])
    op.create_index("ix_reflections_user_id", "reflections", ["user_id"])
    op.create_table(
        "group_agreements",
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("group_agreements")
    op.drop_table("reflections")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("location")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("location")
