"""The live meeting: its phase clock, contributions, actions and check-outs; a group's default
method and auto-advance; unscheduled meetings.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.types import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _fk(table: str, ondelete: str = "CASCADE") -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.id", ondelete=ondelete)


def upgrade() -> None:
    with op.batch_alter_table("groups") as batch:
        batch.add_column(sa.Column("method_id", _string(40), nullable=False,
                                   server_default="ten_step"))
        batch.add_column(sa.Column("auto_advance", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("sent_messages") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=True))
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("unscheduled", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "live_meetings",
        sa.Column("meeting_id", sa.Integer(), _fk("meetings"), primary_key=True),
        sa.Column("group_id", sa.Integer(), _fk("groups"), nullable=False),
        sa.Column("method_id", _string(40), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("auto_advance", sa.Boolean(), nullable=False),
        sa.Column("phase_index", sa.Integer(), nullable=False),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("phase_started_at", UTCDateTime(), nullable=True),
        sa.Column("phase_ends_at", UTCDateTime(), nullable=True),
        sa.Column("paused_remaining", sa.Integer(), nullable=True),
        sa.Column("extra_seconds", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("entry_version", sa.Integer(), nullable=False),
        sa.Column("card_orders", sa.Text(), nullable=False),
        sa.Column("cards_drawn", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_live_meetings_group_id", "live_meetings", ["group_id"])
    op.create_table(
        "contributions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meetings"), nullable=False),
        sa.Column("group_id", sa.Integer(), _fk("groups"), nullable=False),
        sa.Column("phase_index", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.Integer(), nullable=True),
        sa.Column("kind", _string(32), nullable=False),
        sa.Column("author", _string(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("factor", _string(32), nullable=True),
        sa.Column("rating", _string(16), nullable=True),
        sa.Column("marked", sa.Boolean(), nullable=False),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_contributions_meeting_id", "contributions", ["meeting_id"])
    op.create_index("ix_contributions_group_id", "contributions", ["group_id"])
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("group_id", sa.Integer(), _fk("groups"), nullable=False),
        sa.Column("meeting_id", sa.Integer(), _fk("meetings"), nullable=True),
        sa.Column("contribution_id", sa.Integer(), _fk("contributions", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("owner", _string(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("case_number", sa.Integer(), nullable=True),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("created_by", _string(32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_actions_group_id", "actions", ["group_id"])
    op.create_index("ix_actions_meeting_id", "actions", ["meeting_id"])
    op.create_index("ix_actions_owner", "actions", ["owner"])
    op.create_table(
        "checkouts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meetings"), nullable=False),
        sa.Column("user_id", _string(32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("takeaway", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_checkouts_user"),
    )
    op.create_index("ix_checkouts_meeting_id", "checkouts", ["meeting_id"])


def downgrade() -> None:
    for table in ("checkouts", "actions", "contributions", "live_meetings"):
        op.drop_table(table)
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("unscheduled")
    with op.batch_alter_table("sent_messages") as batch:
        batch.drop_column("revision")
    with op.batch_alter_table("groups") as batch:
        batch.drop_column("auto_advance")
        batch.drop_column("method_id")
