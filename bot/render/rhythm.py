"""A group's rhythm in words ("every first Thursday"), for the summary and the Home tab."""

from __future__ import annotations

from flows.group import Group
from flows.recurrence import RhythmKind
from flows.texts import Text, t


def describe_rhythm(group: Group) -> Text:
    rhythm, first = group.rhythm, group.schedule.first_date
    weekday = t(f"weekday.{first.weekday()}")
    if rhythm.kind is RhythmKind.MONTHLY_NTH_WEEKDAY:
        return t("rhythm.describe.monthly_nth_weekday", nth=t(f"nth.{rhythm.nth}"), weekday=weekday)
    if rhythm.kind is RhythmKind.EVERY_N_WEEKS:
        return t("rhythm.describe.every_n_weeks", interval=rhythm.interval, weekday=weekday)
    return t("rhythm.describe.weekly", weekday=weekday)
