"""Reads: which complaints a person may see, one complaint for a person (404 for missing and forbidden
alike), and what the filer is shown.

Who sees a case: the people of the investigating and of the assisting unit; the education bureau of the
level above the investigating unit (it reviews the answers); the inspectors (督导/纪检) of the investigating
unit's area and above. Never anyone holding any role on the accused unit, whatever else they hold: a
county bureau accused is investigated by the city, and its own people do not see the case at all.
Schools and teachers see no case pages; a named filer follows their own filings (`complaints_filed_by`).
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from jianfu.complaints.identity import filer_digest
from jianfu.complaints.models import Complaint
from jianfu.org.access import scope_for
from jianfu.org.models import Role, RoleAssignment
from jianfu.workflow.complaint import State


def own_unit_ids(user, roles=None) -> set[int]:
    """The units the user holds a role on."""
    held = RoleAssignment.objects.filter(user=user, unit__isnull=False)
    if roles:
        held = held.filter(role__in=roles)
    return set(held.values_list("unit_id", flat=True))


def _division_paths(user, roles) -> set[str]:
    held = RoleAssignment.objects.filter(user=user, unit__isnull=False, role__in=roles)
    return set(held.values_list("unit__division__path", flat=True))


def complaints_visible_to(user) -> QuerySet[Complaint]:
    if not user.is_authenticated:
        return Complaint.objects.none()
    own_units = own_unit_ids(user)
    base = Complaint.objects.select_related(
        "division", "accused_unit", "investigating_unit__division", "assisting_unit", "demand", "violation_case"
    )
    if scope_for(user).everything and not own_units:
        return base
    if not own_units:
        return Complaint.objects.none()
    visible = Q(investigating_unit_id__in=own_units) | Q(assisting_unit_id__in=own_units)
    bureau_paths = _division_paths(user, [Role.EDUCATION_BUREAU])
    if bureau_paths:
        # The level above the investigating unit: the unit's division's parent is where this bureau sits.
        visible |= Q(investigating_unit__division__parent__path__in=bureau_paths)
    for path in _division_paths(user, [Role.INSPECTOR]):
        visible |= Q(investigating_unit__division__path__startswith=path)
    return base.filter(visible).exclude(accused_unit_id__in=own_units)


def complaint_for(user, pk: int) -> Complaint:
    """One case for an official; Http404 whether it does not exist or is not theirs to see."""
    try:
        return complaints_visible_to(user).get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def complaints_filed_by(user) -> QuerySet[Complaint]:
    """A logged-in filer's own named complaints, found by the keyed digest of their account."""
    if not user.is_authenticated:
        return Complaint.objects.none()
    return Complaint.objects.filter(named=True, filer_digest=filer_digest(user)).select_related("demand")


def complaint_filed_by(user, pk: int) -> Complaint:
    try:
        return complaints_filed_by(user).get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def complaint_due(complaint: Complaint) -> date | None:
    """The day the next step is owed by: acceptance, conclusion or review (the earliest pending)."""
    from jianfu.complaints.timelimits import pending_of

    if complaint.state in (State.CLOSED, State.ANSWERED, State.NOT_ACCEPTED):
        return None
    pending = pending_of(complaint)
    return pending.due_on if pending else None


def complaint_registration(complaint: Complaint) -> dict | None:
    """The registration of the demand the complaint is about, when it names a registered one: its number,
    title, requester and state, for the case page."""
    demand = complaint.demand
    if demand is None or not demand.registration_number:
        return None
    return {
        "number": demand.registration_number,
        "title": demand.title,
        "requester": demand.requester.name,
        "state": demand.get_state_display(),
        "demand_id": demand.pk,
    }


def complaint_messages(complaint: Complaint):
    """The exchange between investigator and filer, as the filer may read it: questions and answers with
    their dates and evidence; the officials' names are not shown to the filer."""
    return complaint.messages.prefetch_related("evidence").order_by("id")


def complaint_for_filer(complaint: Complaint) -> dict:
    """What tracking answers (receipt and passphrase, or the named filer's own list): the state, the day
    the next step is owed, the reason a complaint was not accepted, the finding and answer, the messages."""
    return {
        "state": complaint.state,
        "state_label": complaint.get_state_display(),
        "received_on": complaint.received_on,
        "due": complaint_due(complaint),
        "accused": complaint.accused_name,
        "not_accepted_reason": complaint.not_accepted_reason,
        "finding": complaint.finding,
        "finding_label": complaint.get_finding_display() if complaint.finding else "",
        "answer": complaint.answer,
        "answered_on": complaint.answered_on,
        "extended": complaint.extended,
        "extension_reason": complaint.extension_reason,
        "messages": [
            {"side": m.side, "body": m.body, "sent_on": m.sent_on, "evidence": m.evidence.count()}
            for m in complaint_messages(complaint)
        ],
    }
