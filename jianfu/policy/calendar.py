"""Working days (工作日) in China, as data: public holidays and make-up working days (调休).

Pure: the standard library and PyYAML only. The table lives in `calendar_cn.yaml` beside this file
(seeded from the maintained `chinese-calendar` package by `scripts/calendar_seed.py`), and an operator
may lay further files over it when the State Council publishes next year's schedule. A day is a working
day when it is a make-up working day, or a Monday to Friday that is not a holiday. For a year the table
does not cover, Monday to Friday count and the answer says so ("暂按周一至周五推算"); asked strictly,
the calendar refuses instead.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

TABLE = Path(__file__).resolve().parent / "calendar_cn.yaml"
ESTIMATED = "暂按周一至周五推算"
NOT_COVERED = "{year} 年的节假日安排尚未录入日历（policy/calendar_cn.yaml 或运维追加的日历文件）；请录入国务院办公厅公布的当年安排后再算"


class CalendarNotCovered(ValueError):
    """A strict question about a year the table does not hold; the message is Chinese and names the fix."""


@dataclass(frozen=True)
class Reckoned:
    """A date reckoned in working days, and whether a year outside the table was assumed Monday–Friday."""

    day: date
    estimated: bool = False

    @property
    def note(self) -> str:
        return ESTIMATED if self.estimated else ""


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date]  # days off (法定节假日 and the days joined to them)
    workdays: frozenset[date]  # make-up working days on a Saturday or Sunday (调休上班)
    years: frozenset[int]  # the years whose whole schedule is in the table

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, count: int, *, strict: bool = False) -> Reckoned:
        """The day `count` working days after `start` (before it when negative); `start` itself is not
        counted, so adding 1 to a Friday gives the next working day. Zero gives `start`."""
        step = 1 if count >= 0 else -1
        day, left, estimated = start, abs(count), not self.covers(start) and count == 0
        while left:
            day += timedelta(days=step)
            estimated |= self._assumed(day, strict)
            if self.is_working_day(day):
                left -= 1
        return Reckoned(day, estimated)

    def count_working_days(self, first: date, last: date, *, strict: bool = False) -> tuple[int, bool]:
        """(working days after `first` up to and including `last`, whether any year was assumed);
        negative when `last` is before `first`."""
        step = 1 if last >= first else -1
        day, count, estimated = first, 0, False
        while day != last:
            day += timedelta(days=step)
            estimated |= self._assumed(day, strict)
            count += step if self.is_working_day(day) else 0
        return count, estimated

    def add_days(self, start: date, count: int, *, unit: str, strict: bool = False) -> Reckoned:
        """A limit's days as the pack counts them: `working_days` or calendar `days`."""
        if unit == "working_days":
            return self.add_working_days(start, count, strict=strict)
        if unit != "days":
            raise ValueError(f"unknown unit {unit!r} (working_days, days)")
        return Reckoned(start + timedelta(days=count))

    def _assumed(self, day: date, strict: bool) -> bool:
        if self.covers(day):
            return False
        if strict:
            raise CalendarNotCovered(NOT_COVERED.format(year=day.year))
        return True


def calendar_load(*paths: Path) -> Calendar:
    """The shipped table, with each further file laid over it (a later file wins for a date it names)."""
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    years: set[int] = set()
    for path in (TABLE, *paths):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        years.update(int(year) for year in data.get("years") or ())
        for day, name in (data.get("holidays") or {}).items():
            workdays.pop(day, None)
            holidays[day] = name
        for day, name in (data.get("workdays") or {}).items():
            holidays.pop(day, None)
            workdays[day] = name
    return Calendar(frozenset(holidays), frozenset(workdays), frozenset(years))
