"""Recording a refusal (atomic, audited) and handling the violation case it opens."""

import secrets
from datetime import date

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from jianfu.audit.services import audit_record
from jianfu.documents.uploads import check_upload, store_upload
from jianfu.gate.models import CaseState, Channel, Evidence, Refusal, ViolationCase
from jianfu.gate.screening import notice_screening
from jianfu.gate.texts import checked_text
from jianfu.org.access import can_manage_roster, scope_for
from jianfu.org.models import Role, RoleAssignment, School
from jianfu.registry.verification import verify


class RefusalError(ValueError):
    """The refusal cannot be recorded as given; the message names the field and the fix."""


ACTION_REQUIRED = "处理措施：请写明已采取的措施（约谈、通报、撤回事项等）"
# Free text has limits, checked here so the page, the API and every database answer alike (PostgreSQL
# would refuse an over-long name with an error; SQLite would store a whole book).
REQUESTER_TEXT_MAX, NUMBER_MAX, ACTION_TAKEN_MAX = 120, 64, 2000
FORM_EXPIRED = "表单已失效：请重新审查通知，再记录拒绝"
_FORM_SIGNER = signing.Signer(salt="jianfu.gate.refusal-form")


def refusal_form_token(user) -> str:
    """A fresh key for one refusal form, signed and bound to the user it was issued to, so a forged or
    borrowed key cannot reach another person's refusal."""
    return _FORM_SIGNER.sign(f"{user.pk}:{secrets.token_urlsafe(18)}")


def _checked_form_token(user, token: str) -> str | None:
    if not token:
        return None  # a client that sends no key (a script) gets no replay protection, nothing worse
    try:
        owner = _FORM_SIGNER.unsign(token).split(":")[0]
    except signing.BadSignature:
        raise RefusalError(FORM_EXPIRED) from None
    if owner != str(user.pk):
        raise RefusalError(FORM_EXPIRED)
    return token


def _refuse_longer_than(text: str, limit: int, field: str, fix: str) -> None:
    if len(text) > limit:
        raise RefusalError(f"{field}：最多 {limit} 个字，现有 {len(text)} 个字；{fix}")


def refusal_for_form_token(*, user, token: str) -> Refusal | None:
    """The refusal already recorded from this form, if the form was submitted before."""
    if not token:
        return None
    return refusals_for(user).filter(form_token=token).first()


def refusal_record(
    *,
    acting_user,
    school: School,
    channel: str,
    received_on: date,
    content: str,
    requester_unit=None,
    requester_text: str = "",
    number: str = "",
    files: tuple[tuple[str, bytes], ...] = (),
    form_token: str = "",
    recognition=None,
) -> Refusal:
    """Records the refusal and opens its violation case. Submitted twice with the same form token, it
    returns the first refusal and writes nothing. Given a recognition (photos of the notice, read and
    corrected by the principal), its photos become evidence carrying the corrected text; one refusal per
    recognition, so going back to the correction and submitting again records nothing new."""
    if not RoleAssignment.objects.filter(user=acting_user, role=Role.PRINCIPAL, school=school).exists():
        raise PermissionDenied("只有本校校长或学校办公室可以记录拒绝")
    form_token = _checked_form_token(acting_user, form_token)
    if form_token and (first := Refusal.objects.filter(form_token=form_token).first()):
        return first
    if recognition is not None and (first := refusal_for_recognition(recognition)):
        return first
    if channel not in Channel.values:
        raise RefusalError("提出方式：请选择文件通知、电话、微信工作群、上门或政务APP")
    if requester_unit is None and not requester_text.strip():
        raise RefusalError("提出单位：请选择单位，或写明单位名称")
    _refuse_longer_than(requester_text.strip(), REQUESTER_TEXT_MAX, "提出单位", "请只写单位名称")
    _refuse_longer_than(number.strip(), NUMBER_MAX, "备案号", "请只填通知上的备案号或核验码")
    if received_on > timezone.localdate():
        raise RefusalError("收到日期：不能晚于今天；请改正")
    content = checked_text(content)
    kinds = [(name, data, check_upload(name, data)) for name, data in files]  # refuse bad files before writing
    screening = notice_screening(content, user=acting_user).as_dict()
    registration = verify(number, user=acting_user) if number.strip() else {}
    try:
        with transaction.atomic():
            School.objects.select_for_update().filter(pk=school.pk).first()  # one serial at a time per school
            if form_token and (first := Refusal.objects.filter(form_token=form_token).first()):
                return first  # the same form, submitted twice at once: the other request recorded it
            serial = (Refusal.objects.filter(school=school).aggregate(n=Max("serial"))["n"] or 0) + 1
            refusal = Refusal.objects.create(
                school=school,
                requester_unit=requester_unit,
                requester_text=requester_text.strip(),
                channel=channel,
                received_on=received_on,
                content=content,
                screening=screening,
                registration=registration,
                serial=serial,
                form_token=form_token,
                created_by=acting_user,
            )
            for name, data, kind in kinds:
                evidence = Evidence(refusal=refusal, name=name[:200], kind=kind)
                evidence.sha256 = store_upload(evidence, data, kind)
                evidence.save()
            if recognition is not None:
                _photos_as_evidence(refusal, recognition)
            case = ViolationCase.objects.create(refusal=refusal, division=school.county)
            audit_record(
                acting_user=acting_user,
                action="refusal.record",
                object_type="refusal",
                object_id=refusal.pk,
                after={
                    "school": school.code,
                    "requester": refusal.requester_name,
                    "channel": channel,
                    "items": screening["negative_list_items"],
                    "case": case.pk,
                    "recognition": str(recognition.pk) if recognition is not None else None,
                },
            )
    except IntegrityError:
        # Only the form token can collide here (the school's row lock orders the serials): the same
        # form went in twice at once for two schools of one principal. The first one stands.
        if form_token and (first := Refusal.objects.filter(form_token=form_token).first()):
            return first
        raise
    return refusal


def refusal_for_recognition(recognition) -> Refusal | None:
    return Refusal.objects.filter(evidence__recognition=recognition).first()


def _photos_as_evidence(refusal: Refusal, recognition) -> None:
    """The recognition's photos copied as the refusal's evidence, each with the corrected text read from
    them (searched by the bureau, quoted by the letter); the recognition is kept as refusal evidence."""
    from jianfu.ocr.models import Purpose

    text = recognition.final_text
    for image in recognition.images.all():
        with image.file.open("rb") as handle:
            data = handle.read()
        evidence = Evidence(refusal=refusal, name=image.name, kind=image.kind, recognised_text=text)
        evidence.recognition = recognition
        evidence.sha256 = store_upload(evidence, data, image.kind)
        evidence.save()
    type(recognition).objects.filter(pk=recognition.pk).update(purpose=Purpose.REFUSAL_EVIDENCE)


def refusals_for(user) -> QuerySet[Refusal]:
    """The school sees its own refusals; the education bureaus and inspectors above it see them all."""
    scope = scope_for(user)
    if scope.everything:
        return Refusal.objects.select_related("school", "requester_unit")
    visible = Q(school_id__in=scope.roster_school_ids)
    for path in scope.roster_paths:
        visible |= Q(school__county__path__startswith=path)
    return Refusal.objects.filter(visible).select_related("school", "requester_unit")


UPHELD_REQUIRED = "拒绝是否成立：办结由学校拒绝引起的线索时，请选择“拒绝成立”或“拒绝不成立”"


def case_act(
    *, acting_user, case: ViolationCase, close: bool, action_taken: str, upheld: bool | None = None
) -> ViolationCase:
    """Handles or closes a case. Closing a case opened by a refusal records whether the refusal was
    upheld (the close confirmation page asks for it; a caller that does not know leaves it None, and
    the case is not learnt from): the screening's verdict on the notice is then known right or wrong."""
    if not can_manage_roster(acting_user, case.division):
        raise PermissionDenied("只有本级教育行政部门可以处理违规线索")
    if not action_taken.strip():
        raise RefusalError(ACTION_REQUIRED)

    _refuse_longer_than(action_taken.strip(), ACTION_TAKEN_MAX, "处理措施", "请精简，详细材料可另行归档")
    with transaction.atomic():
        case = ViolationCase.objects.select_for_update().get(pk=case.pk)
        if case.state == CaseState.CLOSED:
            raise RefusalError("此线索已办结，不能再修改")
        before = {"state": case.state, "action_taken": case.action_taken}
        case.state = CaseState.CLOSED if close else CaseState.HANDLING
        case.action_taken, case.handled_by = action_taken.strip(), acting_user
        case.closed_at = timezone.now() if close else None
        case.refusal_upheld = upheld if close and case.refusal_id else None
        case.save()
        audit_record(
            acting_user=acting_user,
            action="case.close" if close else "case.handle",
            object_type="violation_case",
            object_id=case.pk,
            before=before,
            after={"state": case.state, "action_taken": case.action_taken, "refusal_upheld": case.refusal_upheld},
        )
    return case
