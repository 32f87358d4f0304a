"""Calendar: the series history of each group, meetings' revisions, and secret addresses.

Every existing group gets its current rhythm as its first series; meetings already moved or
cancelled count as revised once, so their calendar SEQUENCE never goes down.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.types import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("changed_at", UTCDateTime(), nullable=True))
    series = op.create_table(
        "calendar_series",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("rrule", _string(200), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("timezone", _string(64), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("group_id", "number", name="uq_calendar_series_number"),
    )
    op.create_index("ix_calendar_series_group_id", "calendar_series", ["group_id"])
    op.create_table(
        "calendar_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("user_id", _string(32), nullable=False),
        sa.Column("nonce", _string(64), nullable=False),
        sa.Column("token_hash", _string(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_calendar_tokens_group_id", "calendar_tokens", ["group_id"])
    op.create_index("ix_calendar_tokens_token_hash", "calendar_tokens", ["token_hash"],
                    unique=True)

    groups = sa.table("groups", sa.column("id", sa.Integer()), sa.column("rrule", sa.String()),
                      sa.column("first_date", sa.Date()), sa.column("start_time", sa.Time()),
                      sa.column("timezone", sa.String()),
                      sa.column("duration_minutes", sa.Integer()),
                      sa.column("updated_at", UTCDateTime()))
    bind = op.get_bind()
    rows = []
    for group in bind.execute(sa.select(groups)).mappings():
        local = datetime.combine(group["first_date"], group["start_time"])
        rows.append({"group_id": group["id"], "number": 0, "rrule": group["rrule"],
                     "first_date": group["first_date"], "start_time": group["start_time"],
                     "timezone": group["timezone"],
                     "duration_minutes": group["duration_minutes"],
                     "starts_at": local.replace(tzinfo=ZoneInfo(group["timezone"]))
                     .astimezone(UTC), "ends_at": None, "revision": 0,
                     "updated_at": group["updated_at"]})
    if rows:
        op.bulk_insert(series, rows)
    meetings = sa.table("meetings", sa.column("revision", sa.Integer()),
                        sa.column("status", sa.String()), sa.column("start", UTCDateTime()),
                        sa.column("occurrence", UTCDateTime()))
    bind.execute(sa.update(meetings).where(sa.or_(
        meetings.c.status == "cancelled", meetings.c.start != meetings.c.occurrence))
        .values(revision=1))


def downgrade() -> None:
    op.drop_table("calendar_tokens")
    op.drop_table("calendar_series")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("changed_at")
        batch.drop_column("revision")
