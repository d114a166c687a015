"""The formulas of the scoring sheet (scoring.yaml): each reads the records of one scored unit's year and
returns its value, a share from 0 to 1, with the records behind it — never a counter kept on the side.

A scored unit is a county (its people's government answers for the county: its demands, its schools'
refusals, its complaints, cases, secondments, survey and report) or a requesting department (the demands
it made, the refusals and complaints against it, its secondments, the cases against it). Where another
module already counts the same thing (the report's figures, the complaints' statistics, the quota), the
formula reads it from there."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from jianfu.complaints.models import Complaint
from jianfu.complaints.stats import UPHELD
from jianfu.complaints.stats import stats as complaint_stats
from jianfu.deadlines.models import Obligation, ObligationKind, ObligationState
from jianfu.gate.models import CaseState, Refusal, ViolationCase
from jianfu.monitoring.models import CountyReport, MonitoringSite, ReportState, SurveyAnswer
from jianfu.monitoring.report_services import report_due
from jianfu.org.models import Division, Unit
from jianfu.registry.models import Demand
from jianfu.registry.quotas import COUNTED_STATES, quota_rows_for
from jianfu.secondments.models import Secondment
from jianfu.workflow.demand import State

COUNTY, DEPARTMENT = "county", "department"


@dataclass(frozen=True)
class Scored:
    """Who is scored: a county (through its government unit) or a requesting department."""

    kind: str  # county | department
    unit: Unit
    county: Division | None = None  # a county's division


@dataclass
class Found:
    """A formula's answer: the value (0–1) and the records it was computed from, as (kind, instance)."""

    value: float
    records: list[tuple[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Formula:
    function: Callable
    kinds: frozenset[str]
    params: frozenset[str] = frozenset()


def share(good: int, of: int, *, if_none: float = 1.0) -> float:
    """good ÷ of; `if_none` when there is nothing to count (nothing went wrong, or nothing was done)."""
    return good / of if of else if_none


# --- The records of a scored unit's year -----------------------------------------------------------


def registered_demands(scored: Scored, year: int):
    """Demands of the year registered (or done): a county's by its division, a department's as requester."""
    demands = Demand.objects.filter(year=year, state__in=COUNTED_STATES)
    return demands.filter(division=scored.county) if scored.kind == COUNTY else demands.filter(requester=scored.unit)


def year_refusals(scored: Scored, year: int):
    """Refusals received in the year: by the county's schools, or of the department's demands."""
    refusals = Refusal.objects.filter(received_on__year=year)
    if scored.kind == COUNTY:
        return refusals.filter(school__county=scored.county)
    return refusals.filter(requester_unit=scored.unit)


def year_complaints(scored: Scored, year: int):
    """Complaints received in the year: within the county's area (as complaints.stats counts them), or
    accusing the department."""
    complaints = Complaint.objects.filter(received_on__year=year)
    if scored.kind == COUNTY:
        return complaints.filter(division__path__startswith=scored.county.path)
    return complaints.filter(accused_unit=scored.unit)


def year_cases(scored: Scored, year: int):
    """Violation cases of the year as the county's report counts them (opened by a refusal of the year or
    by a demand of the year; jianfu.monitoring.report.refusal_figures); a department's: those whose refusal,
    demand or complaint names it."""
    of_year = Q(refusal__received_on__year=year) | Q(refusal__isnull=True, demand__year=year)
    cases = ViolationCase.objects.filter(of_year)
    if scored.kind == COUNTY:
        return cases.filter(division=scored.county)
    against = (
        Q(refusal__requester_unit=scored.unit)
        | Q(refusal__isnull=True, demand__requester=scored.unit)
        | Q(complaints__accused_unit=scored.unit)
    )
    return cases.filter(against).distinct()


def _on_time(obligation: Obligation) -> bool:
    closed = obligation.closed_at and timezone.localdate(obligation.closed_at)
    return obligation.state == ObligationState.MET and bool(closed) and closed <= obligation.due_on


def as_of(year: int) -> date:
    """The day the year is judged on: today, never later than the year's last day."""
    return min(timezone.localdate(), date(year, 12, 31))


# --- The formulas ----------------------------------------------------------------------------------


def quota_kept(scored: Scored, year: int, *, categories) -> Found:
    """Of the registered demands of the quota's categories, the share within the year's limit (the quota's
    own rows: jianfu.registry.quotas); a category without a limit (no baseline entered) has none to exceed."""
    rows = quota_rows_for([scored.county], year, set(categories))
    used = sum(row["used"] for row in rows)
    within = sum(row["used"] if row["limit"] is None else min(row["used"], row["limit"]) for row in rows)
    demands = registered_demands(scored, year).filter(category__in=list(categories)).order_by("id")
    return Found(share(within, used), [("demand", d) for d in demands])


def registered_share(scored: Scored, year: int) -> Found:
    """Registered demands ÷ (registered + refused ones the school could not verify + substantiated
    complaints about a demand that was not registered)."""
    demands = list(registered_demands(scored, year).order_by("id"))
    refusals = [r for r in year_refusals(scored, year).order_by("id") if r.registration.get("valid") is not True]
    upheld = year_complaints(scored, year).filter(finding__in=UPHELD).select_related("demand").order_by("id")
    complaints = [c for c in upheld if c.demand is None or c.demand.state not in COUNTED_STATES]
    records = [("demand", d) for d in demands] + [("refusal", r) for r in refusals]
    records += [("complaint", c) for c in complaints]
    return Found(share(len(demands), len(records)), records)


def cases_closed_on_time(scored: Scored, year: int) -> Found:
    """Cases of the year closed by their handling deadline (the case-handling obligation's due day; a case
    without one counts as on time once closed)."""
    cases = list(year_cases(scored, year).order_by("id"))
    due = dict(
        Obligation.objects.filter(
            kind=ObligationKind.CASE_HANDLING, subject_type="case", subject_id__in=[c.pk for c in cases]
        ).values_list("subject_id", "due_on")
    )

    def closed_on_time(case) -> bool:
        if case.state != CaseState.CLOSED or case.closed_at is None:
            return False
        return case.pk not in due or timezone.localdate(case.closed_at) <= due[case.pk]

    return Found(share(sum(map(closed_on_time, cases)), len(cases)), [("case", c) for c in cases])


def return_obligations(scored: Scored, year: int) -> list[Obligation]:
    """The secondments' return obligations due in the year by the day judged (a waived one left out)."""
    secondments = Secondment.objects.filter(demand__state__in=(*COUNTED_STATES, State.REVOKED))
    if scored.kind == COUNTY:
        secondments = secondments.filter(demand__division=scored.county)
    else:
        secondments = secondments.filter(demand__requester=scored.unit)
    return list(
        Obligation.objects.filter(
            kind=ObligationKind.SECONDMENT_RETURN,
            subject_type="secondment",
            subject_id__in=secondments.values("pk"),
            due_on__year=year,
            due_on__lte=as_of(year),
        )
        .exclude(state=ObligationState.WAIVED)
        .order_by("subject_id")
    )


def returned_in_time(obligations: list[Obligation]) -> int:
    """How many of the return obligations were met by their due day (a renewal meets the original's)."""
    return sum(map(_on_time, obligations))


def returned_on_time(scored: Scored, year: int) -> Found:
    """Of the secondments' returns due in the year by the day judged, the share met by the due day."""
    obligations = return_obligations(scored, year)
    by_id = Secondment.objects.select_related("demand").in_bulk([o.subject_id for o in obligations])
    records = [("secondment", by_id[o.subject_id]) for o in obligations]
    return Found(share(returned_in_time(obligations), len(obligations)), records)


def complaints_answered_on_time(scored: Scored, year: int) -> Found:
    """Complaints received in the county's area in the year answered by their conclusion's due day (an
    extension included), as jianfu.complaints.stats counts them, of all received."""
    totals = complaint_stats(year, division=scored.county)["totals"]
    complaints = year_complaints(scored, year).order_by("id")
    return Found(share(totals["answered_on_time"], totals["received"]), [("complaint", c) for c in complaints])


def survey_done(scored: Scored, year: int) -> Found:
    """The county's monitoring sites of the year that received at least one answer, of all its sites; no
    site named is no survey done (0)."""
    sites = list(MonitoringSite.objects.filter(year=year, county=scored.county).select_related("school"))
    answered = set(SurveyAnswer.objects.filter(site__in=sites).values_list("site_id", flat=True))
    return Found(share(len(answered), len(sites), if_none=0.0), [("site", s) for s in sites])


def report_on_time(scored: Scored, year: int) -> Found:
    """1 when the county's report of the year was submitted by its due day, else 0."""
    report = CountyReport.objects.filter(county=scored.county, year=year).first()
    if report is None:
        return Found(0.0)
    submitted = report.state == ReportState.SUBMITTED and report.submitted_on is not None
    return Found(1.0 if submitted and report.submitted_on <= report_due(year) else 0.0, [("report", report)])


def planned_or_merged(scored: Scored, year: int, *, categories) -> Found:
    """Of the department's registered or merged demands of these categories, the share in the annual plan
    or carried out merged with another (merged into one, or one others were merged into)."""
    demands = list(
        Demand.objects.filter(
            requester=scored.unit, year=year, category__in=list(categories), state__in=(*COUNTED_STATES, State.MERGED)
        )
        .prefetch_related("merged")
        .order_by("id")
    )
    good = [d for d in demands if d.in_annual_plan or d.merged_into_id or d.state == State.MERGED or d.merged.all()]
    return Found(share(len(good), len(demands)), [("demand", d) for d in demands])


def cases_against(scored: Scored, year: int, *, per_case) -> Found:
    """1 less `per_case` for every case of the year against the department, never below 0."""
    cases = list(year_cases(scored, year).order_by("id"))
    return Found(max(0.0, 1.0 - float(per_case) * len(cases)), [("case", c) for c in cases])


BOTH = frozenset({COUNTY, DEPARTMENT})
FORMULAS: dict[str, Formula] = {
    "quota_kept": Formula(quota_kept, frozenset({COUNTY}), frozenset({"categories"})),
    "registered_share": Formula(registered_share, BOTH),
    "cases_closed_on_time": Formula(cases_closed_on_time, BOTH),
    "returned_on_time": Formula(returned_on_time, BOTH),
    "complaints_answered_on_time": Formula(complaints_answered_on_time, frozenset({COUNTY})),
    "survey_done": Formula(survey_done, frozenset({COUNTY})),
    "report_on_time": Formula(report_on_time, frozenset({COUNTY})),
    "planned_or_merged": Formula(planned_or_merged, frozenset({DEPARTMENT}), frozenset({"categories"})),
    "cases_against": Formula(cases_against, frozenset({DEPARTMENT}), frozenset({"per_case"})),
}
