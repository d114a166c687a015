"""Access instead of asking (clause 3.3): a department asks for elements the education systems already hold,
for a purpose, a period and the schools of a division; the owning bureau (the education bureau of that
division: a county's for its schools, the city's for a city-wide grant) grants it or refuses it with a
reason, and may revoke it. While a grant runs, the department downloads only the granted elements for the
schools in scope; personal data are masked unless the grant includes them; every download is audited.

The platform copies nothing it does not hold: an element held only by a national system (学籍, 教师管理信息
系统…) is listed as "held by <system>: request it from its owner", never given invented values."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.collection import prefill
from jianfu.collection.models import AccessGrant, GrantState
from jianfu.org.access import get_for_user, scope_for
from jianfu.org.identity import decrypt_id_number
from jianfu.org.models import Division, Role, RoleAssignment, School, Teacher, Unit
from jianfu.packs.active import active_engine
from jianfu.registry.access import demands_for, requester_units

PURPOSE_MAX = 1_000
LONGEST_GRANT_DAYS = 366  # a year at most: a longer need asks again, and the owner looks again
MASK = "＊＊＊"


class GrantError(Exception):
    """A grant that cannot be requested, decided or used; the message says why and the fix, in Chinese."""


class GrantUnavailable(GrantError):
    """The grant exists and is the reader's, but gives nothing now (expired, revoked, not yet granted)."""


NOT_A_REQUESTER = gettext_lazy("只有提出单位（部门）可以申请调取数据；请以本单位的提出单位账号申请")
NO_ELEMENTS = gettext_lazy("请至少选择一个「数据元素」（数据字典中的编号）")
UNKNOWN_ELEMENTS = gettext_lazy("数据字典中没有这些元素：{ids}；请从数据字典中选择")
PURPOSE_NEEDED = gettext_lazy("请写明「用途」（为什么需要这些数据、用于什么工作），最多 1000 字")
OUTSIDE_DIVISION = gettext_lazy("「范围」只能是本单位所在区划或其下级区划；请改选")
NO_OWNER = gettext_lazy("「{division}」没有教育行政部门可以授权；请改选县（区）或市")
PERIOD_BACKWARDS = gettext_lazy("「截止日期」（{ends}）早于「开始日期」（{starts}）；请改正")
PERIOD_OVER = gettext_lazy("「截止日期」（{ends}）已过；请填写今后的日期")
PERIOD_TOO_LONG = gettext_lazy("授权期限最长 {days} 天；请缩短期限，到期后可再申请")
DEMAND_NOT_YOURS = gettext_lazy("所附报表事项不是本单位提出的；请选择本单位的报表事项")
NOT_THE_OWNER = gettext_lazy("只有数据所属的教育行政部门可以授权、拒绝或撤销此申请")
ALREADY_DECIDED = gettext_lazy("此申请已是「{state}」，不能再决定；请刷新后查看")
REFUSAL_NEEDS_REASON = gettext_lazy("不予授权须写明理由；理由将告知申请单位")
REVOKE_NEEDS_REASON = gettext_lazy("撤销授权须写明理由；理由将告知申请单位")
NOT_GRANTED_YET = gettext_lazy("此申请尚未授权（{state}），不能下载数据")
REVOKED = gettext_lazy("此授权已于 {on} 撤销（{reason}），不能再下载数据")
EXPIRED = gettext_lazy("此授权已于 {ends} 到期，不能再下载数据；如仍需要，请重新申请")
NOT_STARTED = gettext_lazy("此授权自 {starts} 起生效，届时才能下载数据")


@dataclass(frozen=True)
class GrantedElement:
    """One element of a grant as the platform can give it: held here (a roster key), or only by its owner."""

    id: str
    label: str
    owner: str
    personal: bool
    level: str
    platform: str  # the key the platform reads it by; "" when only its owner system holds it

    @property
    def held(self) -> bool:
        if self.level == "teacher":
            return prefill.holds_teacher_value(self.platform)
        return prefill.holds_school_value(self.platform)


def dictionary() -> dict:
    """The active pack's data dictionary by element id."""
    return {e.id: e for e in getattr(active_engine().pack, "dictionary", ())}


def granted_elements(grant: AccessGrant) -> list[GrantedElement]:
    known = dictionary()
    shown = []
    for element_id in grant.elements:
        e = known.get(element_id)
        if e is None:  # an element a later pack dropped: listed, never given
            shown.append(GrantedElement(element_id, element_id, "", False, "school", ""))
            continue
        platform = getattr(e, "platform", "") or ""
        shown.append(GrantedElement(e.id, e.label, e.owner, bool(e.personal), e.level, platform))
    return shown


# --- who sees which grant -------------------------------------------------------------------------------


def grants_for(user) -> QuerySet[AccessGrant]:
    """The requesting unit its own grants; an education bureau the grants it owns and those over schools in
    its area; an inspector those over its area (read only); nobody else any."""
    scope = scope_for(user)
    qs = AccessGrant.objects.select_related("requester", "owner", "division", "requested_by", "decided_by")
    if scope.everything:
        return qs
    if not user.is_authenticated:
        return qs.none()
    visible = Q(requester__in=requester_units(user))
    for a in RoleAssignment.objects.filter(
        user=user, role__in=(Role.EDUCATION_BUREAU, Role.INSPECTOR), unit__isnull=False
    ).select_related("unit__division"):
        visible |= Q(division__path__startswith=a.unit.division.path) | Q(owner=a.unit)
    return qs.filter(visible)


def grant_get_for_user(user, grant_id) -> AccessGrant:
    return get_for_user(grants_for(user), pk=grant_id)


def is_owner(user, grant: AccessGrant) -> bool:
    return (
        scope_for(user).everything
        or RoleAssignment.objects.filter(user=user, role=Role.EDUCATION_BUREAU, unit=grant.owner).exists()
    )


def is_requester(user, grant: AccessGrant) -> bool:
    return requester_units(user).filter(pk=grant.requester_id).exists()


def owner_of(division: Division) -> Unit | None:
    """Who grants access to the data of a division's schools: its education bureau."""
    return Unit.objects.filter(division=division, kind="education_bureau").order_by("code").first()


# --- writes ---------------------------------------------------------------------------------------------


def grant_request(
    user,
    *,
    elements,
    purpose: str,
    division: Division,
    starts_on: date,
    ends_on: date,
    personal: bool = False,
    demand=None,
    on: date | None = None,
) -> AccessGrant:
    today = on or timezone.localdate()
    unit = requester_units(user).order_by("code").first()
    if unit is None:
        raise PermissionDenied(NOT_A_REQUESTER)
    element_ids = _checked_elements(elements)
    purpose = (purpose or "").strip()
    if not purpose or len(purpose) > PURPOSE_MAX:
        raise GrantError(PURPOSE_NEEDED)
    if not division.path.startswith(unit.division.path):
        raise GrantError(OUTSIDE_DIVISION)
    owner = owner_of(division)
    if owner is None:
        raise GrantError(NO_OWNER.format(division=division.name))
    _check_period(starts_on, ends_on, today)
    if demand is not None:
        demand = get_for_user(demands_for(user), pk=getattr(demand, "pk", demand))
        if demand.requester_id != unit.pk:
            raise GrantError(DEMAND_NOT_YOURS)
    with transaction.atomic():
        grant = AccessGrant.objects.create(
            requester=unit,
            owner=owner,
            division=division,
            elements=element_ids,
            purpose=purpose,
            starts_on=starts_on,
            ends_on=ends_on,
            personal=personal,
            demand=demand,
            requested_by=user,
        )
        audit_record(
            acting_user=user, action="grant.request", object_type="access_grant", object_id=grant.pk, after=_snap(grant)
        )
    return grant


def _checked_elements(elements) -> list[str]:
    ids = list(dict.fromkeys(str(e).strip() for e in (elements or []) if str(e).strip()))
    if not ids:
        raise GrantError(NO_ELEMENTS)
    unknown = [i for i in ids if i not in dictionary()]
    if unknown:
        raise GrantError(UNKNOWN_ELEMENTS.format(ids=gettext("、").join(unknown)))
    return ids


def _check_period(starts_on: date, ends_on: date, today: date) -> None:
    if ends_on < starts_on:
        raise GrantError(PERIOD_BACKWARDS.format(ends=ends_on, starts=starts_on))
    if ends_on < today:
        raise GrantError(PERIOD_OVER.format(ends=ends_on))
    if ends_on - starts_on > timedelta(days=LONGEST_GRANT_DAYS):
        raise GrantError(PERIOD_TOO_LONG.format(days=LONGEST_GRANT_DAYS))


def grant_decide(grant_id, user, *, grant: bool, reason: str = "", on: date | None = None) -> AccessGrant:
    """The owning bureau grants the request, or refuses it with a reason the department reads."""
    reason = (reason or "").strip()
    with transaction.atomic():
        grant_get_for_user(user, grant_id)
        row = AccessGrant.objects.select_for_update(of=("self",)).get(pk=grant_id)
        if not is_owner(user, row):
            raise PermissionDenied(NOT_THE_OWNER)
        if row.state != GrantState.REQUESTED:
            raise GrantError(ALREADY_DECIDED.format(state=row.get_state_display()))
        if not grant and not reason:
            raise GrantError(REFUSAL_NEEDS_REASON)
        before = _snap(row)
        row.state = GrantState.GRANTED if grant else GrantState.REFUSED
        row.decided_by, row.decided_on, row.reason = user, on or timezone.localdate(), reason
        row.save()
        action = "grant.granted" if grant else "grant.refused"
        audit_record(
            acting_user=user,
            action=action,
            object_type="access_grant",
            object_id=row.pk,
            before=before,
            after=_snap(row),
        )
    return row


def grant_revoke(grant_id, user, *, reason: str, on: date | None = None) -> AccessGrant:
    """The owning bureau ends a running grant early, with a reason: nothing more is downloaded."""
    reason = (reason or "").strip()
    with transaction.atomic():
        grant_get_for_user(user, grant_id)
        row = AccessGrant.objects.select_for_update(of=("self",)).get(pk=grant_id)
        if not is_owner(user, row):
            raise PermissionDenied(NOT_THE_OWNER)
        if row.state != GrantState.GRANTED:
            raise GrantError(ALREADY_DECIDED.format(state=row.get_state_display()))
        if not reason:
            raise GrantError(REVOKE_NEEDS_REASON)
        before = _snap(row)
        row.state, row.reason = GrantState.REVOKED, reason
        row.decided_by, row.decided_on = user, on or timezone.localdate()
        row.save()
        audit_record(
            acting_user=user,
            action="grant.revoked",
            object_type="access_grant",
            object_id=row.pk,
            before=before,
            after=_snap(row),
        )
    return row


def _snap(grant: AccessGrant) -> dict:
    return {
        "requester": grant.requester.code,
        "owner": grant.owner.code,
        "division": grant.division.code,
        "elements": list(grant.elements),
        "purpose": grant.purpose,
        "starts_on": grant.starts_on.isoformat(),
        "ends_on": grant.ends_on.isoformat(),
        "personal": grant.personal,
        "state": grant.state,
        "demand": grant.demand_id,
        "reason": grant.reason,
    }


# --- use ------------------------------------------------------------------------------------------------


def status(grant: AccessGrant, on: date) -> str:
    """requested, refused, revoked, granted (running), expired (ended, whatever its state), not_started."""
    if grant.state == GrantState.GRANTED and grant.ends_on < on:
        return "expired"
    if grant.state == GrantState.GRANTED and grant.starts_on > on:
        return "not_started"
    return grant.state


def unavailable_reason(grant: AccessGrant, on: date) -> str | None:
    """Why a grant gives nothing today (a sentence), or None while it runs."""
    state = status(grant, on)
    if state == "expired":
        return str(EXPIRED.format(ends=grant.ends_on))
    if state == "not_started":
        return str(NOT_STARTED.format(starts=grant.starts_on))
    if state == GrantState.REVOKED:
        return str(REVOKED.format(on=grant.decided_on, reason=grant.reason))
    if state != GrantState.GRANTED:
        return str(NOT_GRANTED_YET.format(state=grant.get_state_display()))
    return None


def schools_in_scope(grant: AccessGrant) -> QuerySet[School]:
    return School.objects.filter(county__path__startswith=grant.division.path).select_related("county")


def _teachers_by_school(schools: list[School]) -> dict[int, list[Teacher]]:
    teachers: dict[int, list[Teacher]] = {}
    for teacher in Teacher.objects.filter(school__in=[s.pk for s in schools]).select_related("school").order_by("id"):
        teachers.setdefault(teacher.school_id, []).append(teacher)
    return teachers


def granted_rows(grant, user, *, on: date, fmt: str = "rows") -> tuple[list[str], list[list]]:
    """The granted elements the platform holds, for the schools in scope: one row per school, or per teacher
    when a teacher element is granted (each row with its school). Only the requesting unit downloads, only
    while the grant runs; personal data masked unless granted. Audited: who, which grant, how many rows."""
    grant = grant_get_for_user(user, getattr(grant, "pk", grant))
    if not is_requester(user, grant):
        raise Http404  # the owner and the inspectors read the grant; only the department takes the data
    why_not = unavailable_reason(grant, on)
    if why_not:
        raise GrantUnavailable(why_not)
    held = [e for e in granted_elements(grant) if e.held]
    school_part = [e for e in held if e.level != "teacher"]
    teacher_part = [e for e in held if e.level == "teacher"]
    header = [gettext("学校标识码"), gettext("学校名称")] + [e.label for e in school_part + teacher_part]
    rows = []
    schools = list(schools_in_scope(grant).order_by("county__path", "code"))
    values = prefill.schools_values(schools, [e.platform for e in school_part])
    teachers = _teachers_by_school(schools) if teacher_part else {}
    for school in schools:
        held_values = values[school.pk]
        first = [school.code, school.name] + [_shown(held_values.get(e.platform), e, grant) for e in school_part]
        if not teacher_part:
            rows.append(first)
            continue
        for teacher in teachers.get(school.pk, []):
            rows.append(first + [_teacher_value(teacher, e, grant) for e in teacher_part])
    with transaction.atomic():
        audit_record(
            acting_user=user,
            action="grant.download",
            object_type="access_grant",
            object_id=grant.pk,
            after={"format": fmt, "rows": len(rows), "elements": [e.id for e in held], "on": on.isoformat()},
        )
    return header, rows


def _teacher_value(teacher: Teacher, element: GrantedElement, grant: AccessGrant):
    if element.platform == "teacher.id_number":
        if element.personal and not grant.personal:
            return teacher.id_number_masked
        return decrypt_id_number(teacher.id_number_cipher)
    return _shown(prefill.teacher_values(teacher, [element.platform]).get(element.platform), element, grant)


def _shown(value, element: GrantedElement, grant: AccessGrant):
    if value is None:
        return ""
    if element.personal and not grant.personal:
        text = str(value)
        return text[:1] + MASK[: max(len(text) - 1, 1)] if text else ""
    return value


def not_held(grant: AccessGrant) -> list[GrantedElement]:
    """The granted elements only their owner systems hold: the page and the download say where to ask."""
    return [e for e in granted_elements(grant) if not e.held]
