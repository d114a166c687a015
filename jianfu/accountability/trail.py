"""The audit trail in scope: who did what and when, for the units an inspectorate or a city-level education
bureau oversees. An event is in a reader's scope when its actor holds a role on a unit or a school within the
reader's divisions; events of the system and of anonymous filers (no actor) are nobody's to read here.

Readers: an inspectorate at any level (Role.INSPECTOR) over its subtree, an education bureau above the
counties (the city's) over its subtree, and superusers over everything. A county's bureau is itself one of
the overseen, so it reads only its own events on the audit page, as before. Everyone else gets a 404.

A complaint's events show their action, object and time, never their contents: what a complaint event
records (the text written, the reason for revealing a filer) may point at the person who filed it."""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianfu.accountability.pay import VIEW_PAY
from jianfu.audit.models import AuditEvent
from jianfu.org.models import DivisionKind, Role, RoleAssignment, School, Unit

PAGE_SIZE = 50
SHEET_MAX = 50_000
# Contents withheld, and why: a complaint's always (see the module's docstring); a pay figure's from whoever
# does not hold the permission to read pay figures (jianfu/accountability/pay.py).
WITHHELD = {
    "complaint": gettext_lazy("（举报事项不显示内容）"),
    "pay_figure": gettext_lazy("（工资数据，需持有工资数据查看权限）"),
}
ABOVE_COUNTIES = (DivisionKind.PROVINCE, DivisionKind.PREFECTURE)
FILTERS = ("unit", "person", "object_type", "object_id", "action", "from", "to")
_WORD = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_ACTION = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
_OBJECT_ID = re.compile(r"^[\w.*:-]{1,64}$")


@dataclass(frozen=True)
class TrailScope:
    everything: bool
    paths: frozenset[str]
    withheld: frozenset[str] = frozenset({"complaint"})  # object types whose contents this reader never sees


def trail_scope(user) -> TrailScope:
    """The divisions whose people's events this person reads; 404 for anyone who reads none."""
    if not user.is_authenticated:
        raise Http404
    withheld = frozenset({"complaint"} if user.has_perm(VIEW_PAY) else {"complaint", "pay_figure"})
    if user.is_superuser:
        return TrailScope(True, frozenset(), withheld)
    readers = RoleAssignment.objects.filter(user=user, unit__isnull=False).filter(
        Q(role=Role.INSPECTOR) | Q(role=Role.EDUCATION_BUREAU, unit__division__kind__in=ABOVE_COUNTIES)
    )
    paths = frozenset(readers.values_list("unit__division__path", flat=True))
    if not paths:
        raise Http404
    return TrailScope(False, paths, withheld)


def _under(field: str, paths) -> Q:
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths), Q(pk__in=[]))


def assignments_in(scope: TrailScope) -> QuerySet[RoleAssignment]:
    """Roles held on a unit or a school within the scope's divisions."""
    if scope.everything:
        return RoleAssignment.objects.all()
    return RoleAssignment.objects.filter(
        _under("unit__division__path", scope.paths) | _under("school__county__path", scope.paths)
    )


class TrailInvalid(Exception):
    """A filter that is no filter: `parameter` is its name in the address, the message says what to fix."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter, self.message = parameter, message


@dataclass(frozen=True)
class TrailFilters:
    typed: dict
    assignments: QuerySet  # the roles whose holders' events are asked for
    person: object | None
    object_type: str
    object_id: str
    action: str
    start: datetime | None
    end: datetime | None  # exclusive

    @property
    def query(self) -> dict:
        """The filters as typed, for links to the next page and the workbook."""
        return {key: value for key, value in self.typed.items() if value}


def trail_filters(scope: TrailScope, params) -> TrailFilters:
    """The filters of the address checked; TrailInvalid naming the first parameter that is wrong."""
    typed = {key: (params.get(key) or "").strip() for key in FILTERS}
    assignments = assignments_in(scope)
    if typed["unit"]:
        assignments = _of_unit(assignments, typed["unit"])
    person = _person(assignments, typed["person"]) if typed["person"] else None
    _match("object_type", typed["object_type"], _WORD, _("请填写对象类型，如 demand、complaint、secondment"))
    _match("object_id", typed["object_id"], _OBJECT_ID, _("请填写对象编号（数字或代码，不超过 64 个字符）"))
    if typed["object_id"] and not typed["object_type"]:
        raise TrailInvalid("object_id", _("参数 object_id（对象编号）须与 object_type（对象类型）一起填写"))
    _match("action", typed["action"], _ACTION, _("请填写操作名，如 demand.submit，或操作类别，如 demand"))
    start, end = _day("from", typed["from"]), _day("to", typed["to"])
    if start and end and start > end:
        raise TrailInvalid("from", _("参数 from（起始日期）晚于 to（截止日期）；请对调或改正日期"))
    return TrailFilters(
        typed=typed,
        assignments=assignments,
        person=person,
        object_type=typed["object_type"],
        object_id=typed["object_id"],
        action=typed["action"],
        start=_start_of(start) if start else None,
        end=_start_of(end + timedelta(days=1)) if end else None,
    )


def _of_unit(assignments: QuerySet, code: str) -> QuerySet:
    unit = Unit.objects.filter(code=code).first()
    school = None if unit else School.objects.filter(code=code).first()
    narrowed = assignments.filter(unit=unit) if unit else assignments.filter(school=school) if school else None
    if narrowed is None or not narrowed.exists():
        message = _(
            "参数 unit（单位）「%(value)s」不是您督导范围内有人员的单位或学校；请填写范围内的单位代码或学校标识码"
        )
        raise TrailInvalid("unit", message % {"value": code})
    return narrowed


def _person(assignments: QuerySet, username: str):
    person = get_user_model().objects.filter(username=username, pk__in=assignments.values("user_id")).first()
    if person is None:
        message = _("参数 person（人员）「%(value)s」不是您督导范围内的账号；请填写范围内人员的用户名")
        raise TrailInvalid("person", message % {"value": username})
    return person


def _match(parameter: str, value: str, pattern: re.Pattern, fix: str) -> None:
    if value and not pattern.match(value):
        raise TrailInvalid(parameter, _("参数 %(name)s「%(value)s」无效；") % {"name": parameter, "value": value} + fix)


def _day(parameter: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = _("参数 %(name)s「%(value)s」不是日期；请按 2026-03-01 的格式填写")
        raise TrailInvalid(parameter, message % {"name": parameter, "value": value}) from None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def trail_events(scope: TrailScope, filters: TrailFilters) -> QuerySet[AuditEvent]:
    """The events the filters ask for, newest first."""
    events = AuditEvent.objects.all()
    if not scope.everything or filters.typed["unit"]:
        events = events.filter(actor_id__in=filters.assignments.values("user_id"))
    if filters.person is not None:
        events = events.filter(actor_id=filters.person.pk)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.action:
        events = events.filter(Q(action=filters.action) | Q(action__startswith=filters.action + "."))
    if filters.start:
        events = events.filter(at__gte=filters.start)
    if filters.end:
        events = events.filter(at__lt=filters.end)
    return events.order_by("-seq")


def trail_page(events: QuerySet[AuditEvent], before: str = "") -> tuple[list[AuditEvent], int | None]:
    """One page of events older than `before` (a sequence number; keyset paging stays fast however deep one
    reads) and the `before` of the next page, None on the last."""
    if before:
        if not before.isdigit():
            raise TrailInvalid(
                "before", _("参数 before「%(value)s」无效；请用页面上的「下一页」链接翻页") % {"value": before}
            )
        events = events.filter(seq__lt=int(before))
    page = list(events[: PAGE_SIZE + 1])
    return page[:PAGE_SIZE], page[PAGE_SIZE - 1].seq if len(page) > PAGE_SIZE else None


@dataclass(frozen=True)
class TrailRow:
    seq: int
    at: datetime
    actor: str
    places: str  # the units and schools where the actor holds a role
    action: str
    object_type: str
    object_id: str
    before: object
    after: object
    withheld: str  # why the contents are not shown (a complaint's, a pay figure's), or ""

    @property
    def hidden(self) -> bool:
        return bool(self.withheld)

    @property
    def before_text(self) -> str:
        return _as_json(self.before)

    @property
    def after_text(self) -> str:
        return _as_json(self.after)


def _as_json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def trail_rows(events, scope: TrailScope) -> list[TrailRow]:
    """The events as shown: each with where its actor works, contents withheld where they must be."""
    events = list(events)
    places: dict[int, list[str]] = {}
    held = assignments_in(scope).filter(user_id__in={e.actor_id for e in events if e.actor_id})
    for assignment in held.select_related("unit", "school").order_by("user_id", "pk"):
        places.setdefault(assignment.user_id, []).append(str(assignment.unit or assignment.school))
    return [_row(event, places, scope.withheld) for event in events]


def _row(event: AuditEvent, places: dict, withheld: frozenset[str]) -> TrailRow:
    hidden = event.object_type in withheld
    return TrailRow(
        seq=event.seq,
        at=timezone.localtime(event.at),
        actor=event.actor_label,
        places=_("、").join(dict.fromkeys(places.get(event.actor_id, []))),
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        before=None if hidden else event.before,
        after=None if hidden else event.after,
        withheld=str(WITHHELD[event.object_type]) if hidden else "",
    )
