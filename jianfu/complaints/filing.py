"""The filer's side (clause 6.3): the screener's suggestion, filing anonymously or by name, tracking with
receipt and passphrase, replying and adding evidence, asking for a review. An anonymous filer's acts are
audited with no actor and nothing of the filer: no account, address, agent or session ever reaches this
module, and the records keep days, not times."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.audit.services import audit_record
from jianfu.complaints import receipts, timelimits
from jianfu.complaints.consequences import demand_named_in
from jianfu.complaints.errors import (
    ACCUSED_MAX,
    CONTENT_MAX,
    EVIDENCE_MAX_FILES,
    NOTICE_MAX,
    SCHOOLS_MAX,
    TEXT_MAX,
    ComplaintInvalid,
    ComplaintNotFound,
)
from jianfu.complaints.identity import filer_digest, identity_encrypt, identity_of
from jianfu.complaints.models import Complaint, ComplaintEvidence, ComplaintMessage, Side
from jianfu.complaints.records import investigators_tell, next_or_invalid, owed_to, transition_record
from jianfu.complaints.routing import reviewing_unit, route_for, unit_resolved
from jianfu.complaints.scrub import clean
from jianfu.deadlines.models import NotificationKind
from jianfu.deadlines.services import notify, people_of
from jianfu.documents.language import official_gettext
from jianfu.documents.uploads import UploadRejected, check_upload, store_upload
from jianfu.org.models import School
from jianfu.packs.active import active_engine
from jianfu.workflow.complaint import Action, State


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
        transition_record(complaint, "", State.RECEIVED, "file", None, "", today)
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
            timelimits.acceptance_open(complaint, owed_to(complaint))
        investigators_tell(
            complaint,
            NotificationKind.COMPLAINT_NEW,
            official_gettext("收到举报 {pk}：{accused}").format(pk=complaint.pk, accused=complaint.accused_name),
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
            "school_codes",
            _("学校标识码 {codes} 不在学校名录中；请从名录中选择学校").format(codes=_("、").join(unknown)),
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
                items=_("、").join(map(str, unknown)), n=len(known)
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
        if kind == "heic":
            kind, data = "jpg", _heic_as_jpeg(label, data)
        return kind, clean(kind, data)
    except (UploadRejected, ValueError) as error:
        raise ComplaintInvalid("evidence", str(error)) from None


def _heic_as_jpeg(label: str, data: bytes) -> bytes:
    """A phone's HEIC photo as a JPEG of its pixels (no browser shows HEIC, and the reader's limits on size
    and pixels are checked before it is decoded); its metadata goes when it is cleaned as a JPEG."""
    import io

    from jianfu.ocr.intake import ImageRefused, images_of

    try:
        image = images_of(label, data)[0]
    except ImageRefused as refused:
        raise UploadRejected(str(refused)) from None
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def _evidence_store(complaint: Complaint, message: ComplaintMessage | None, cleaned, today: date) -> None:
    from jianfu.ocr.services import complaint_evidence_queue, needs_reading

    for kind, data in cleaned:
        record = ComplaintEvidence(complaint=complaint, message=message, kind=kind, size=len(data), added_on=today)
        record.digest = store_upload(record, data, kind)
        record.save()
        if needs_reading(kind, data):  # a photo, screenshot or scan: the worker reads it after filing
            complaint_evidence_queue(record)


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
        investigators_tell(
            locked,
            NotificationKind.COMPLAINT_REPLY,
            official_gettext("举报 {pk}：举报人回复或补充了证据").format(pk=locked.pk),
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
            Complaint.objects.select_for_update(of=("self",))
            .select_related("investigating_unit__division")
            .get(pk=complaint.pk)
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
        to_state = next_or_invalid(locked, Action.REQUEST_REVIEW, reason)
        from_state = locked.state
        locked.state, locked.review_reason = to_state, reason
        locked.save(update_fields=["state", "review_reason"])
        transition_record(locked, from_state, to_state, Action.REQUEST_REVIEW, None, reason, today)
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
                title=official_gettext("举报 {pk}：举报人申请复查").format(pk=locked.pk),
                body=reason,
                link=timelimits.case_link(locked),
            )
    return locked


def _replied_on(complaint: Complaint) -> date | None:
    if complaint.state == State.NOT_ACCEPTED:
        last = complaint.transitions.filter(to_state=State.NOT_ACCEPTED).order_by("-id").first()
        return last.on if last else None
    return complaint.answered_on
