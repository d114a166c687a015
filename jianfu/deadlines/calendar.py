"""The working-day calendar in force and the pack's time limits reckoned with it."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings

from jianfu.packs.active import active_engine
from jianfu.policy.calendar import Calendar, Reckoned, calendar_load


@cache
def _calendar(files: tuple[str, ...]) -> Calendar:
    return calendar_load(*(Path(f) for f in files))


def active_calendar() -> Calendar:
    """The shipped table with the operator's files (JIANFU_CALENDAR_FILES) laid over it."""
    return _calendar(tuple(settings.JIANFU_CALENDAR_FILES))


@dataclass(frozen=True)
class Term:
    """A time limit of the pack, applied from one date: how many days, counted how, under which clause."""

    days: int
    unit: str
    clause: str
    due: Reckoned


def term_from(limit_code: str, start: date) -> Term:
    limit = active_engine().pack.limits[limit_code]
    dated = limit.at(start) or limit.values[0]
    unit = limit.unit or "days"
    return Term(int(dated.value), unit, dated.clause, active_calendar().add_days(start, int(dated.value), unit=unit))


def reminder_offsets(due: date) -> tuple[int, ...]:
    """Working days before the due date on which the owner is reminded (the pack's reminder_days_before)."""
    limit = active_engine().pack.limits.get("reminder_days_before")
    dated = limit.at(due) if limit else None
    return tuple(sorted({int(n) for n in dated.value}, reverse=True)) if dated else ()
