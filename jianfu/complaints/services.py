"""Writes of the complaints app (clause 6.3): filing (anonymous or named), the filer's replies and request
for review, and every official step of the case. Each runs in one transaction with its audit event and its
obligations (jianfu/complaints/timelimits.py); an anonymous filer's acts are audited with no actor and
nothing of the filer: no account, address, agent or session ever reaches this module, and the records keep
days, not times.

Errors: `ComplaintInvalid(field, message)` for input to fix (a Chinese message that names the field and the
fix), `ComplaintNotFound` for an unknown receipt, a wrong passphrase, or a case the person may not see (all
alike), `ComplaintForbidden(message)` for a case the person sees but may not act on this way.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.audit.services import audit_record
from jianfu.complaints import receipts, timelimits
from jianfu.complaints.consequences import consequences_apply, demand_named_in
from jianfu.complaints.identity import filer_digest, identity_decrypt, identity_encrypt, identity_of
from jianfu.complaints.models import Complaint, ComplaintEvidence, ComplaintMessage, ComplaintTransition, Side
from jianfu.complaints.routing import reviewing_unit, route_for, unit_resolved
from jianfu.complaints.scrub import clean
from jianfu.complaints.selectors import complaint_for
from jianfu.deadlines.models import NotificationKind
from jianfu.deadlines.services import notify, people_of
from jianfu.documents.uploads import UploadRejected, check_upload, store_upload
from jianfu.org.models import RoleAssignment, School, Unit
from jianfu.packs.active import active_engine
from jianfu.workflow.complaint import OPEN_STATES, Action, Finding, State, TransitionError, next_state

ACCUSED_MAX = 200
CONTENT_MAX = 5_000
NOTICE_MAX = 20_000
TEXT_MAX = 5_000
EVIDENCE_MAX_FILES = 10
SCHOOLS_MAX = 20
REVEAL_PERMISSION = "complaints.reveal_complainant"


class ComplaintInvalid(ValueError):
    """Input to fix: `field` is the form's field, `message` says what and how, in Chinese."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, str(message)
        super().__init__(self.message)


class ComplaintNotFound(Exception):
    """No such receipt, a wrong passphrase, or not this person's to see: the same answer for all."""


class ComplaintForbidden(PermissionDenied):
    """The person sees the case but may not take this step."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    receipt: str  # shown once to the filer; only its keyed digest is kept


@dataclass(frozen=True)
class Suggestion:
    items: list[int] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


# --- The screener's suggestion ---------------------------------------------------------------------------


def suggest(text: str) -> Suggestion:
    """The negative-list items and clauses the screener reads in the filer's words and the notice (the gate's
    screening, registration numbers checked against the registry): the filing form offers them to change."""
    from jianfu.gate.screening import notice_screening

    if not text.strip():
        return Suggestion()
    result = notice_screening(text[: CONTENT_MAX + NOTICE_MAX])
    items = sorted(set(result.negative_list_items))
    clauses = sorted({f.clause for f in result.findings if f.clause})
    return Suggestion(items, clauses, [f.as_dict() for f in result.findings])


# --- Filing ---------------------------------------------------------------------------------------------


def file_complaint(
    *,
    accused: str,
    content: str,
    passphrase: str,
    demanded_on: date | None = None,
    school_codes: Sequence[str] = (),
    notice_text: str = "",
    items: Sequence[int] | None = None,
    evidence: Sequence[tuple[str, bytes]] = (),
    filer=None,
    on: date | None = None,
) -> Filed:
    """Files a complaint. `accused` is a unit's code, its exact name, or the filer's own words; `filer`
    (a logged-in user) makes it a named filing, whose identity is kept encrypted; `items=None` takes the
    screener's suggestion; `on` is the day received (today unless given: the demo's past). Returns the
    complaint and its receipt, which is never stored."""
    accused, content, notice_text = accused.strip(), content.strip(), notice_text.strip()
    today = on or timezone.localdate()
    _check_filing(accused, content, passphrase, demanded_on, notice_text, evidence, today)
    schools = _schools(school_codes)
    chosen_items = _items(items, content, notice_text)
    unit = unit_resolved(accused)
    route = route_for(unit, accused, schools)
    cleaned = [_evidence_cleaned(n, name, data) for n, (name, data) in enumerate(evidence, 1)]
    receipt = receipts.receipt_new()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            receipt_digest=receipts.receipt_digest(receipt),
            passphrase_hash=receipts.passphrase_hash(passphrase),
            division=route.division,
            level=route.level,
            accused_unit=unit,
            accused_name=unit.name if unit else accused[:ACCUSED_MAX],
            content=content,
            demanded_on=demanded_on,
            notice_text=notice_text,
            suggested_items=chosen_items[1],
            items=chosen_items[0],
            clauses=_clauses_of(chosen_items[0]),
            demand=demand_named_in(notice_text, content),
            investigating_unit=route.investigating,
            assisting_unit=route.assisting,
            named=filer is not None,
            identity_cipher=identity_encrypt(identity_of(filer)) if filer is not None else "",
            filer_digest=filer_digest(filer) if filer is not None else "",
            received_on=today,
        )
        complaint.schools.set(schools)
        _evidence_store(complaint, None, cleaned, today)
        _transition(complaint, "", State.RECEIVED, "file", None, "", today)
        audit_record(
            acting_user=None,  # never the filer, named or not
            action="complaint.file",
            object_type="complaint",
            object_id=complaint.pk,
            after={
                "state": State.RECEIVED.value,
                "level": complaint.level,
                "division": complaint.division.code,
                "investigating": route.investigating.code if route.investigating else "",
                "named": complaint.named,
                "items": complaint.items,
                "evidence": len(cleaned),
            },
        )
        if route.investigating is not None:
            timelimits.acceptance_open(complaint, _owed_to(complaint))
        _tell_investigators(
            complaint,
            NotificationKind.COMPLAINT_NEW,
            _("收到举报 {pk}：{accused}").format(pk=complaint.pk, accused=complaint.accused_name),
        )
    return Filed(complaint, receipt)


def _check_filing(accused, content, passphrase, demanded_on, notice_text, evidence, today) -> None:
    if not accused:
        raise ComplaintInvalid("accused", _("被举报单位：请从单位名录中选择，或写明单位名称"))
    if len(accused) > ACCUSED_MAX:
        raise ComplaintInvalid("accused", _("被举报单位最多 {n} 字；请只写单位名称").format(n=ACCUSED_MAX))
    if not content:
        raise ComplaintInvalid("content", _("被要求做的事：请写明被要求做什么、何时、对哪些学校或教师"))
    if len(content) > CONTENT_MAX:
        raise ComplaintInvalid(
            "content", _("举报内容最多 {n} 字；请精简，通知原文可贴在「通知原文」中").format(n=CONTENT_MAX)
        )
    if len(notice_text) > NOTICE_MAX:
        raise ComplaintInvalid(
            "notice_text", _("通知原文最多 {n} 字；较长的通知请作为证据文件上传").format(n=NOTICE_MAX)
        )
    passphrase_check(passphrase)
    if demanded_on is not None and demanded_on > today:
        raise ComplaintInvalid("demanded_on", _("要求的日期不能晚于今天；请填写实际被要求的日期"))
    if len(evidence) > EVIDENCE_MAX_FILES:
        raise ComplaintInvalid("evidence", _("证据文件最多 {n} 个；请合并或挑选后上传").format(n=EVIDENCE_MAX_FILES))


def passphrase_check(passphrase: str) -> None:
    if len(passphrase) < receipts.PASSPHRASE_MIN:
        raise ComplaintInvalid(
            "passphrase",
            _("查询密码至少 {n} 个字符；请设一个只有您知道、能记住的句子").format(n=receipts.PASSPHRASE_MIN),
        )
    if len(passphrase) > receipts.PASSPHRASE_MAX:
        raise ComplaintInvalid("passphrase", _("查询密码最多 {n} 个字符；请缩短").format(n=receipts.PASSPHRASE_MAX))


def _schools(codes: Sequence[str]) -> list[School]:
    codes = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if len(codes) > SCHOOLS_MAX:
        raise ComplaintInvalid(
            "school_codes", _("涉及学校最多选 {n} 所；更多学校请在举报内容中写明").format(n=SCHOOLS_MAX)
        )
    found = {s.code: s for s in School.objects.filter(code__in=codes).select_related("county")}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ComplaintInvalid(
            "school_codes", _("学校标识码 {codes} 不在学校名录中；请从名录中选择学校").format(codes="、".join(unknown))
        )
    return [found[c] for c in codes]


def _items(items: Sequence[int] | None, content: str, notice_text: str) -> tuple[list[int], list[int]]:
    """(the items kept, the items the screener suggested)."""
    suggested = suggest("\n".join(t for t in (content, notice_text) if t)).items
    if items is None:
        return suggested, suggested
    known = {item.no for item in active_engine().pack.negative_list}
    try:
        chosen = sorted({int(i) for i in items})
    except (TypeError, ValueError):
        raise ComplaintInvalid("items", _("负面清单条目应为编号（如 7）；请重新勾选")) from None
    unknown = [i for i in chosen if i not in known]
    if unknown:
        raise ComplaintInvalid(
            "items",
            _("负面清单没有第 {items} 项（共 {n} 项）；请重新勾选").format(
                items="、".join(map(str, unknown)), n=len(known)
            ),
        )
    return chosen, suggested


def _clauses_of(items: list[int]) -> list[str]:
    by_no = {item.no: item.clause for item in active_engine().pack.negative_list}
    return sorted({by_no[i] for i in items if i in by_no})


def _evidence_cleaned(n: int, name: str, data: bytes) -> tuple[str, bytes]:
    """(kind, bytes without metadata) of one evidence file, or ComplaintInvalid naming it by its number
    (the name it had on the filer's device is never kept, nor repeated)."""
    label = _("证据{n}").format(n=n)
    try:
        kind = check_upload(label, data)
        return kind, clean(kind, data)
    except (UploadRejected, ValueError) as error:
        raise ComplaintInvalid("evidence", str(error)) from None


def _evidence_store(complaint: Complaint, message: ComplaintMessage | None, cleaned, today: date) -> None:
    for kind, data in cleaned:
        record = ComplaintEvidence(complaint=complaint, message=message, kind=kind, size=len(data), added_on=today)
        record.digest = store_upload(record, data, kind)
        record.save()


# --- The filer's side -----------------------------------------------------------------------------------


def track(receipt: str, passphrase: str) -> Complaint:
    """The complaint of this receipt if the passphrase is its own; ComplaintNotFound otherwise, in the same
    time whichever was wrong."""
    complaint = Complaint.objects.filter(receipt_digest=receipts.receipt_digest(receipt)).first()
    if not receipts.passphrase_matches(passphrase, complaint.passphrase_hash if complaint else None):
        raise ComplaintNotFound()
    return complaint


def filer_reply(
    complaint: Complaint, body: str, evidence: Sequence[tuple[str, bytes]] = (), *, on: date | None = None
) -> ComplaintMessage:
    """The filer answers a question or adds evidence (the caller has checked receipt and passphrase, or that
    this is the named filer's own complaint). The message has no author, ever."""
    body = body.strip()
    if not body and not evidence:
        raise ComplaintInvalid("body", _("请写下您的回复，或添加证据文件"))
    if len(body) > TEXT_MAX:
        raise ComplaintInvalid("body", _("回复最多 {n} 字；请精简").format(n=TEXT_MAX))
    if len(evidence) > EVIDENCE_MAX_FILES:
        raise ComplaintInvalid("evidence", _("证据文件最多 {n} 个；请合并或挑选后上传").format(n=EVIDENCE_MAX_FILES))
    already = complaint.evidence.count()
    cleaned = [_evidence_cleaned(already + n, name, data) for n, (name, data) in enumerate(evidence, 1)]
    today = on or timezone.localdate()
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.state == State.CLOSED:
            raise ComplaintInvalid("body", _("此举报已办结，不能再回复；如对答复不服，可申请复查"))
        message = ComplaintMessage.objects.create(complaint=locked, side=Side.FILER, body=body, sent_on=today)
        _evidence_store(locked, message, cleaned, today)
        audit_record(
            acting_user=None,
            action="complaint.filer_reply",
            object_type="complaint",
            object_id=locked.pk,
            after={"message": message.pk, "evidence": len(cleaned)},
        )
        _tell_investigators(
            locked, NotificationKind.COMPLAINT_REPLY, _("举报 {pk}：举报人回复或补充了证据").format(pk=locked.pk)
        )
    return message


def filer_request_review(complaint: Complaint, reason: str, *, on: date | None = None) -> Complaint:
    """The filer disputes the answer (or the refusal to accept) within the pack's window: the level above
    reviews it. Once per complaint."""
    reason = reason.strip()
    if not reason:
        raise ComplaintInvalid("reason", _("申请复查须写明理由：您对答复哪一点不服，为什么"))
    if len(reason) > TEXT_MAX:
        raise ComplaintInvalid("reason", _("复查理由最多 {n} 字；请精简").format(n=TEXT_MAX))
    today = on or timezone.localdate()
    with transaction.atomic():
        locked = (
            Complaint.objects.select_for_update().select_related("investigating_unit__division").get(pk=complaint.pk)
        )
        if locked.transitions.filter(action=Action.REQUEST_REVIEW).exists():
            raise ComplaintInvalid("reason", _("此举报已复查过一次，不能再次申请复查"))
        replied_on = _replied_on(locked)
        if replied_on is not None and today > timelimits.review_window_closes(replied_on):
            raise ComplaintInvalid(
                "reason",
                _("申请复查须在收到答复之日起 {n} 日内提出（{day} 已届满）").format(
                    n=timelimits.limit_days(timelimits.REVIEW_REQUEST_DAYS, replied_on),
                    day=timelimits.review_window_closes(replied_on).isoformat(),
                ),
            )
        to_state = _next(locked, Action.REQUEST_REVIEW, reason)
        from_state = locked.state
        locked.state, locked.review_reason = to_state, reason
        locked.save(update_fields=["state", "review_reason"])
        _transition(locked, from_state, to_state, Action.REQUEST_REVIEW, None, reason, today)
        audit_record(
            acting_user=None,
            action="complaint.request_review",
            object_type="complaint",
            object_id=locked.pk,
            before={"state": from_state},
            after={"state": to_state},
        )
        reviewer = reviewing_unit(locked)
        if reviewer is not None:
            timelimits.review_open(locked, reviewer, today)
            notify(
                users=people_of(unit=reviewer),
                kind=NotificationKind.COMPLAINT_REVIEW,
                title=_("举报 {pk}：举报人申请复查").format(pk=locked.pk),
                body=reason,
                link=timelimits.case_link(locked),
            )
    return locked


def _replied_on(complaint: Complaint) -> date | None:
    if complaint.state == State.NOT_ACCEPTED:
        last = complaint.transitions.filter(to_state=State.NOT_ACCEPTED).order_by("-id").first()
        return last.on if last else None
    return complaint.answered_on


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
STALE = "此举报刚被他人处理，当前状态为「{state}」；请刷新页面查看"


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
            Complaint.objects.select_for_update()
            .select_related("division", "investigating_unit__division", "accused_unit", "demand")
            .get(pk=complaint_id)
        )
        if expected_state is not None and complaint.state != expected_state:
            raise ComplaintInvalid("state", _(STALE).format(state=complaint.get_state_display()))
        _check_may(user, complaint, action)
        recorded = finding if action == Action.RECORD_FINDING else complaint.finding_value
        if action == Action.RECORD_FINDING and finding is None:
            raise ComplaintInvalid("finding", _("请选择认定结果：属实、部分属实或不属实"))
        to_state = _next(complaint, action, text, recorded)
        if action == Action.ASSIGN and unit is not None:
            _check_assignee(complaint, unit)
        before = _snapshot(complaint)
        from_state = complaint.state
        _apply(complaint, action, text, finding, unit, user, today)
        complaint.state = to_state
        complaint.save()
        _transition(complaint, from_state, to_state, action, user, text, today)
        audit_record(
            acting_user=user,
            action=f"complaint.{action}",
            object_type="complaint",
            object_id=complaint.pk,
            before=before,
            after=_snapshot(complaint) | {"text": text},
        )
        if action == Action.RECORD_FINDING:
            consequences_apply(complaint, user)
    return complaint


def complaint_for_acting(user, complaint_id: int) -> Complaint:
    from django.http import Http404

    try:
        return complaint_for(user, complaint_id)
    except Http404:
        raise ComplaintNotFound() from None


def _next(complaint: Complaint, action: Action, text: str, finding: Finding | None = None) -> State:
    try:
        return next_state(State(complaint.state), action, finding=finding, text=text)
    except TransitionError as error:
        field_name = "text" if not text and action in (Action.NOT_ACCEPT, Action.RECORD_FINDING) else "action"
        if action in (Action.TAKE_MEASURES, Action.ANSWER) and not text:
            field_name = "text"
        raise ComplaintInvalid(field_name, error.worded(_)) from None


def _units_of(user, complaint_unit: Unit | None) -> bool:
    return bool(complaint_unit) and RoleAssignment.objects.filter(user=user, unit=complaint_unit).exists()


def _check_may(user, complaint: Complaint, action: Action) -> None:
    if action == Action.REQUEST_REVIEW:
        raise ComplaintForbidden(_("只有举报人可以申请复查"))
    if action in INVESTIGATOR_ACTIONS and not _units_of(user, complaint.investigating_unit):
        raise ComplaintForbidden(
            _("只有承办单位（{unit}）的工作人员可以办理此举报").format(
                unit=complaint.investigating_unit.name if complaint.investigating_unit else "—"
            )
        )
    if action in REVIEWER_ACTIONS and not _units_of(user, reviewing_unit(complaint)):
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
        timelimits.conclusion_open(complaint, _owed_to(complaint), user, today)
    elif action == Action.NOT_ACCEPT:
        complaint.not_accepted_reason = text
        timelimits.acceptance_met(complaint, user)
    elif action == Action.ASSIGN and unit is not None and unit.pk != complaint.investigating_unit_id:
        complaint.investigating_unit = unit
        timelimits.conclusion_moved_to(complaint, unit)
        _tell_investigators(
            complaint, NotificationKind.COMPLAINT_ASSIGNED, _("举报 {pk} 已交由贵单位办理").format(pk=complaint.pk)
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
    timelimits.conclusion_open(complaint, _owed_to(complaint), user, today)


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
        if not (_units_of(user, complaint.investigating_unit) or _units_of(user, complaint.assisting_unit)):
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
            Complaint.objects.select_for_update().select_related("investigating_unit__division").get(pk=complaint_id)
        )
        if not _units_of(user, complaint.investigating_unit):
            raise ComplaintForbidden(_("只有承办单位的工作人员可以延长办理期限"))
        if complaint.extended:
            raise ComplaintInvalid("reason", _("办理期限只能延长一次，此举报已延长过"))
        if complaint.accepted_on is None or complaint.state not in OPEN_STATES:
            raise ComplaintInvalid("reason", _("只有已受理、尚未答复的举报可以延长办理期限"))
        obligation = timelimits.conclusion_extended(complaint, _owed_to(complaint), user, reason)
        complaint.extended, complaint.extension_reason = True, reason
        complaint.save(update_fields=["extended", "extension_reason"])
        due = obligation.due_on.isoformat() if obligation else ""
        ComplaintMessage.objects.create(
            complaint=complaint,
            side=Side.INVESTIGATOR,
            author=user,
            body=_("办理期限延长至 {due}。理由：{reason}").format(due=due, reason=reason),
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
        if complaint.accused_unit_id and _units_of(user, complaint.accused_unit):
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


# --- Helpers ------------------------------------------------------------------------------------------


def _owed_to(complaint: Complaint) -> Unit | None:
    return reviewing_unit(complaint)


def _transition(complaint, from_state, to_state, action, actor, text, on) -> None:
    ComplaintTransition.objects.create(
        complaint=complaint, from_state=from_state, to_state=to_state, action=action, actor=actor, text=text, on=on
    )


def _snapshot(complaint: Complaint) -> dict:
    return {
        "state": complaint.state,
        "investigating": complaint.investigating_unit.code if complaint.investigating_unit_id else "",
        "finding": complaint.finding,
        "accepted_on": complaint.accepted_on.isoformat() if complaint.accepted_on else None,
        "answered_on": complaint.answered_on.isoformat() if complaint.answered_on else None,
    }


def _tell_investigators(complaint: Complaint, kind: str, title: str) -> None:
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
