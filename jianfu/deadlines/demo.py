"""The deadlines' demo, after the registry's (whose returned demands and emergency registrations have
already opened obligations through the hooks): in every county a refusal whose case was handled (met),
one left unhandled for three weeks (overdue, escalated to the city), and the city's own returned demand
and emergency, so that every demo account finds something in its inbox."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from jianfu.deadlines.calendar import term_from
from jianfu.deadlines.models import Obligation, ObligationKind
from jianfu.deadlines.reminders import reminders_send_due
from jianfu.gate.services import case_act, refusal_record
from jianfu.org.demo.places import COUNTIES
from jianfu.org.models import Division, Role, Unit
from jianfu.org.services import role_grant
from jianfu.registry.services import demand_act, demand_create
from jianfu.workflow.demand import Action

NOTICES = (
    "请各校组织教师于周末上街开展文明城市创建执勤，并上报照片。",
    "请各校组织全体教师下载政务APP并每日打卡，截图上报。",
)
UNHANDLED_FOR_DAYS = 21


def deadlines_demo_is_loaded() -> bool:
    return Obligation.objects.filter(kind=ObligationKind.CASE_HANDLING).exists()


def deadlines_demo_load() -> int:
    users = {u.username: u for u in get_user_model().objects.filter(username__contains="-")}
    today = timezone.localdate()
    for code, _name, _kind, key, _townships in COUNTIES:
        principal, bureau = users[f"{key}-principal"], users[f"{key}-bureau"]
        school = principal.role_assignments.get(role=Role.PRINCIPAL).school
        health = Unit.objects.get(code=f"{code}-WJJ")
        handled, waiting = (
            refusal_record(
                acting_user=principal,
                school=school,
                channel="document",
                received_on=today - timedelta(days=UNHANDLED_FOR_DAYS),
                content=notice,
                requester_unit=health,
            )
            for notice in NOTICES
        )
        case_act(acting_user=bureau, case=handled.case, close=True, action_taken="已约谈提出单位，通知已撤回")
        _backdate(Obligation.objects.get(kind=ObligationKind.CASE_HANDLING, subject_id=waiting.case.pk), today)
    _city_items(users, today)
    return Obligation.objects.count()


def _backdate(obligation: Obligation, today) -> None:
    """The case was opened three weeks ago and nobody handled it: overdue now, and escalated."""
    start = today - timedelta(days=UNHANDLED_FOR_DAYS)
    term = term_from("refusal_handling_days", start)
    Obligation.objects.filter(pk=obligation.pk).update(
        counted_from=start, due_on=term.due.day, due_estimated=term.due.estimated
    )
    reminders_send_due(obligation.pk)


def _city_items(users: dict, today) -> None:
    """The city's requester has a demand returned; the city bureau registers an emergency (its approving
    authority and joint reviewers are told)."""
    city = Division.objects.get(code="520400")
    counties = list(Division.objects.filter(parent=city))
    bureau, requester = users["anshun-bureau"], users["anshun-requester"]
    education = Unit.objects.get(code="520400-JYJ")
    role_grant(user=bureau, role=Role.REQUESTER, unit=education)
    start = min(today + timedelta(days=30), today.replace(month=12, day=20))
    returned = _new(requester, Unit.objects.get(code="520400-WJJ"), counties, "全市学校卫生专项检查", start)
    _act(requester, returned, Action.SUBMIT)
    _act(bureau, returned, Action.RETURN, "请说明检查标准，并删去要求学校提供台账的内容")
    emergency = _new(bureau, education, counties, "全市校园安全隐患紧急排查", today, emergency=True)
    _act(bureau, emergency, Action.REGISTER_EMERGENCY, "上级紧急部署，事后补办审核")


def _new(user, unit, counties, title, start, emergency=False):
    data = {
        "requester": unit,
        "category": "inspection",
        "title": f"{start.year}年{title}",
        "content": f"{title}：实地查看，不要求学校提供照片、截图或台账。",
        "legal_basis": "",
        "target_counties": counties,
        "target_levels": [],
        "target_areas": [],
        "target_schools": [],
        "start": start,
        "end": start + timedelta(days=3),
        "estimated_hours": 2,
        "fields": "",
        "in_annual_plan": False,
        "emergency": emergency,
        "declared": {"kind": "check", "evaluation_methods": ["on_site"]},
    }
    return demand_create(acting_user=user, data=data)


def _act(user, demand, action, reason=""):
    demand.refresh_from_db()
    demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)
