"""Cases (the intake form), whether a group's channel is private, cases brought in the room.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.types import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(sa.Column("channel_private", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("case_in_meeting", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("case_bringer", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("submitted", sa.Text(), nullable=True),
        sa.Column("draft", sa.Text(), nullable=True),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("shared_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("meeting_id", "case_bringer", name="uq_cases_bringer"),
    )
    op.create_index("ix_cases_meeting_id", "cases", ["meeting_id"])
    op.create_index("ix_cases_group_id", "cases", ["group_id"])


def downgrade() -> None:
    op.drop_table("cases")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("case_in_meeting")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("channel_private")
