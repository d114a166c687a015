"""Writes of the county's yearly report (clause 7.4): the county bureau drafts it, writes its own sections and
submits it to the city by the pack's due date (25 November for Anshun). What it owes is an obligation, opened
for every county at the start of the year by `report_obligations_open` (the demo and the worker's sweep call
it), with the reminders every obligation has; submitting meets it, freezes the figures and tells the city.

Only the education bureau of the report's own county writes it; the bureau of the city above reads every
county's. Anyone else is told the report does not exist (404), as for every object of the platform."""

from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.deadlines.calendar import active_calendar
from jianfu.deadlines.hooks import bureau_of
from jianfu.deadlines.models import NotificationKind, Obligation, ObligationKind
from jianfu.deadlines.services import notify, obligation_meet, people_of
from jianfu.deadlines.violations import city_of
from jianfu.documents.language import official_gettext
from jianfu.monitoring.models import CountyReport, ReportState
from jianfu.monitoring.report import SECTIONS, report_figures
from jianfu.org.models import Division, Role, RoleAssignment
from jianfu.packs.active import active_engine

SUBJECT = "county_report"
SECTION_MAX = 5000  # characters the bureau writes under one heading

NOT_FOUND = gettext_lazy("没有找到这份报告，或您无权查看")
ONLY_COUNTY_BUREAU = gettext_lazy("只有本县（区）教育局可以起草、修改和报送本县（区）的年度减负情况报告")
ALREADY_SUBMITTED = gettext_lazy("报告已于 {day} 报送，数据已固定，不能再修改；如需更正请联系市教育局")
UNKNOWN_SECTION = gettext_lazy("报告没有「{key}」这一部分；可以撰写的部分是：{names}")
SECTION_TOO_LONG = gettext_lazy("「{name}」部分不能超过 {max} 个字（现有 {length} 字）；请精简")


class ReportError(ValueError):
    """A report write that cannot be done; the message is Chinese and names the field and the fix."""


def report_due(year: int) -> date:
    """The day the year's report is due (the pack's monitoring_report_due, a month-day)."""
    limit = active_engine().pack.limits["monitoring_report_due"]
    dated = limit.at(date(year, 12, 31)) or limit.values[0]
    month, day = (int(part) for part in str(dated.value).split("-"))
    return date(year, month, day)


def _report_clause(year: int) -> str:
    limit = active_engine().pack.limits["monitoring_report_due"]
    return (limit.at(date(year, 12, 31)) or limit.values[0]).clause


def _holds_bureau_role(user, division: Division) -> bool:
    return RoleAssignment.objects.filter(
        user=user, role=Role.EDUCATION_BUREAU, unit__division=division, unit__kind="education_bureau"
    ).exists()


def bureau_divisions(user) -> list[Division]:
    """The divisions whose education bureau this person works for (a county's, a city's), in path order."""
    if not (user and user.is_authenticated):
        return []
    return list(
        Division.objects.filter(
            units__kind="education_bureau",
            units__role_assignments__user=user,
            units__role_assignments__role=Role.EDUCATION_BUREAU,
        )
        .distinct()
        .order_by("path")
    )


def may_write(user, county: Division) -> bool:
    return bool(user and user.is_authenticated) and _holds_bureau_role(user, county)


def may_read(user, county: Division) -> bool:
    return may_write(user, county) or (
        bool(user and user.is_authenticated) and _holds_bureau_role(user, city_of(county))
    )


def report_get_for_user(report_id: int, user) -> CountyReport:
    """The report, for its county's bureau or the city's; 404 for missing and forbidden alike."""
    report = CountyReport.objects.select_related("county__parent").filter(pk=report_id).first()
    if report is None or not may_read(user, report.county):
        raise Http404(str(NOT_FOUND))
    return report


def reports_for_city(city: Division, year: int, user) -> list[CountyReport]:
    """Every county's report of the year under `city`, for the city's bureau (404 for anyone else)."""
    if not (user and user.is_authenticated and _holds_bureau_role(user, city)):
        raise Http404(str(NOT_FOUND))
    return list(CountyReport.objects.filter(year=year, county__path__startswith=city.path).exclude(county=city))


def _report_for_writing(report_id: int, user) -> CountyReport:
    report = report_get_for_user(report_id, user)
    if not may_write(user, report.county):
        raise ReportError(str(ONLY_COUNTY_BUREAU))
    if report.state == ReportState.SUBMITTED:
        raise ReportError(str(ALREADY_SUBMITTED).format(day=report.submitted_on))
    return report


def report_obligation_open(county: Division, year: int, *, today: date | None = None) -> Obligation:
    """The county bureau owes the city its report by the due date; the draft report is its subject. Opened
    once per county and year (a second call returns the first)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report, _created = CountyReport.objects.get_or_create(county=county, year=year)
        existing = Obligation.objects.filter(
            kind=ObligationKind.COUNTY_REPORT, subject_type=SUBJECT, subject_id=report.pk
        )
        if first := existing.first():
            return first
        due = report_due(year)
        start = min(max(today, date(year, 1, 1)), due)
        reckoned = active_calendar().add_days(start, (due - start).days, unit="days")
        obligation = Obligation.objects.create(
            kind=ObligationKind.COUNTY_REPORT,
            what=official_gettext("报送{year}年教师减负情况报告").format(year=year),
            clause=_report_clause(year),
            owner_unit=bureau_of(county),
            owed_to=bureau_of(city_of(county)),
            division=county,
            subject_type=SUBJECT,
            subject_id=report.pk,
            link=f"/monitoring/reports/{report.pk}/",
            counted_from=start,
            days=(due - start).days,
            unit="days",
            due_on=reckoned.day,
        )
        audit_record(
            acting_user=None,
            action="obligation.open",
            object_type="obligation",
            object_id=obligation.pk,
            after={"kind": obligation.kind, "report": report.pk, "due": obligation.due_on.isoformat()},
        )
        from jianfu.deadlines.reminders import reminders_schedule

        reminders_schedule(obligation)
    return obligation


def report_obligations_open(year: int | None = None, *, today: date | None = None) -> int:
    """Opens the year's report obligation for every county with schools that has none; how many were opened.
    The worker's sweep calls it each round, so a new year's obligations open on their own."""
    today = today or timezone.localdate()
    year = year or today.year
    owing = CountyReport.objects.filter(
        year=year,
        pk__in=Obligation.objects.filter(kind=ObligationKind.COUNTY_REPORT, subject_type=SUBJECT).values("subject_id"),
    ).values("county_id")
    counties = Division.objects.filter(schools__isnull=False).exclude(pk__in=owing).distinct().order_by("path")
    opened = 0
    for county in counties:  # one query when every county owes it already: the worker calls this each round
        if bureau_of(county) is not None:
            report_obligation_open(county, year, today=today)
            opened += 1
    return opened


def report_draft(county: Division, year: int, user, *, on: date | None = None) -> CountyReport:
    """The county's report for the year, its figures assembled afresh from the records (a draft follows the
    records until it is submitted)."""
    if not may_write(user, county):
        raise Http404(str(NOT_FOUND)) if not may_read(user, county) else ReportError(str(ONLY_COUNTY_BUREAU))
    with transaction.atomic():
        report, created = CountyReport.objects.select_for_update().get_or_create(county=county, year=year)
        if report.state == ReportState.SUBMITTED:
            return report
        report.figures = report_figures(county, year, on=on)
        report.save(update_fields=["figures"])
        audit_record(
            acting_user=user,
            action="report.draft",
            object_type="county_report",
            object_id=report.pk,
            after={"county": county.code, "year": year, "created": created},
        )
    return report


def report_section_write(report_id: int, user, key: str, text: str) -> CountyReport:
    """The bureau's own text under one heading of the report."""
    names = dict(SECTIONS)
    if key not in names:
        listed = gettext("、").join(str(n) for n in names.values())
        raise ReportError(str(UNKNOWN_SECTION).format(key=key[:32], names=listed))
    text = text.strip()
    if len(text) > SECTION_MAX:
        raise ReportError(str(SECTION_TOO_LONG).format(name=names[key], max=SECTION_MAX, length=len(text)))
    with transaction.atomic():
        report = _report_for_writing(report_id, user)
        report = CountyReport.objects.select_for_update().get(pk=report.pk)
        before = report.sections.get(key, "")
        report.sections = report.sections | {key: text}
        report.save(update_fields=["sections"])
        audit_record(
            acting_user=user,
            action="report.section_write",
            object_type="county_report",
            object_id=report.pk,
            before={key: before},
            after={key: text},
        )
    return report


def report_submit(report_id: int, user, on: date | None = None) -> CountyReport:
    """Submits the report to the city: its figures frozen as they stand today, the obligation met, the
    city's bureau told."""
    on = on or timezone.localdate()
    with transaction.atomic():
        report = _report_for_writing(report_id, user)
        report = CountyReport.objects.select_for_update(of=("self",)).select_related("county__parent").get(pk=report.pk)
        if report.state == ReportState.SUBMITTED:  # submitted meanwhile by a colleague
            raise ReportError(str(ALREADY_SUBMITTED).format(day=report.submitted_on))
        report.figures = report_figures(report.county, report.year, on=on)
        report.state, report.submitted_on, report.submitted_by = ReportState.SUBMITTED, on, user
        report.save(update_fields=["figures", "state", "submitted_on", "submitted_by"])
        audit_record(
            acting_user=user,
            action="report.submit",
            object_type="county_report",
            object_id=report.pk,
            after={"county": report.county.code, "year": report.year, "submitted_on": on.isoformat()},
        )
        obligation_meet(kind=ObligationKind.COUNTY_REPORT, subject_type=SUBJECT, subject_id=report.pk, acting_user=user)
        city_bureau = bureau_of(city_of(report.county))
        notify(
            users=people_of(unit=city_bureau) if city_bureau else [],
            kind=NotificationKind.REPORT_SUBMITTED,
            title=official_gettext("{county}报送了{year}年教师减负情况报告").format(
                county=report.county.name, year=report.year
            ),
            link=f"/monitoring/reports/{report.pk}/",
            subject=(SUBJECT, report.pk),
        )
    return report
