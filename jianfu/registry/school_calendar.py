"""A school's calendar of the registered demands that reach it, one year at a time, by term."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.registry.selectors import demand_list_for_school, term_of

FIRST_YEAR = 2000  # the measures date from 2021, the 2020 baseline before them; nothing older is registered


class CalendarYearError(ValueError):
    pass


def calendar_year(value: str | None, *, today: date | None = None) -> int:
    """The year the calendar shows: this year unless asked, else a four-digit year up to next year
    (next year's plan is registered in this one)."""
    this_year = (today or timezone.localdate()).year
    text = (value or "").strip()
    if not text:
        return this_year
    if not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= this_year + 1):
        raise CalendarYearError(
            _("年度应为 %(first)s 至 %(last)s 之间的四位数字，而不是「%(text)s」；请从年度列表中选择")
            % {"first": FIRST_YEAR, "last": this_year + 1, "text": text[:20]}
        )
    return int(text)


@dataclass
class Term:
    demands: list = field(default_factory=list)
    hours: Decimal = Decimal(0)


def calendar_terms(*, school, year: int) -> dict[str, Term]:
    """The school's registered demands of a year, grouped by school term in date order."""
    terms: dict[str, Term] = {}
    for demand in demand_list_for_school(school=school, year=year):
        term = terms.setdefault(term_of(demand.start), Term())
        term.demands.append(demand)
        term.hours += demand.estimated_hours
    return terms


def calendar_years(*, school, today: date | None = None) -> list[int]:
    """The years offered in the filter: those with demands reaching the school, and this year."""
    years = set(demand_list_for_school(school=school).order_by().values_list("year", flat=True).distinct())
    return sorted(years | {(today or timezone.localdate()).year}, reverse=True)
