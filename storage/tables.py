"""The database tables (SQLModel). Rows only: mapping to flows' dataclasses is in repositories.

The texts of intervision material are `SealedText`: encrypted at rest when a data key is
set (storage/sealed.py). Every change here needs an Alembic migration in
storage/migrations/versions; a test checks that the migrations and these models describe the
same schema.
"""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage import installation_tables  # noqa: F401  (slack_sdk's tables, same metadata)
from storage.sealed import SealedText
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
    cases_per_meeting: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    roles_days: int = Field(default=28, sa_column_kwargs={"server_default": "28"})
    agenda_days: int = Field(default=14, sa_column_kwargs={"server_default": "14"})
    prepare_days: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    reminder_days: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    channel_private: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    method_id: str = Field(default="ten_step", max_length=40,
                           sa_column_kwargs={"server_default": "ten_step"})
    auto_advance: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    retention_days: int = Field(default=180, sa_column_kwargs={"server_default": "180"})
    evaluation_every: int = Field(default=4, sa_column_kwargs={"server_default": "4"})
    location: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    # The written tempo: the default of a meeting, its working days, the working week.
    tempo: str = Field(default="live", max_length=8, sa_column_kwargs={"server_default": "live"})
    written_days: int = Field(default=10, sa_column_kwargs={"server_default": "10"})
    work_days: str = Field(default="0,1,2,3,4", max_length=20,
                           sa_column_kwargs={"server_default": "0,1,2,3,4"})
    work_start: time = Field(default=time(9), sa_column_kwargs={"server_default": "09:00:00"})
    work_end: time = Field(default=time(17), sa_column_kwargs={"server_default": "17:00:00"})
    # A stand-in group of one for `/intervisie rehearse`, wiped when the rehearsal ends.
    rehearsal: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # Set when the workspace uninstalled the app: no timed work; retention still runs.
    team_left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
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


def _group_fk() -> Column:
    return Column(Integer, ForeignKey("groups.id", ondelete="CASCADE"), nullable=False, index=True)


class MeetingRow(SQLModel, table=True):
    """A meeting (bijeenkomst): one occurrence of the group's rhythm."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("group_id", "occurrence", name="uq_meetings_occurrence"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=_group_fk())
    occurrence: datetime = Field(sa_type=UTCDateTime)
    start: datetime = Field(sa_type=UTCDateTime, index=True)
    duration_minutes: int
    status: str = Field(max_length=16)
    facilitator: str | None = Field(default=None, max_length=32)
    roles_confirmed: bool = False
    case_in_meeting: bool = Field(default=False,
                                  sa_column_kwargs={"server_default": sa.false()})
    unscheduled: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    tempo: str | None = Field(default=None, max_length=8)  # None: the group's default
    # How often its time or cancellation changed, and when last: the calendar's SEQUENCE and
    # LAST-MODIFIED come from these.
    revision: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    changed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    location: str | None = Field(default=None, max_length=300)  # None: the group's


class MeetingPersonRow(SQLModel, table=True):
    """One person's part in one meeting: case bringer, answer to the reminder, volunteering."""

    __tablename__ = "meeting_people"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_meeting_people_user"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=Column(Integer, ForeignKey("meetings.id", ondelete="CASCADE"),
                                             nullable=False, index=True))
    user_id: str = Field(max_length=32)
    case_bringer_position: int | None = None  # 0, 1 for the first and second case bringer
    coming: bool | None = None  # the answer to the reminder; None: no answer
    volunteer_position: int | None = None  # order in which people said "I have a case"
    passed: bool = False


class AbsenceRow(SQLModel, table=True):
    """A member away for a period: no reminders, not proposed for a role."""

    __tablename__ = "absences"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=_group_fk())
    user_id: str = Field(max_length=32)
    first_day: date
    last_day: date


class DueActionRow(SQLModel, table=True):
    """A timed thing the bot will do; claimed with a lease so it fires once."""

    __tablename__ = "due_actions"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True, index=True)
    kind: str = Field(max_length=32)
    group_id: int = Field(sa_column=_group_fk())
    meeting_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=True, index=True))
    recipient: str | None = Field(default=None, max_length=32)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    status: str = Field(max_length=16, index=True)  # pending, done, skipped, cancelled
    attempts: int = 0
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HeartbeatRow(SQLModel, table=True):
    """When a running bot last swept its due actions (for `intervisie status`)."""

    __tablename__ = "heartbeats"

    name: str = Field(primary_key=True, max_length=64)
    at: datetime = Field(sa_type=UTCDateTime)


class SentMessageRow(SQLModel, table=True):
    """Every keyed message sent: reserved before sending and marked once Slack took it.

    A row reserved but never marked means the bot stopped mid-send: the channel's history is
    checked for the key before sending again.
    """

    __tablename__ = "sent_messages"

    key: str = Field(primary_key=True, max_length=200)
    reserved_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    channel: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    revision: int | None = None  # of the newest drawing sent with chat.update


class OutboxRow(SQLModel, table=True):
    """A message effect decided but not yet delivered, written in the transaction that decided
    it. Delivered in `id` order per `conversation`; the row is deleted once Slack took it (the
    record of what was sent is `sent_messages`), so case text does not linger here."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=240, unique=True)
    conversation: str = Field(max_length=240, index=True)
    # JSON: what to send, rendered (case texts among it: sealed like the texts it came from)
    payload: str | None = Field(default=None, sa_type=SealedText)
    group_id: int | None = None  # a meeting message: whose coordinators hear of a refusal
    status: str = Field(max_length=16, index=True)  # pending, failed
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
    error: str | None = Field(default=None, max_length=200)


class CaseRow(SQLModel, table=True):
    """A case (casus): confidential text, deleted on the group's retention schedule.

    `submitted` and `draft` hold the form's texts as JSON; a draft is what was typed and kept
    when the form was closed without submitting.
    """

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("meeting_id", "case_bringer", name="uq_cases_bringer"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=Column(Integer, ForeignKey("meetings.id", ondelete="CASCADE"),
                                             nullable=False, index=True))
    group_id: int = Field(sa_column=_group_fk())
    case_bringer: str = Field(max_length=32)
    submitted: str | None = Field(default=None, sa_type=SealedText)
    draft: str | None = Field(default=None, sa_type=SealedText)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    shared_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


def _meeting_fk() -> Column:
    return Column(Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False,
                  index=True)


class LiveMeetingRow(SQLModel, table=True):
    """A meeting while it runs (lopende bijeenkomst): method, phase clock and card order.

    The agenda is not stored: it follows from the method, the minutes and the speed, so the
    row stays small and a phase's prompts are always today's content.
    """

    __tablename__ = "live_meetings"

    meeting_id: int = Field(sa_column=Column(Integer, ForeignKey("meetings.id",
                                                                 ondelete="CASCADE"),
                                             primary_key=True))
    group_id: int = Field(sa_column=_group_fk())
    method_id: str = Field(max_length=40)
    duration_minutes: int
    case_count: int
    speed: float
    auto_advance: bool = False
    private_signals: bool = True  # heads-up and time-up to the facilitator by direct message
    written: str | None = Field(default=None, sa_type=Text)  # JSON WrittenPlan; None: live
    phase_index: int = 0
    status: str = Field(max_length=16)
    phase_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    phase_ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paused_remaining: int | None = None
    extra_seconds: int = 0
    skipped: str = Field(default="[]", sa_type=Text)  # JSON list of agenda indexes
    version: int = 0
    entry_version: int = 0  # the version with which the current phase was entered
    card_orders: str = Field(default="{}", sa_type=Text)  # JSON {deck: [card ids]}
    cards_drawn: str = Field(default="[]", sa_type=Text)  # JSON [[deck, card id], …]
    revision: int = 0  # grows with every change shown in Slack (orders message updates)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ContributionRow(SQLModel, table=True):
    """A contribution (bijdrage) on the flip-over: question, idea, reflection… Confidential."""

    __tablename__ = "contributions"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=_meeting_fk())
    group_id: int = Field(sa_column=_group_fk())
    phase_index: int
    case_number: int | None = None
    kind: str = Field(max_length=32)
    author: str = Field(max_length=32)
    text: str = Field(sa_type=SealedText)
    factor: str | None = Field(default=None, max_length=32)
    rating: str | None = Field(default=None, max_length=16)
    marked: bool = False
    chosen: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)


class ActionRow(SQLModel, table=True):
    """An action (actiepunt): what someone commits to, with an owner and a due date."""

    __tablename__ = "actions"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=_group_fk())
    meeting_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=True, index=True))
    contribution_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("contributions.id", ondelete="SET NULL"), nullable=True))
    owner: str = Field(max_length=32, index=True)
    text: str = Field(sa_type=SealedText)
    due_date: date
    case_number: int | None = None
    status: str = Field(max_length=16)  # open, reported, dropped
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)


class CheckoutRow(SQLModel, table=True):
    """One member's check-out of a meeting: how useful (1–5) and one take-away."""

    __tablename__ = "checkouts"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_checkouts_user"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=_meeting_fk())
    user_id: str = Field(max_length=32)
    score: int
    takeaway: str | None = Field(default=None, sa_type=SealedText)
    created_at: datetime = Field(sa_type=UTCDateTime)


class FollowUpRow(SQLModel, table=True):
    """A report back (terugkoppeling) on an action: what was done and what changed."""

    __tablename__ = "follow_ups"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(sa_column=Column(Integer, ForeignKey("actions.id", ondelete="CASCADE"),
                                            nullable=False, index=True))
    author: str = Field(max_length=32)
    answers: str = Field(sa_type=SealedText)  # JSON: did, changed, discussed, need
    shared: bool = False  # with the group, or only for the next meeting's facilitator
    created_at: datetime = Field(sa_type=UTCDateTime)


class EvaluationRow(SQLModel, table=True):
    """One member's answers to the periodic evaluation held after a meeting."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_evaluations_user"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=_meeting_fk())
    user_id: str = Field(max_length=32)
    answers: str = Field(sa_type=SealedText)  # JSON, see flows.evaluation.Answers
    created_at: datetime = Field(sa_type=UTCDateTime)


class CalendarSeriesRow(SQLModel, table=True):
    """One stretch of a group's rhythm as the calendar shows it (see flows.calendar_series)."""

    __tablename__ = "calendar_series"
    __table_args__ = (UniqueConstraint("group_id", "number", name="uq_calendar_series_number"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=_group_fk())
    number: int
    rrule: str = Field(max_length=200)
    first_date: date
    start_time: time
    timezone: str = Field(max_length=64)
    duration_minutes: int
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revision: int = 0
    updated_at: datetime = Field(sa_type=UTCDateTime)


class CalendarTokenRow(SQLModel, table=True):
    """A member's secret calendar address. Only the token's SHA-256 is kept; `nonce` lets the
    bot derive the token again (with its secret) to show the address."""

    __tablename__ = "calendar_tokens"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=_group_fk())
    user_id: str = Field(max_length=32)
    nonce: str = Field(max_length=64)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CanvasRow(SQLModel, table=True):
    """A canvas the bot keeps in a channel (the group's logbook): its Slack id and drawings.

    `revision` grows with every drawing asked for, `drawn` is the newest one Slack has; a
    `create_started_at` without a `canvas_id` means the bot stopped while Slack was creating it.
    """

    __tablename__ = "canvases"

    owner: str = Field(primary_key=True, max_length=64)  # e.g. "logbook:<group id>"
    group_id: int = Field(sa_column=_group_fk())
    channel_id: str = Field(max_length=32)
    canvas_id: str | None = Field(default=None, max_length=32)
    revision: int = 0
    drawn: int = 0
    entries: int = 0  # meetings in the newest drawing (a meeting held outside Slack adds one)
    create_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    refused: str | None = Field(default=None, max_length=64)  # Slack's reason, when refused
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ReflectionRow(SQLModel, table=True):
    """One member's own reflection on a meeting (reflectieformulier): private to them."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_reflections_user"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=_meeting_fk())
    group_id: int = Field(sa_column=_group_fk())
    user_id: str = Field(max_length=32, index=True)
    answers: str = Field(sa_type=SealedText)  # JSON, see flows.reflection.QUESTIONS
    action_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("actions.id", ondelete="SET NULL"), nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class AgreementsRow(SQLModel, table=True):
    """A group's agreements (groepsafspraken): the text as the group last settled it."""

    __tablename__ = "group_agreements"

    group_id: int = Field(sa_column=Column(Integer, ForeignKey("groups.id", ondelete="CASCADE"),
                                           primary_key=True))
    text: str = Field(sa_type=Text)
    revision: int = 1  # grows with each change; names the pinned message's key
    updated_by: str = Field(max_length=32)
    updated_at: datetime = Field(sa_type=UTCDateTime)
