"""Groups, their memberships, and processed Slack events.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.types import UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", text(length=32), nullable=False),
        sa.Column("channel_id", text(length=32), nullable=False),
        sa.Column("name", text(length=80), nullable=False),
        sa.Column("language", text(length=8), nullable=False),
        sa.Column("timezone", text(length=64), nullable=False),
        sa.Column("rrule", text(length=200), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("team_id", "channel_id", name="uq_groups_channel"),
    )
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("user_id", text(length=32), nullable=False),
        sa.Column("is_member", sa.Boolean(), nullable=False),
        sa.Column("is_coordinator", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("group_id", "user_id", name="uq_memberships_user"),
    )
    op.create_index("ix_memberships_group_id", "memberships", ["group_id"])
    op.create_table(
        "processed_events",
        sa.Column("event_id", text(length=64), primary_key=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_processed_events_received_at", "processed_events", ["received_at"])


def downgrade() -> None:
    op.drop_table("processed_events")
    op.drop_table("memberships")
    op.drop_table("groups")
