"""The officials' side of a case (clause 6.3): every step, questions to the filer, the one extension, and
reading a named filer's identity. Each step is atomic (the case row locked), audited with its actor, allowed
only to the right people, and opens and meets the case's obligations."""

from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jianfu.audit.services import audit_record
from jianfu.complaints import timelimits
from jianfu.complaints.consequences import consequences_apply
from jianfu.complaints.errors import (
    REVEAL_PERMISSION,
    TEXT_MAX,
    ComplaintForbidden,
    ComplaintInvalid,
    ComplaintNotFound,
)
from jianfu.complaints.identity import identity_decrypt
from jianfu.complaints.models import Complaint, ComplaintMessage, Side
from jianfu.complaints.records import (
    holds_role_on,
    investigators_tell,
    next_or_invalid,
    owed_to,
    snapshot,
    transition_record,
)
from jianfu.complaints.routing import reviewing_unit
from jianfu.complaints.selectors import complaint_for
from jianfu.deadlines.models import NotificationKind
from jianfu.documents.language import official_gettext
from jianfu.org.models import Unit
from jianfu.workflow.complaint import OPEN_STATES, Action, Finding, State

# --- The officials' side --------------------------------------------------------------------------------

INVESTIGATOR_ACTIONS = frozenset(
    {
        Action.ACCEPT,
        Action.NOT_ACCEPT,
        Action.ASSIGN,
        Action.INVESTIGATE,
        Action.RECORD_FINDING,
        Action.TAKE_MEASURES,
        Action.ANSWER,
        Action.CLOSE,
    }
)
REVIEWER_ACTIONS = frozenset({Action.UPHOLD, Action.REOPEN})
STALE = gettext_noop("此举报刚被他人处理，当前状态为「{state}」；请刷新页面查看")


def act(
    complaint_id: int,
    user,
    action: Action,
    *,
    text: str = "",
    finding: Finding | None = None,
    unit: Unit | None = None,
    expected_state: str | None = None,
    on: date | None = None,
) -> Complaint:
    """One official step of the case, by a person who may take it; of two people acting at once, one wins
    and the other is told the case moved (ComplaintInvalid on the field "state"). `on` is the working day
    (today unless given)."""
    action, text = Action(action), text.strip()
    if len(text) > TEXT_MAX:
        raise ComplaintInvalid("text", _("内容最多 {n} 字；请精简，详细材料请另行归档").format(n=TEXT_MAX))
    today = on or timezone.localdate()
    with transaction.atomic():
        complaint_for_acting(user, complaint_id)  # 404 unless this person may see it
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("division", "investigating_unit__division", "accused_unit", "demand")
            .get(pk=complaint_id)
        )
        if expected_state is not None and complaint.state != expected_state:
            raise ComplaintInvalid("state", _(STALE).format(state=complaint.get_state_display()))
        _check_may(user, complaint, action)
        recorded = finding if action == Action.RECORD_FINDING else complaint.finding_value
        if action == Action.RECORD_FINDING and finding is None:
            raise ComplaintInvalid("finding", _("请选择认定结果：属实、部分属实或不属实"))
        to_state = next_or_invalid(complaint, action, text, recorded)
        if action == Action.ASSIGN and unit is not None:
            _check_assignee(complaint, unit)
        before = snapshot(complaint)
        from_state = complaint.state
        _apply(complaint, action, text, finding, unit, user, today)
        complaint.state = to_state
        complaint.save()
        transition_record(complaint, from_state, to_state, action, user, text, today)
        audit_record(
            acting_user=user,
            action=f"complaint.{action}",
            object_type="complaint",
            object_id=complaint.pk,
            before=before,
            after=snapshot(complaint) | {"text": text},
        )
        if action == Action.RECORD_FINDING:
            consequences_apply(complaint, user)
    return complaint


def complaint_for_acting(user, complaint_id: int) -> Complaint:
    """The case for an official who may see it; ComplaintNotFound otherwise (missing or not theirs alike)."""
    try:
        return complaint_for(user, complaint_id)
    except Http404:
        raise ComplaintNotFound() from None


def _check_may(user, complaint: Complaint, action: Action) -> None:
    if action == Action.REQUEST_REVIEW:
        raise ComplaintForbidden(_("只有举报人可以申请复查"))
    if action in INVESTIGATOR_ACTIONS and not holds_role_on(user, complaint.investigating_unit):
        raise ComplaintForbidden(
            _("只有承办单位（{unit}）的工作人员可以办理此举报").format(
                unit=complaint.investigating_unit.name if complaint.investigating_unit else "—"
            )
        )
    if action in REVIEWER_ACTIONS and not holds_role_on(user, reviewing_unit(complaint)):
        raise ComplaintForbidden(_("复查由上一级教育行政部门办理；您所在单位不能作出复查决定"))


def _check_assignee(complaint: Complaint, unit: Unit) -> None:
    """No one investigates a complaint about themselves: never the accused unit, and at city level never a
    unit of the accused county."""
    if unit.pk == complaint.accused_unit_id:
        raise ComplaintInvalid("unit", _("不能交由被举报单位办理；请选择其他单位"))
    if complaint.level == "city" and unit.division_id == complaint.division_id:
        raise ComplaintInvalid("unit", _("被举报的是县级教育行政部门或其上级，须由市级办理；请选择市级单位"))


def _apply(complaint: Complaint, action: Action, text: str, finding, unit, user, today: date) -> None:
    """What the step records, and the obligations it opens and meets."""
    if action == Action.ACCEPT:
        complaint.accepted_on = today
        timelimits.acceptance_met(complaint, user)
        timelimits.conclusion_open(complaint, owed_to(complaint), user, today)
    elif action == Action.NOT_ACCEPT:
        complaint.not_accepted_reason = text
        timelimits.acceptance_met(complaint, user)
    elif action == Action.ASSIGN and unit is not None and unit.pk != complaint.investigating_unit_id:
        complaint.investigating_unit = unit
        timelimits.conclusion_moved_to(complaint, unit)
        investigators_tell(
            complaint,
            NotificationKind.COMPLAINT_ASSIGNED,
            official_gettext("举报 {pk} 已交由贵单位办理").format(pk=complaint.pk),
        )
    elif action == Action.RECORD_FINDING:
        complaint.finding, complaint.facts = Finding(finding).value, text
    elif action == Action.TAKE_MEASURES:
        complaint.measures = text
    elif action == Action.ANSWER:
        complaint.answer, complaint.answered_on = text, today
        timelimits.conclusion_met(complaint, user)
    elif action == Action.CLOSE:
        complaint.closed_on = today
    elif action in REVIEWER_ACTIONS:
        timelimits.review_met(complaint, user)
        _review_decided(complaint, action, user, today)


def _review_decided(complaint: Complaint, action: Action, user, today: date) -> None:
    if action == Action.UPHOLD:
        if complaint.finding:
            complaint.closed_on = complaint.closed_on or today
        return
    # Sent back: investigated (or accepted) again, with a new conclusion time limit from today.
    complaint.closed_on = None
    if not complaint.finding:
        complaint.accepted_on = today
    timelimits.conclusion_open(complaint, owed_to(complaint), user, today)


def ask(complaint_id: int, user, body: str, *, on: date | None = None) -> ComplaintMessage:
    """A question of the investigating (or assisting) unit to the filer, who reads it when tracking."""
    body = body.strip()
    if not body:
        raise ComplaintInvalid("body", _("请写下要问举报人的问题"))
    if len(body) > TEXT_MAX:
        raise ComplaintInvalid("body", _("问题最多 {n} 字；请精简").format(n=TEXT_MAX))
    with transaction.atomic():
        complaint_for_acting(user, complaint_id)
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        if not (holds_role_on(user, complaint.investigating_unit) or holds_role_on(user, complaint.assisting_unit)):
            raise ComplaintForbidden(_("只有承办或协办单位的工作人员可以向举报人提问"))
        if complaint.state not in OPEN_STATES | {State.REVIEWING}:
            raise ComplaintInvalid("body", _("此举报已答复或办结，不能再提问"))
        message = ComplaintMessage.objects.create(
            complaint=complaint, side=Side.INVESTIGATOR, author=user, body=body, sent_on=on or timezone.localdate()
        )
        audit_record(
            acting_user=user,
            action="complaint.ask",
            object_type="complaint",
            object_id=complaint.pk,
            after={"message": message.pk, "body": body},
        )
    return message


def extend(complaint_id: int, user, reason: str) -> Complaint:
    """The one extension of the conclusion time limit (the pack's days), with a reason the filer reads."""
    reason = reason.strip()
    if not reason:
        raise ComplaintInvalid("reason", _("延长办理期限须写明理由（如情况复杂、须多方核实）；理由将告知举报人"))
    if len(reason) > TEXT_MAX:
        raise ComplaintInvalid("reason", _("理由最多 {n} 字；请精简").format(n=TEXT_MAX))
    today = timezone.localdate()
    with transaction.atomic():
        complaint_for_acting(user, complaint_id)
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("investigating_unit__division")
            .get(pk=complaint_id)
        )
        if not holds_role_on(user, complaint.investigating_unit):
            raise ComplaintForbidden(_("只有承办单位的工作人员可以延长办理期限"))
        if complaint.extended:
            raise ComplaintInvalid("reason", _("办理期限只能延长一次，此举报已延长过"))
        if complaint.accepted_on is None or complaint.state not in OPEN_STATES:
            raise ComplaintInvalid("reason", _("只有已受理、尚未答复的举报可以延长办理期限"))
        obligation = timelimits.conclusion_extended(complaint, owed_to(complaint), user, reason)
        complaint.extended, complaint.extension_reason = True, reason
        complaint.save(update_fields=["extended", "extension_reason"])
        due = obligation.due_on.isoformat() if obligation else ""
        ComplaintMessage.objects.create(
            complaint=complaint,
            side=Side.INVESTIGATOR,
            author=user,
            body=official_gettext("办理期限延长至 {due}。理由：{reason}").format(due=due, reason=reason),
            sent_on=today,
        )
        audit_record(
            acting_user=user,
            action="complaint.extend",
            object_type="complaint",
            object_id=complaint.pk,
            after={"reason": reason, "due": due},
        )
    return complaint


def reveal_identity(complaint_id: int, user, reason: str) -> dict:
    """A named filer's identity, for a holder of the `reveal_complainant` permission who states why; the
    reading is audited. The accused unit's people never reach it: they do not see the case at all."""
    reason = reason.strip()
    with transaction.atomic():
        complaint = complaint_for_acting(user, complaint_id)
        if complaint.accused_unit_id and holds_role_on(user, complaint.accused_unit):
            raise ComplaintNotFound()  # belt and braces: the selector already hides the case from them
        if not user.has_perm(REVEAL_PERMISSION):
            raise ComplaintForbidden(_("查看实名举报人身份须经授权（查看实名举报人身份权限）；请联系系统管理员"))
        if not complaint.named:
            raise ComplaintInvalid("reason", _("此举报为匿名举报，平台没有保存举报人身份"))
        if not reason:
            raise ComplaintInvalid("reason", _("查看举报人身份须写明理由；理由将记入审计日志"))
        audit_record(
            acting_user=user,
            action="complaint.reveal_identity",
            object_type="complaint",
            object_id=complaint.pk,
            after={"reason": reason},
        )
        return identity_decrypt(complaint.identity_cipher)
