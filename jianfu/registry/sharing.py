"""Result sharing (clause 1.1: 检查结果各部门之间要共享、互认): filing an inspection's results per
school, reading them, and warning a new demand on the same schools and topic within twelve months."""

from datetime import timedelta
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from jianfu.audit.services import audit_record
from jianfu.documents.uploads import check_upload, store_upload
from jianfu.org.access import get_for_user, scope_for
from jianfu.policy.model import Finding, Severity
from jianfu.registry.access import may_request_for
from jianfu.registry.errors import DemandError
from jianfu.registry.models import Attachment, Demand, InspectionResult
from jianfu.registry.selectors import PUBLISHED_STATES, demand_list_for_school
from jianfu.registry.similar import text_likeness
from jianfu.workflow.demand import State

TOPIC_LIKENESS = 0.3
WINDOW = timedelta(days=365)


def result_file(
    *, acting_user, demand: Demand, school, summary: str, name: str = "", data: bytes = b""
) -> InspectionResult:
    if not may_request_for(acting_user, demand):
        raise PermissionDenied("只有提出单位可以报送检查结果")
    if demand.category != "inspection" or demand.state not in PUBLISHED_STATES:
        raise DemandError("只有已登记的督查检查事项可以报送检查结果")
    if not demand_list_for_school(school=school).filter(pk=demand.pk).exists():
        raise DemandError(f"{school.name} 不在此事项的范围内；请核对学校")
    if not summary.strip():
        raise DemandError("请填写检查结果：发现的问题和结论")
    with transaction.atomic():
        result, _ = InspectionResult.objects.update_or_create(
            demand=demand, school=school, defaults={"summary": summary.strip(), "filed_by": acting_user}
        )
        if data:
            result.kind = check_upload(name, data)
            result.sha256 = store_upload(result, data, result.kind)
            result.save()
        audit_record(
            acting_user=acting_user,
            action="result.file",
            object_type="demand",
            object_id=demand.pk,
            after={"school": school.code, "summary": summary.strip()[:200], "file": result.sha256},
        )
    return result


def attachment_add(*, acting_user, demand: Demand, name: str, data: bytes) -> Attachment:
    if not may_request_for(acting_user, demand):
        raise PermissionDenied("只有提出单位可以上传附件")
    if demand.state not in (State.DRAFT, State.RETURNED):
        raise DemandError("事项提交后不能再改附件；如需补充，请由审核人员退回后再上传")
    kind = check_upload(name, data)
    with transaction.atomic():
        attachment = Attachment(demand=demand, name=name[:200], kind=kind, size=len(data), uploaded_by=acting_user)
        attachment.sha256 = store_upload(attachment, data, kind)
        attachment.save()
        audit_record(
            acting_user=acting_user,
            action="attachment.add",
            object_type="demand",
            object_id=demand.pk,
            after={"name": attachment.name, "kind": kind, "sha256": attachment.sha256},
        )
    return attachment


def results_for(user) -> QuerySet[InspectionResult]:
    """Results are shared between departments (clause 1.1): every unit role (requesters, bureaus,
    joint reviewers, approvers, inspectors) reads the results of the schools in its jurisdiction; a
    principal reads only its own school's; a teacher reads none (the results judge the school, not
    the teacher, and are not published)."""
    scope = scope_for(user)
    results = InspectionResult.objects.select_related("demand__requester", "school")
    if scope.everything:
        return results
    in_jurisdiction = [Q(school__county__path__startswith=path) for path in scope.school_paths]
    own_school = [Q(school_id__in=scope.roster_school_ids)] if scope.roster_school_ids else []
    parts = in_jurisdiction + own_school
    return results.filter(reduce(or_, parts)) if parts else results.none()


def may_read_results(user) -> bool:
    """Whether the results page means anything to this person: a teacher has none to read."""
    scope = scope_for(user)
    return scope.everything or bool(scope.school_paths or scope.roster_school_ids)


def result_get_for_user(*, user, pk: int) -> InspectionResult:
    return get_for_user(results_for(user), pk=pk)


def results_search(*, user, query: str = "", school_code: str = "") -> QuerySet[InspectionResult]:
    """The results this person may read, narrowed by a word of the demand or the result, or a school."""
    results = results_for(user)
    if query:
        results = results.filter(Q(demand__title__contains=query) | Q(summary__contains=query))
    if school_code:
        results = results.filter(school__code=school_code)
    return results.order_by("-filed_at")


def existing_results_findings(demand: Demand) -> list[Finding]:
    """A warning, per earlier inspection, when results on the same schools and topic exist from the
    twelve months before this demand starts."""
    if demand.category != "inspection":
        return []
    counties = list(demand.target_counties.all()) if demand.pk else []
    schools = list(demand.target_schools.all()) if demand.pk else []
    same_schools = Q(school__in=schools) | Q(school__county__in=counties)
    if not counties and not schools:
        same_schools = Q(school__county__path__startswith=demand.division.path)
    recent = (
        InspectionResult.objects.filter(
            same_schools, demand__end__gte=demand.start - WINDOW, demand__end__lte=demand.start
        )
        .exclude(demand=demand)
        .select_related("demand")
    )
    by_demand: dict[int, list] = {}
    for result in recent:
        if text_likeness(result.demand.title, demand.title) >= TOPIC_LIKENESS:
            by_demand.setdefault(result.demand_id, []).append(result)
    findings = []
    for results in by_demand.values():
        earlier = results[0].demand
        findings.append(
            Finding(
                rule="results_already_shared",
                clause="1.1",
                severity=Severity.WARN,
                message=(
                    f"《{earlier.title}》（{earlier.registration_number}）已于 {earlier.end:%Y-%m-%d} 对 "
                    f"{len(results)} 所相关学校形成检查结果，各部门应共享互认；请先查阅已有结果，避免重复检查。"
                ),
                evidence=tuple(f"result: {earlier.registration_number} @ {r.school.code}" for r in results[:10]),
            )
        )
    return findings
