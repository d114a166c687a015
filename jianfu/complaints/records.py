"""What every complaint service records alike: the state machine's answer as an input error, the transition
row, the audit snapshot, who is owed the time limits, and the investigators' notices."""

from django.utils.translation import gettext as _

from jianfu.complaints import timelimits
from jianfu.complaints.errors import ComplaintInvalid
from jianfu.complaints.models import Complaint, ComplaintTransition
from jianfu.complaints.routing import reviewing_unit
from jianfu.deadlines.services import notify, people_of
from jianfu.org.models import RoleAssignment, Unit
from jianfu.workflow.complaint import Action, Finding, State, TransitionError, next_state


def next_or_invalid(complaint: Complaint, action: Action, text: str, finding: Finding | None = None) -> State:
    """Where the action takes the case, or ComplaintInvalid on the field to fix: the text when words are
    missing, else the action itself (not from this state, no finding yet, measures first)."""
    try:
        return next_state(State(complaint.state), action, finding=finding, text=text)
    except TransitionError as error:
        field_name = "text" if not text and action in (Action.NOT_ACCEPT, Action.RECORD_FINDING) else "action"
        if action in (Action.TAKE_MEASURES, Action.ANSWER) and not text:
            field_name = "text"
        raise ComplaintInvalid(field_name, error.worded(_)) from None


def holds_role_on(user, complaint_unit: Unit | None) -> bool:
    """Whether the person holds any role on the unit (the investigating, assisting or reviewing one)."""
    return bool(complaint_unit) and RoleAssignment.objects.filter(user=user, unit=complaint_unit).exists()


def owed_to(complaint: Complaint) -> Unit | None:
    """The unit the case's time limits are owed to: the one that would review it."""
    return reviewing_unit(complaint)


def transition_record(complaint, from_state, to_state, action, actor, text, on) -> None:
    ComplaintTransition.objects.create(
        complaint=complaint, from_state=from_state, to_state=to_state, action=action, actor=actor, text=text, on=on
    )


def snapshot(complaint: Complaint) -> dict:
    return {
        "state": complaint.state,
        "investigating": complaint.investigating_unit.code if complaint.investigating_unit_id else "",
        "finding": complaint.finding,
        "accepted_on": complaint.accepted_on.isoformat() if complaint.accepted_on else None,
        "answered_on": complaint.answered_on.isoformat() if complaint.answered_on else None,
    }


def investigators_tell(complaint: Complaint, kind: str, title: str) -> None:
    units = [u for u in (complaint.investigating_unit, complaint.assisting_unit) if u is not None]
    users = [user for unit in units for user in people_of(unit=unit)]
    if users:
        notify(
            users=users,
            kind=kind,
            title=title,
            link=timelimits.case_link(complaint),
            subject=("complaint", complaint.pk),
        )
