"""From a demand in the database to the facts the policy engine judges."""

from datetime import date

from jianfu.registry.models import Demand

# Facts a requester may declare on the form; everything else is derived from the demand itself.
DECLARABLE = frozenset(
    {
        "kind",
        "party_approved",
        "education_consulted",
        "education_approved",
        "education_filed",
        "party_filed",
        "on_activity_list",
        "work_assigned_on",
        "evaluation_methods",
        "commercial",
        "teacher_street_duty",
        "paper_trail_demands",
        "sent_directly_to_schools",
        "app_actions",
        "related_to_teaching",
        "participation_targets",
        "national_requirement",
        "affects_teaching",
        "duplicates_curriculum",
        "statistics_approval_number",
        "teacher_duties",
        "frontline_teachers",
        "training_kind",
        "statutory_hr_training",
        "seat_filling",
        "secondment_months",
        "short_assignment_days",
        "short_assignment_headcount",
        "purpose",
    }
)


def facts_for(demand: Demand, *, history: dict | None = None, year_count: int = 0, submitted_on=None) -> dict:
    declared = {key: value for key, value in (demand.declared_facts or {}).items() if key in DECLARABLE}
    if isinstance(declared.get("work_assigned_on"), str):
        declared["work_assigned_on"] = date.fromisoformat(declared["work_assigned_on"])
    co_requesters = demand.co_requesters.count() if demand.pk else 0
    return {
        **declared,
        "category": demand.category,
        "requester_kind": demand.requester.kind,
        "requester_count": 1 + co_requesters,
        "joint": co_requesters > 0,
        "division_code": demand.division.code,
        "in_annual_plan": demand.in_annual_plan,
        "emergency": demand.emergency,
        "submitted_on": submitted_on,
        "start": demand.start,
        "end": demand.end,
        "history": history,
        "year_count": year_count,
    }
