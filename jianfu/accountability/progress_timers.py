"""What the measures' units owe (DESIGN.md, "Time"): each unit one progress report per measure per period,
due on the period's due date (measures.yaml), as an obligation with the reminders every obligation has and
one escalation once overdue. The worker's sweep calls `measure_obligations_open()` each round, so a new
period's obligations open on their own the day it begins; a returned report is owed again (resubmit_days)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from jianfu.accountability.measures import Period, measures, measures_config, periods_owed_on
from jianfu.accountability.models import MeasureReport
from jianfu.audit.services import audit_record
from jianfu.deadlines.models import Obligation, ObligationKind
from jianfu.documents.language import official_gettext as _
from jianfu.org.models import Unit, UnitKind

SUBJECT = "measure_report"


def report_link(report: MeasureReport) -> str:
    return f"/accountability/reports/{report.pk}/"


def inspectorate_of(unit: Unit) -> Unit | None:
    """The education inspectorate the unit reports to: its own level's, else the level above's."""
    division = unit.division
    while division is not None:
        found = Unit.objects.filter(division=division, kind=UnitKind.EDUCATION_INSPECTORATE).first()
        if found:
            return found
        division = division.parent
    return None


def report_obligation_open(report: MeasureReport, *, due: date, start: date, acting_user=None) -> Obligation:
    """The unit owes this report by `due` (reckoned in calendar days from `start`); a pending one is kept."""
    with transaction.atomic():
        pending = Obligation.objects.filter(
            kind=ObligationKind.MEASURE_REPORT,
            subject_type=SUBJECT,
            subject_id=report.pk,
            state__in=("open", "overdue"),
        ).first()
        if pending:
            return pending
        start = min(start, due)
        obligation = Obligation.objects.create(
            kind=ObligationKind.MEASURE_REPORT,
            what=_("报送第{measure}条措施{period}落实情况").format(measure=report.measure, period=report.period),
            clause=measures_config().cycle.clause,
            owner_unit=report.unit,
            owed_to=inspectorate_of(report.unit),
            division=report.unit.division,
            subject_type=SUBJECT,
            subject_id=report.pk,
            link=report_link(report),
            counted_from=start,
            days=(due - start).days,
            unit="days",
            due_on=due,
        )
        audit_record(
            acting_user=acting_user,
            action="obligation.open",
            object_type="obligation",
            object_id=obligation.pk,
            after={"kind": obligation.kind, "report": report.pk, "due": due.isoformat()},
        )
        from jianfu.deadlines.reminders import reminders_schedule

        reminders_schedule(obligation)
    return obligation


def resubmission_due(period: Period, returned_on: date) -> date:
    """A returned report is owed again by the period's due date or resubmit_days after its return, if later."""
    return max(period.due, returned_on + timedelta(days=measures_config().cycle.resubmit_days))


def period_obligations_open(period: Period, *, today: date | None = None) -> int:
    """Every unit of every measure owes its report of `period`: the reports not yet there are made (drafts)
    and their obligations opened. How many were opened; none when all are there (one query per period)."""
    today = today or timezone.localdate()
    owed = {(m.id, unit.pk): unit for m in measures() for unit in m.units}
    there = set(MeasureReport.objects.filter(period=period.id).values_list("measure", "unit_id"))
    opened = 0
    for (measure, _unit_id), unit in owed.items():
        if (measure, unit.pk) in there:
            continue
        with transaction.atomic():
            report, created = MeasureReport.objects.get_or_create(measure=measure, unit=unit, period=period.id)
            if created:
                report_obligation_open(report, due=period.due, start=max(today, period.starts))
                opened += 1
    return opened


def measure_obligations_open(*, today: date | None = None) -> int:
    """The worker's round: the obligations of every period begun and not yet due (opened once each)."""
    today = today or timezone.localdate()
    return sum(period_obligations_open(period, today=today) for period in periods_owed_on(today))
