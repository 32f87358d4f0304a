"""Meetings, the people in them, absences, due actions, the outbox, heartbeats; timelines.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.types import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

text = sqlmodel.sql.sqltypes.AutoString


def _group_fk() -> sa.Column:
    return sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        for name, default in (("cases_per_meeting", "1"), ("roles_days", "28"),
                              ("agenda_days", "14"), ("prepare_days", "3"),
                              ("reminder_days", "1")):
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False,
                                       server_default=default))
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), primary_key=True),
        _group_fk(),
        sa.Column("occurrence", UTCDateTime(), nullable=False),
        sa.Column("start", UTCDateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("status", text(length=16), nullable=False),
        sa.Column("facilitator", text(length=32), nullable=True),
        sa.Column("roles_confirmed", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("group_id", "occurrence", name="uq_meetings_occurrence"),
    )
    op.create_index("ix_meetings_group_id", "meetings", ["group_id"])
    op.create_index("ix_meetings_start", "meetings", ["start"])
    op.create_table(
        "meeting_people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("user_id", text(length=32), nullable=False),
        sa.Column("case_bringer_position", sa.Integer(), nullable=True),
        sa.Column("coming", sa.Boolean(), nullable=True),
        sa.Column("volunteer_position", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_meeting_people_user"),
    )
    op.create_index("ix_meeting_people_meeting_id", "meeting_people", ["meeting_id"])
    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), primary_key=True),
        _group_fk(),
        sa.Column("user_id", text(length=32), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
    )
    op.create_index("ix_absences_group_id", "absences", ["group_id"])
    op.create_table(
        "due_actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", text(length=200), nullable=False),
        sa.Column("kind", text(length=32), nullable=False),
        _group_fk(),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("recipient", text(length=32), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("status", text(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("claimed_by", text(length=64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_due_actions_key", "due_actions", ["key"], unique=True)
    op.create_index("ix_due_actions_group_id", "due_actions", ["group_id"])
    op.create_index("ix_due_actions_meeting_id", "due_actions", ["meeting_id"])
    op.create_index("ix_due_actions_due_at", "due_actions", ["due_at"])
    op.create_index("ix_due_actions_status", "due_actions", ["status"])
    op.create_table(
        "sent_messages",
        sa.Column("key", text(length=200), primary_key=True),
        sa.Column("reserved_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("channel", text(length=32), nullable=True),
        sa.Column("ts", text(length=32), nullable=True),
    )
    op.create_table(
        "heartbeats",
        sa.Column("name", text(length=64), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("heartbeats", "sent_messages", "due_actions", "absences", "meeting_people",
                  "meetings"):
        op.drop_table(table)
    with op.batch_alter_table("groups") as batch:
        for name in ("reminder_days", "prepare_days", "agenda_days", "roles_days",
                     "cases_per_meeting"):
            batch.drop_column(name)
