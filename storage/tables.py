"""The database tables (SQLModel). Rows only: mapping to flows' dataclasses is in repositories.

Every change here needs an Alembic migration in storage/migrations/versions; a test checks that
the migrations and these models describe the same schema.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class GroupRow(SQLModel, table=True):
    """An intervision group (intervisiegroep), one per channel."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_groups_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    name: str = Field(max_length=80)
    language: str = Field(max_length=8)
    timezone: str = Field(max_length=64)
    rrule: str = Field(max_length=200)
    first_date: date
    start_time: time
    duration_minutes: int
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class MembershipRow(SQLModel, table=True):
    """A person's place in a group: member, coordinator, or both."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("group_id", "user_id", name="uq_memberships_user"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=Column(Integer, ForeignKey("groups.id", ondelete="CASCADE"),
                                           nullable=False, index=True))
    user_id: str = Field(max_length=32)
    is_member: bool = True
    is_coordinator: bool = False
    position: int = 0  # keeps the order in which the coordinator chose the members


class ProcessedEventRow(SQLModel, table=True):
    """Slack event ids already handled, so a retried delivery changes nothing."""

    __tablename__ = "processed_events"

    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime = Field(sa_type=UTCDateTime, index=True)
