"""Writes of the measures' progress reports: a unit's people draft what they did on a measure in a period
(text, links to the platform's records, evidence files) and submit it; the inspectorate accepts it or returns
it with remarks, and the unit is told. A returned report is edited and submitted again. Every write runs in a
transaction with an audit event; notifications go out with it (deadlines.services.notify)."""

from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from jianfu.accountability.measures import measure_get, period_parse
from jianfu.accountability.models import MeasureEvidence, MeasureReport, ReportState
from jianfu.accountability.progress_access import may_decide, may_read, may_write, report_get_for_user
from jianfu.accountability.progress_timers import SUBJECT, report_link, report_obligation_open, resubmission_due
from jianfu.audit.services import audit_record
from jianfu.deadlines.models import NotificationKind, ObligationKind
from jianfu.deadlines.reminders import inspectors_over
from jianfu.deadlines.services import notify, obligation_meet, people_of
from jianfu.documents.language import official_gettext
from jianfu.documents.uploads import check_upload, store_upload
from jianfu.org.models import Unit

DONE_MAX = 5000
LINKS_MAX = 20
EVIDENCE_MAX = 10

NOT_FOUND = gettext_lazy("没有找到这份进展报告，或您无权查看")
UNKNOWN_MEASURE = gettext_lazy("措施「{measure}」不存在；请填写第 1.1 条至第 7.4 条中的一条")
NOT_YOUR_MEASURE = gettext_lazy("{unit}不承担第 {measure} 条措施；请选择本单位承担的措施")
ONLY_THE_UNIT = gettext_lazy("只有{unit}的工作人员可以填写、上传材料和报送这份报告")
PERIOD_NOT_BEGUN = gettext_lazy("报告期 {period} 尚未开始；请选择已经开始的报告期")
NOT_EDITABLE = gettext_lazy("报告{state}，不能再修改；被退回的报告才能修改后重新报送")
DONE_NEEDED = gettext_lazy("工作进展：请写明本期落实这项措施做了哪些工作后再报送")
DONE_TOO_LONG = gettext_lazy("工作进展：不能超过 {max} 个字（现有 {n} 字）；请精简，详细材料可作为证明材料上传")
LINK_NOT_OURS = gettext_lazy(
    "相关记录第 {n} 行「{url}」不是本平台的页面；请填写以 / 开头的平台地址，如 /registry/demands/12/"
)
TOO_MANY_LINKS = gettext_lazy("相关记录最多 {max} 条（现有 {n} 条）；请只列最能说明进展的记录")
TOO_MANY_FILES = gettext_lazy("证明材料最多 {max} 个；请合并后再上传")
ONLY_INSPECTORATE = gettext_lazy("只有督导部门可以认可或退回进展报告")
NOT_SUBMITTED = gettext_lazy("报告{state}，只有已报送的报告可以认可或退回；请刷新后查看")
REMARKS_NEEDED = gettext_lazy("退回意见：退回报告须写明理由和需要补充的内容")


class ProgressError(ValueError):
    """A write that cannot be done; the message is Chinese and names the field and the fix."""


def _state_label(report: MeasureReport) -> str:
    return str(ReportState(report.state).label)


def links_clean(links) -> list[dict]:
    """[{"label", "url"}] pointing at the platform's own pages (a path), at most LINKS_MAX."""
    cleaned = []
    for n, link in enumerate(links or [], 1):
        url, label = str(link.get("url", "")).strip(), str(link.get("label", "")).strip()
        if not url.startswith("/") or url[1:2] in ("/", "\\") or len(url) > 200 or any(c.isspace() for c in url):
            raise ProgressError(str(LINK_NOT_OURS).format(n=n, url=url[:60]))
        cleaned.append({"label": (label or url)[:100], "url": url})
    if len(cleaned) > LINKS_MAX:
        raise ProgressError(str(TOO_MANY_LINKS).format(max=LINKS_MAX, n=len(cleaned)))
    return cleaned


def _snapshot(report: MeasureReport) -> dict:
    return {
        "measure": report.measure,
        "unit": report.unit.code,
        "period": report.period,
        "state": report.state,
        "done": report.done,
        "links": report.links,
        "remarks": report.remarks,
    }


def _for_writing(report_id, user) -> MeasureReport:
    """The report locked, for its unit's people, while it is a draft or returned."""
    report = report_get_for_user(report_id, user)
    report = MeasureReport.objects.select_for_update(of=("self",)).select_related("unit__division").get(pk=report.pk)
    if not may_write(user, report.unit):
        raise ProgressError(str(ONLY_THE_UNIT).format(unit=report.unit.name))
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise ProgressError(str(NOT_EDITABLE).format(state=_state_label(report)))
    return report


def report_save(user, *, measure: str, period: str, done: str, links, unit: Unit, on: date | None = None):
    """The unit's draft for a measure and period, made or updated (a returned report stays returned, its
    remarks in view, until submitted again). Opens what the unit owes if nothing is pending yet."""
    on = on or timezone.localdate()
    found = measure_get(str(measure))
    if found is None:
        raise ProgressError(str(UNKNOWN_MEASURE).format(measure=str(measure)[:16]))
    if not may_read(user, unit):
        raise Http404(str(NOT_FOUND))
    if not may_write(user, unit):
        raise ProgressError(str(ONLY_THE_UNIT).format(unit=unit.name))
    if all(u.pk != unit.pk for u in found.units):
        raise ProgressError(str(NOT_YOUR_MEASURE).format(unit=unit.name, measure=found.id))
    try:
        asked = period_parse(period)
    except ValueError as error:
        raise ProgressError(str(error)) from None
    if asked.starts > on:
        raise ProgressError(str(PERIOD_NOT_BEGUN).format(period=asked.id))
    done, links = done.strip(), links_clean(links)
    if len(done) > DONE_MAX:
        raise ProgressError(str(DONE_TOO_LONG).format(max=DONE_MAX, n=len(done)))
    with transaction.atomic():
        report, created = MeasureReport.objects.get_or_create(measure=found.id, unit=unit, period=asked.id)
        if created and on <= asked.due:
            report_obligation_open(report, due=asked.due, start=on, acting_user=user)
        report = _for_writing(report.pk, user)
        before = _snapshot(report)
        report.done, report.links = done, links
        report.save(update_fields=["done", "links"])
        audit_record(
            acting_user=user,
            action="measure_report.save",
            object_type="measure_report",
            object_id=report.pk,
            before=None if created else before,
            after=_snapshot(report),
        )
    return report


def report_edit(user, report_id, *, done: str, links) -> MeasureReport:
    """The same save, by the report's number (the report page's form)."""
    report = report_get_for_user(report_id, user)
    return report_save(user, measure=report.measure, period=report.period, done=done, links=links, unit=report.unit)


def evidence_add(user, report_id, *, name: str, data: bytes, on: date | None = None) -> MeasureEvidence:
    """A file proving the report, checked by its content (documents.uploads), named by its number."""
    on = on or timezone.localdate()
    kind = check_upload(name, data)  # UploadRejected names the file and the fix
    with transaction.atomic():
        report = _for_writing(report_id, user)
        count = report.evidence.count()
        if count >= EVIDENCE_MAX:
            raise ProgressError(str(TOO_MANY_FILES).format(max=EVIDENCE_MAX))
        evidence = MeasureEvidence(report=report, name=f"证明材料{count + 1}.{kind}", kind=kind, size=len(data))
        evidence.added_on = on
        digest = store_upload(evidence, data, kind)
        evidence.save()
        audit_record(
            acting_user=user,
            action="measure_report.evidence_add",
            object_type="measure_report",
            object_id=report.pk,
            after={"evidence": evidence.pk, "name": evidence.name, "kind": kind, "sha256": digest},
        )
    return evidence


def report_submit(user, report_id, *, on: date | None = None) -> MeasureReport:
    """The unit submits its draft (or its returned report, again): what it owed is met, the inspectorate told."""
    on = on or timezone.localdate()
    with transaction.atomic():
        report = _for_writing(report_id, user)
        if not report.done.strip():
            raise ProgressError(str(DONE_NEEDED))
        before = _snapshot(report)
        report.state, report.submitted_on, report.submitted_by = ReportState.SUBMITTED, on, user
        report.save(update_fields=["state", "submitted_on", "submitted_by"])
        audit_record(
            acting_user=user,
            action="measure_report.submit",
            object_type="measure_report",
            object_id=report.pk,
            before=before,
            after=_snapshot(report),
        )
        obligation_meet(
            kind=ObligationKind.MEASURE_REPORT, subject_type=SUBJECT, subject_id=report.pk, acting_user=user
        )
        notify(
            users=inspectors_over(report.unit.division),
            kind=NotificationKind.MEASURE_REPORT_SUBMITTED,
            title=official_gettext("{unit}报送了第{measure}条措施{period}落实情况").format(
                unit=report.unit.name, measure=report.measure, period=report.period
            ),
            link=report_link(report),
            subject=(SUBJECT, report.pk),
        )
    return report


def report_decide(user, report_id, *, accept: bool, remarks: str = "", on: date | None = None) -> MeasureReport:
    """The inspectorate accepts a submitted report or returns it with remarks (then the unit owes it again).
    The report is locked: of two inspectors deciding at once, the second finds it decided."""
    on, remarks = on or timezone.localdate(), (remarks or "").strip()
    if not accept and not remarks:
        raise ProgressError(str(REMARKS_NEEDED))
    with transaction.atomic():
        report = report_get_for_user(report_id, user)
        if not may_decide(user, report.unit):
            raise ProgressError(str(ONLY_INSPECTORATE))
        report = (
            MeasureReport.objects.select_for_update(of=("self",)).select_related("unit__division").get(pk=report.pk)
        )
        if report.state != ReportState.SUBMITTED:
            raise ProgressError(str(NOT_SUBMITTED).format(state=_state_label(report)))
        before = _snapshot(report)
        report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
        report.decided_on, report.decided_by, report.remarks = on, user, remarks
        report.save(update_fields=["state", "decided_on", "decided_by", "remarks"])
        audit_record(
            acting_user=user,
            action="measure_report.accept" if accept else "measure_report.return",
            object_type="measure_report",
            object_id=report.pk,
            before=before,
            after=_snapshot(report),
        )
        if not accept:
            due = resubmission_due(period_parse(report.period), on)
            report_obligation_open(report, due=due, start=on, acting_user=user)
        _tell_the_unit(report, accept)
    return report


def _tell_the_unit(report: MeasureReport, accept: bool) -> None:
    if accept:
        title = official_gettext("第{measure}条措施{period}落实情况报告已认可")
    else:
        title = official_gettext("第{measure}条措施{period}落实情况报告被退回，请修改后重新报送")
    notify(
        users=people_of(unit=report.unit),
        kind=NotificationKind.MEASURE_REPORT_DECIDED,
        title=title.format(measure=report.measure, period=report.period),
        body=report.remarks,
        link=report_link(report),
        subject=(SUBJECT, report.pk),
    )
