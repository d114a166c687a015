"""What a substantiated complaint leads to (6.3, "查处一起"): the demand it is about, when the complaint
names a registered one (its registration number quoted in the notice or in the filer's words), carries the
finding; otherwise a violation case is opened at the gate for the bureau that investigates, so the unit and
the item are counted where every other violation is (the bureau's pages, later the accountability scores).
A complaint investigated at city level opens its case in the city, never in the accused county."""

from jianfu.audit.services import audit_record
from jianfu.complaints.models import Complaint, Level
from jianfu.gate.models import ViolationCase
from jianfu.packs.active import active_engine
from jianfu.policy.screening.normalise import normalised
from jianfu.policy.screening.numbers import registration_numbers
from jianfu.registry.models import Demand
from jianfu.workflow.complaint import Finding

UPHELD = frozenset({Finding.SUBSTANTIATED, Finding.PARTLY})


def demand_named_in(*texts: str) -> Demand | None:
    """The registered demand whose number the texts quote (the first one found), if any."""
    pack = active_engine().pack
    numbers = [seen.number for text in texts if text for seen in registration_numbers(normalised(text), pack)]
    if not numbers:
        return None
    found = Demand.objects.filter(registration_number__in=numbers).select_related("requester")
    by_number = {d.registration_number: d for d in found}
    return next((by_number[n] for n in numbers if n in by_number), None)


def consequences_apply(complaint: Complaint, acting_user) -> ViolationCase | None:
    """Called in the transaction that records a finding. Substantiated (or partly) and about no registered
    demand: a violation case, once. About a registered demand: the demand stays linked (the case page shows
    its registration) and the event says so."""
    if complaint.finding_value not in UPHELD:
        return None
    if complaint.demand_id:
        audit_record(
            acting_user=acting_user,
            action="complaint.consequence",
            object_type="complaint",
            object_id=complaint.pk,
            after={"demand": complaint.demand_id, "registration": complaint.demand.registration_number or ""},
        )
        return None
    if complaint.violation_case_id:
        return complaint.violation_case
    division = complaint.division
    if complaint.level == Level.CITY and complaint.investigating_unit_id:
        division = complaint.investigating_unit.division
    case = ViolationCase.objects.create(division=division)
    complaint.violation_case = case
    complaint.save(update_fields=["violation_case"])
    audit_record(
        acting_user=acting_user,
        action="complaint.consequence",
        object_type="complaint",
        object_id=complaint.pk,
        after={"violation_case": case.pk, "division": division.code, "items": complaint.items},
    )
    return case
