"""The small Anshun of tests/world.py with something in every state, so that every page has something
to show: a demand in each state of its lifecycle (registered ones with a number), a merged pair and its
joint demand, an inspection result, a quota baseline and its correction, refusals with an open and a
closed violation case, and a locked account. Made through the services people use, on 1 March 2021
(inside the year's plan collection window); one demand is completed on 10 March."""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from jianfu.gate.models import Refusal, ViolationCase
from jianfu.gate.services import case_act, refusal_record
from jianfu.org.models import Role
from jianfu.org.services import role_grant
from jianfu.registry.forms import DemandForm
from jianfu.registry.merging import demand_merge
from jianfu.registry.models import Demand
from jianfu.registry.quotas import quota_baseline_correct, quota_baseline_set
from jianfu.registry.services import demand_act, demand_create
from jianfu.registry.sharing import result_file
from jianfu.workflow.demand import Action, State
from tests.world import PASSWORD, World

SHANGHAI = ZoneInfo("Asia/Shanghai")
BUILT_AT = datetime(2021, 3, 1, 10, 0, tzinfo=SHANGHAI)
WALKED_AT = datetime(2021, 3, 10, 10, 0, tzinfo=SHANGHAI)
NOTICE = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"


@dataclass
class Everything:
    world: World
    demands: dict[str, Demand] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)
    cases: list[ViolationCase] = field(default_factory=list)
    locked_username: str = "locked_teacher"


def build_every_state(world: World) -> Everything:
    everything = Everything(world)
    with time_machine.travel(BUILT_AT, tick=False) as traveller:
        quota_baseline_set(
            acting_user=world.county_officer, division=world.xixiu, category="inspection", year=2020, count=20
        )
        quota_baseline_correct(
            acting_user=world.city_officer,
            division=world.xixiu,
            category="inspection",
            year=2020,
            count=22,
            reason="核对 2020 年台账后更正",
        )
        everything.demands = _demands_in_every_state(world, traveller)
        _inspection_result(world, everything.demands[State.DONE])
        everything.refusals, everything.cases = _refusals_and_cases(world)
        _locked_account(world, everything.locked_username)
    return everything


def _file(world: World, title: str, start: date, end: date) -> Demand:
    data = {
        "requester": world.unit("520402-WJJ").pk,
        "category": "inspection",
        "title": title,
        "content": f"{title}：对学校食堂开展食品安全检查，实地查看。",
        "legal_basis": "《食品安全法》",
        "target_counties": [world.xixiu.pk],
        "target_levels": ["primary"],
        "target_areas": ["urban"],
        "target_schools": "",
        "start": start,
        "end": end,
        "estimated_hours": "2",
        "fields": "",
        "in_annual_plan": True,
        "emergency": False,
        "declared": {"party_approved": True, "evaluation_methods": ["on_site"]},
    }
    form = DemandForm(data=data, user=world.department_clerk)
    assert form.is_valid(), form.errors
    demand = demand_create(acting_user=world.department_clerk, data=form.cleaned_data)
    Demand.objects.filter(pk=demand.pk).update(kind="check")  # the kind of inspection, asked by later forms
    demand.refresh_from_db()
    return demand


def _act(user, demand: Demand, action: Action, reason: str = "") -> Demand:
    demand.refresh_from_db()
    return demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)


def _demands_in_every_state(world: World, traveller) -> dict[str, Demand]:
    clerk, bureau = world.department_clerk, world.county_officer
    autumn = (date(2021, 9, 6), date(2021, 9, 10))
    route = [
        (bureau, Action.CLAIM),
        (bureau, Action.ADVANCE),
        (world.joint_reviewer, Action.ADVANCE),
        (world.approver, Action.ADVANCE),
    ]
    reached = {
        State.SUBMITTED: 0,
        State.IN_REVIEW: 1,
        State.JOINT_REVIEW: 2,
        State.APPROVAL: 3,
        State.REGISTERED: 4,
    }
    demands = {State.DRAFT: _file(world, "2021年学校食堂食品安全检查", *autumn)}
    for state, steps in reached.items():
        demand = _act(clerk, _file(world, f"2021年校园食品安全检查（{state}）", *autumn), Action.SUBMIT)
        for user, action in route[:steps]:
            demand = _act(user, demand, action)
        demands[state] = demand
    done = _file(world, "2021年春季开学安全检查", date(2021, 3, 2), date(2021, 3, 5))
    _act(clerk, done, Action.SUBMIT)
    for user, action in route:
        done = _act(user, done, action)
    revoked = _file(world, "2021年学校消防安全检查", *autumn)
    _act(clerk, revoked, Action.SUBMIT)
    for user, action in route:
        revoked = _act(user, revoked, action)
    demands[State.REVOKED] = _act(bureau, revoked, Action.REVOKE, "检查内容与已登记事项重复，撤销登记")
    for state, action, reason in (
        (State.RETURNED, Action.RETURN, "请说明检查标准，并删去要求学校提供照片的内容"),
        (State.REJECTED, Action.REJECT, "违反第 2.8 条：不得强制教师下载APP、投票"),
    ):
        demand = _act(clerk, _file(world, f"2021年学校卫生防疫检查（{state}）", *autumn), Action.SUBMIT)
        demands[state] = _act(bureau, demand, action, reason)
    withdrawn = _act(clerk, _file(world, "2021年学校饮水安全检查", *autumn), Action.SUBMIT)
    demands[State.WITHDRAWN] = _act(clerk, withdrawn, Action.WITHDRAW)
    first = _act(clerk, _file(world, "秋季学校食品安全检查", *autumn), Action.SUBMIT)
    second = _act(clerk, _file(world, "秋季学校食品安全抽查", *autumn), Action.SUBMIT)
    demands["joint"] = demand_merge(
        acting_user=bureau,
        demand_ids=[first.pk, second.pk],
        title="秋季学校食品安全联合检查",
        reason="内容相同相近，合并进行",
    )
    demands[State.MERGED] = Demand.objects.get(pk=first.pk)
    traveller.move_to(WALKED_AT)
    demands[State.DONE] = _act(clerk, done, Action.COMPLETE)
    return demands


def _inspection_result(world: World, demand: Demand) -> None:
    result_file(
        acting_user=world.department_clerk, demand=demand, school=world.xixiu_school, summary="安全制度健全，台账完整。"
    )


def _refusals_and_cases(world: World) -> tuple[list[Refusal], list[ViolationCase]]:
    refusals = [
        refusal_record(
            acting_user=world.principal,
            school=world.xixiu_school,
            channel=channel,
            received_on=date(2021, 3, 8),
            content=NOTICE,
            requester_unit=world.unit("520402-WMB"),
            number=number,
        )
        for channel, number in (("wechat_group", ""), ("document", "安教减备〔2021〕520402-0099号"))
    ]
    cases = [r.case for r in refusals]
    case_act(acting_user=world.county_officer, case=cases[1], close=True, action_taken="已约谈提出单位，责令停止")
    return refusals, [ViolationCase.objects.get(pk=c.pk) for c in cases]


def _locked_account(world: World, username: str) -> None:
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    role_grant(user=user, role=Role.TEACHER, school=world.xixiu_school)
    client = Client()
    for n in range(5):
        client.post("/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=f"198.51.100.{10 + n}")
