"""What the measures' pages show, read through the scoped querysets of progress_access: per measure the units'
standing in a period, per unit its measures and reports. Pure reading: no writes here."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.accountability.measures import Measure, Period, period_containing, period_parse, reporting_period
from jianfu.accountability.models import MeasureReport, ReportState
from jianfu.org.models import Unit

MISSING = "missing"  # no report submitted yet (none made, or still a draft)


@dataclass
class Standing:
    """How many of a measure's units (those the reader sees) stand where, in one period."""

    submitted: int = 0
    accepted: int = 0
    returned: int = 0
    missing: int = 0

    @property
    def owed(self) -> int:
        return self.submitted + self.accepted + self.returned + self.missing


@dataclass
class MeasureRow:
    measure: Measure
    lead: list[tuple[Unit, bool]]  # (unit, the reader opens its page)
    responsible: list[tuple[Unit, bool]]
    standing: Standing = field(default_factory=Standing)


def state_of(report: MeasureReport | None) -> str:
    if report is None or report.state == ReportState.DRAFT:
        return MISSING
    return report.state


def period_asked(params) -> tuple[Period, str]:
    """The period of ?period=, else the current reporting period; the error sentence names the parameter."""
    typed = (params.get("period") or "").strip()
    if not typed:
        return reporting_period(), ""
    try:
        return period_parse(typed), ""
    except ValueError as error:
        return reporting_period(), _("参数 period：%(error)s") % {"error": error}


def periods_shown(reports) -> list[str]:
    """The periods with reports, the current reporting period and the one in progress, newest first."""
    today = timezone.localdate()
    shown = {r.period for r in reports} | {reporting_period(today).id, period_containing(today).id}
    return sorted(shown, reverse=True)


def measure_rows(found: list[Measure], reports, readable_ids: set[int], period: Period) -> list[MeasureRow]:
    by_key = {(r.measure, r.unit_id): r for r in reports if r.period == period.id}
    rows = []
    for measure in found:
        row = MeasureRow(
            measure,
            [(u, u.pk in readable_ids) for u in measure.lead_units],
            [(u, u.pk in readable_ids) for u in measure.responsible_units],
        )
        for unit in measure.units:
            if unit.pk in readable_ids:
                state = state_of(by_key.get((measure.id, unit.pk)))
                setattr(row.standing, state, getattr(row.standing, state) + 1)
        rows.append(row)
    return rows


def unit_grid(units: list[Unit], reports, periods: list[str]) -> list[dict]:
    """One row per unit: its report (or none) in each period, for a measure's page."""
    by_key = {(r.unit_id, r.period): r for r in reports}
    return [
        {"unit": unit, "cells": [{"period": p, "report": by_key.get((unit.pk, p))} for p in periods]} for unit in units
    ]


def measure_grid(found: list[Measure], reports, periods: list[str]) -> list[dict]:
    """One row per measure: the unit's report (or none) in each period, for a unit's page."""
    by_key = {(r.measure, r.period): r for r in reports}
    return [{"measure": m, "cells": [{"period": p, "report": by_key.get((m.id, p))} for p in periods]} for m in found]
