"""From a demand in the database to the facts the policy engine judges.

Every fact comes from the records first (the demand's fields and dates, its route steps as taken in
the platform, the registry), then from a reviewer's confirmation; a requester's own answer is a claim
that the reviewer checks (jianfu/policy/facts.py: SOURCES and CLAIMS say which is which)."""

from collections import Counter
from datetime import date

from django.core.exceptions import ObjectDoesNotExist

from jianfu.packs.active import active_engine
from jianfu.policy.durations import days_spanned, months_spanned
from jianfu.policy.facts import CLAIMS, REVIEWER, SOURCES, value_ok
from jianfu.registry.field_facts import FORM_CATEGORIES, field_facts
from jianfu.registry.models import Demand, DemandTransition, ReviewDecision
from jianfu.workflow.demand import OPEN_STATES, Action, State

# What a requester's `declared` may name: unknown keys are ignored (the API's field names stay as
# they were, so a client that still sends `secondment_months` is not refused; the dates decide).
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
        "purpose_consented",
    }
)
# The declarations a reviewer confirms or corrects: the reviewer's checklist.
CHECKLIST = frozenset(key for key in DECLARABLE if SOURCES.get(key) == REVIEWER)
PUBLISHED = (State.REGISTERED, State.DONE)
DECLARED, FINDING = "declared:", "finding:"


def facts_for(
    demand: Demand, *, history: dict | None = None, year_count: int = 0, submitted_on=None, registering: bool = False
) -> dict:
    """`registering`: the present route step is being completed now, and counts as taken."""
    co_requesters = demand.co_requesters.count() if demand.pk else 0
    facts = {
        "category": demand.category,
        "kind": demand.kind or None,
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
        "on_activity_list": on_activity_list(demand),
        **(field_facts(demand, active_engine().pack) if demand.category in FORM_CATEGORIES else {}),
        **durations(demand),
        **reviewed_declarations(demand),
        **placement_facts(demand),
    }
    return facts | route_facts(demand, facts, registering=registering)


def durations(demand: Demand) -> dict:
    """Measured from the dates, whatever the requester wrote (clauses 5.2 and 5.3)."""
    if demand.category == "secondment":
        return {"secondment_months": months_spanned(demand.start, demand.end)}
    if demand.category == "short_assignment":
        return {"short_assignment_days": days_spanned(demand.start, demand.end)}
    return {}


def placement_facts(demand: Demand) -> dict:
    """A secondment or short assignment as the secondments app records it (its teachers placed, its
    purpose, the renewals before it), whatever the requester typed: the records come last and win."""
    if demand.category not in ("secondment", "short_assignment") or not demand.pk:
        return {}
    try:
        secondment = demand.secondment
    except ObjectDoesNotExist:
        return {}
    renewals, earlier = 0, secondment
    while earlier.renewal_of_id:
        earlier, renewals = earlier.renewal_of, renewals + 1
    facts = {"purpose": secondment.purpose, "secondment_renewals": renewals}
    per_school = Counter(secondment.placements.exclude(state="cancelled").values_list("school_id", flat=True))
    if per_school:
        facts["short_assignment_headcount"] = max(per_school.values())
    return facts


def reviewed_declarations(demand: Demand) -> dict:
    """The checklist as judged: a reviewer's confirmed or corrected value where there is one; else the
    requester's answer if it can only add a finding (an admission), never if it could clear one (a claim)."""
    declared = {k: v for k, v in (demand.declared_facts or {}).items() if k in CHECKLIST}
    confirmed = confirmed_declarations(demand)
    facts = {key: value for key, value in declared.items() if key not in CLAIMS} | confirmed
    return _typed(facts)


def _typed(values: dict) -> dict:
    """Declared values the engine can read: a date from its ISO text; a value of the wrong type is left
    out (the form refuses it; an old record may hold one) rather than stopping the pre-check."""
    values = dict(values)
    if isinstance(values.get("work_assigned_on"), str):
        try:
            values["work_assigned_on"] = date.fromisoformat(values["work_assigned_on"])
        except ValueError:
            del values["work_assigned_on"]
    return {key: value for key, value in values.items() if value is not None and value_ok(key, value)}


def unconfirmed_claims(demand: Demand) -> dict:
    """The requester's answers that would clear a rule if true, not yet certified by a reviewer."""
    declared = {k: v for k, v in (demand.declared_facts or {}).items() if k in CHECKLIST and k in CLAIMS}
    confirmed = confirmed_declarations(demand)
    return _typed({k: v for k, v in declared.items() if k not in confirmed})


def confirmed_declarations(demand: Demand) -> dict:
    if not demand.pk:
        return {}
    decisions = ReviewDecision.objects.filter(demand=demand, subject__startswith=DECLARED).order_by("at", "id")
    return {d.subject.removeprefix(DECLARED): d.value for d in decisions}


def route_facts(demand: Demand, facts: dict, *, registering: bool) -> dict:
    """Consultation, approval and filing are steps of the demand's route, not answers: before it is
    submitted, the steps its route will take; once submitted, the steps actually taken in the platform
    (the bureau's review *is* the consultation; the party committee's approval is its step)."""
    steps = steps_taken(demand, registering) if demand.state not in (State.DRAFT, State.RETURNED) else planned(facts)
    bureau = [action for action, by in steps if "education_bureau" in by]
    party = [action for action, by in steps if "party_committee" in by]
    itself = facts["requester_kind"] == "education_bureau"
    result = {
        "education_consulted": itself or bool(bureau),
        "education_approved": itself or any(action != "filing" for action in bureau),
        "education_filed": itself or bool(bureau),
        "party_approved": "approval" in party,
        "party_filed": bool(party),
    }
    if any("statistics_bureau" in by and action == "approval" for action, by in steps):
        # Planned, the step will record it; taken, only the number the statistics bureau recorded at its
        # step counts (collection.approvals), never one the requester typed (3.2).
        recorded = getattr(demand, "statistics_approval", None) if demand.pk else None
        planned_only = demand.state in (State.DRAFT, State.RETURNED)
        result["statistics_approval_number"] = (
            "统计机构在平台审批" if planned_only else (recorded.number if recorded else "")
        )
    return result


def planned(facts: dict) -> list[tuple[str, list[str]]]:
    return [(s.action, s.by.split(",")) for s in active_engine().route_for(facts, facts["submitted_on"]).steps]


def steps_taken(demand: Demand, registering: bool) -> list[tuple[str, list[str]]]:
    route = demand.route or []
    done = set(
        DemandTransition.objects.filter(demand=demand, action=Action.ADVANCE).values_list("step", flat=True)
        if demand.pk
        else ()
    )
    if registering and demand.state in OPEN_STATES:
        done.add(demand.step)
    return [(route[i]["action"], route[i]["by"].split(",")) for i in sorted(done) if i < len(route)]


def on_activity_list(demand: Demand) -> bool:
    """On the year's registered annual list of campus activities (clause 2.3): collected into the plan
    itself, or the same activity of the same requester registered in the year's plan."""
    if demand.in_annual_plan:
        return True
    return (
        Demand.objects.filter(
            category="campus_activity",
            year=demand.year,
            requester_id=demand.requester_id,
            in_annual_plan=True,
            state__in=PUBLISHED,
            title=demand.title,
        )
        .exclude(pk=demand.pk)
        .exists()
    )
