"""Column types shared by the tables.

`UTCDateTime` keeps every stored moment in UTC and hands back aware datetimes, also on SQLite,
which has no time zones and would otherwise return naive values.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.types import DateTime, TypeDecorator


class UTCDateTime(TypeDecorator):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime; use aware UTC")
        value = value.astimezone(UTC)
        # SQLite stores text: keep it naive UTC so comparisons in SQL stay lexical and correct.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
