"""Durations measured from a demand's dates, the way the measures count them: a secondment in
months (clause 5.2), a short assignment in days (5.3). Both count the first and the last day."""

import calendar
import math
from datetime import date, timedelta


def days_spanned(start: date, end: date) -> int:
    """1 for a demand that starts and ends on the same day."""
    return (end - start).days + 1


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_spanned(start: date, end: date) -> float:
    """Whole calendar months from the start, then the days left as a fraction of the next month,
    rounded up to a tenth: 2021-06-01 to 2021-11-30 is 6, to 2021-12-01 is 6.1 (over a 6-month limit)."""
    after = end + timedelta(days=1)
    months = 0
    while _add_months(start, months + 1) <= after:
        months += 1
    reached = _add_months(start, months)
    left = (after - reached).days
    if not left:
        return float(months)
    month_length = (_add_months(start, months + 1) - reached).days
    return math.ceil(left / month_length * 10) / 10 + months
