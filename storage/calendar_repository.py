"""The calendar's own records: a group's series history and the members' secret addresses."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from flows.calendar_series import Series
from flows.recurrence import Schedule
from storage.tables import CalendarSeriesRow, CalendarTokenRow


def _to_series(row: CalendarSeriesRow) -> Series:
    return Series(number=row.number, schedule=Schedule(
        row.rrule, row.first_date, row.start_time, row.timezone, row.duration_minutes),
        starts_at=row.starts_at, ends_at=row.ends_at, revision=row.revision,
        updated_at=row.updated_at, id=row.id)


class CalendarRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def history(self, group_id: int) -> list[Series]:
        """The group's series, oldest first."""
        return [_to_series(row) for row in self.session.exec(
            select(CalendarSeriesRow).where(CalendarSeriesRow.group_id == group_id)
            .order_by(CalendarSeriesRow.number)).all()]

    def save_series(self, group_id: int, series: Series) -> Series:
        row = self.session.get(CalendarSeriesRow, series.id) if series.id else None
        if row is None:
            row = CalendarSeriesRow(group_id=group_id, number=series.number, rrule="",
                                    first_date=series.schedule.first_date,
                                    start_time=series.schedule.start_time, timezone="",
                                    duration_minutes=0, starts_at=series.starts_at,
                                    updated_at=series.updated_at)
        schedule = series.schedule
        row.rrule, row.first_date, row.start_time = (schedule.rrule, schedule.first_date,
                                                     schedule.start_time)
        row.timezone, row.duration_minutes = schedule.timezone, schedule.duration_minutes
        row.starts_at, row.ends_at = series.starts_at, series.ends_at
        row.revision, row.updated_at = series.revision, series.updated_at
        self.session.add(row)
        self.session.flush()
        return _to_series(row)

    # -- secret addresses -----------------------------------------------------------------

    def current_token(self, group_id: int, user_id: str) -> CalendarTokenRow | None:
        return self.session.exec(select(CalendarTokenRow).where(
            CalendarTokenRow.group_id == group_id, CalendarTokenRow.user_id == user_id,
            CalendarTokenRow.revoked_at.is_(None)).order_by(
            CalendarTokenRow.id.desc())).first()

    def add_token(self, group_id: int, user_id: str, nonce: str, token_hash: str,
                  now: datetime) -> CalendarTokenRow:
        row = CalendarTokenRow(group_id=group_id, user_id=user_id, nonce=nonce,
                               token_hash=token_hash, created_at=now)
        self.session.add(row)
        self.session.flush()
        return row

    def revoke(self, group_id: int, user_id: str, now: datetime) -> int:
        """Revoke every address the person has for the group; returns how many."""
        rows = self.session.exec(select(CalendarTokenRow).where(
            CalendarTokenRow.group_id == group_id, CalendarTokenRow.user_id == user_id,
            CalendarTokenRow.revoked_at.is_(None))).all()
        for row in rows:
            row.revoked_at = now
            self.session.add(row)
        self.session.flush()
        return len(rows)

    def by_hash(self, token_hash: str) -> CalendarTokenRow | None:
        """The address with this hash, if it is not revoked."""
        return self.session.exec(select(CalendarTokenRow).where(
            CalendarTokenRow.token_hash == token_hash,
            CalendarTokenRow.revoked_at.is_(None))).first()
