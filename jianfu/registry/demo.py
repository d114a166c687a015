"""The registry's demo: a 2020 baseline and a 2021 of plausible demands in every state, made through
the same services people use (so every step is audited and every number is real)."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from jianfu.org.demo.places import COUNTIES
from jianfu.org.models import Division, Role, Unit
from jianfu.org.services import role_grant
from jianfu.registry.merging import demand_merge
from jianfu.registry.models import Demand, QuotaBaseline
from jianfu.registry.services import demand_act, demand_create
from jianfu.workflow.demand import Action

INSPECTIONS = [
    "中小学校园安全专项督查",
    "学校食品安全专项检查",
    "学校消防安全检查",
    "控辍保学工作考核",
    "义务教育均衡发展督导评估",
    "校园周边环境综合治理检查",
]
ACTIVITIES = ["禁毒宣传教育进校园", "防溺水安全教育进校园", "防艾知识宣传进校园", "交通安全宣传进校园"]
ON_SITE = {"party_approved": True, "evaluation_methods": ["on_site"]}
# The demo's 2021 is lived on these days: the plan is collected until 15 March; the temporary demand comes later.
IN_THE_WINDOW, AFTER_THE_WINDOW = date(2021, 3, 1), date(2021, 5, 10)
HOW = [
    "按年度计划实地开展，不要求学校提供照片、截图或台账。",
    "随机抽取学校现场查看，不听取专题汇报。",
    "与相关部门联合开展，一次进校完成，结果各部门共享。",
    "以查看实际工作成效为主，不额外布置材料。",
]


def registry_demo_is_loaded() -> bool:
    return Demand.objects.exists()


def registry_demo_load(seed: int = 2021) -> int:
    rng = random.Random(seed)
    users = {u.username: u for u in get_user_model().objects.filter(username__contains="-")}
    for code, _name, _kind, key, _townships in COUNTIES:
        division = Division.objects.get(code=code)
        QuotaBaseline.objects.get_or_create(
            division=division, category="inspection", year=2020, defaults={"count": rng.randint(24, 48)}
        )
        _county_year(
            rng, division, {role: users[f"{key}-{role}"] for role in ("requester", "bureau", "reviewer", "approver")}
        )
    return Demand.objects.count()


def _county_year(rng: random.Random, division: Division, u: dict) -> None:
    clerk, bureau, reviewer, approver = u["requester"], u["bureau"], u["reviewer"], u["approver"]
    health = Unit.objects.get(code=f"{division.code}-WJJ")
    education = Unit.objects.get(code=f"{division.code}-JYJ")
    role_grant(user=bureau, role=Role.REQUESTER, unit=education)  # the bureau raises its own emergencies
    short = division.name[:2]

    def new(title, category="inspection", requester=health, by=clerk, month=None, **extra):
        start = date(2021, month or rng.randint(3, 11), rng.randint(1, 20))
        data = {
            "requester": requester,
            "category": category,
            "title": f"2021年{short}{title}",
            "content": f"{title}：按年度计划实地开展，不要求学校提供照片、截图或台账。",
            "legal_basis": "",
            "target_counties": [division],
            "target_levels": [],
            "target_areas": [],
            "target_schools": [],
            "start": start,
            "end": start + timedelta(days=rng.randint(2, 10)),
            "estimated_hours": rng.choice([2, 4, 6]),
            "fields": "",
            "in_annual_plan": True,
            "emergency": False,
            "declared": dict(ON_SITE),
        } | extra
        return demand_create(acting_user=by, data=data)

    def go(demand, *steps, on=IN_THE_WINDOW):
        for user, action, reason in steps:
            demand.refresh_from_db()
            demand_act(
                acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason, on=on
            )
        return demand

    submit, review = (clerk, Action.SUBMIT, ""), (bureau, Action.ADVANCE, "")
    joint, approve = (reviewer, Action.ADVANCE, ""), (approver, Action.ADVANCE, "")
    for title in rng.sample(INSPECTIONS, 3):
        go(new(title), submit, review, joint, approve)
    for title in rng.sample(ACTIVITIES, 2):
        go(new(title, "campus_activity", declared={"on_activity_list": True}), submit, review, review)
    go(new("学生体质健康抽测", month=10), submit, review, joint)  # waits for the party committee
    go(new("平安校园建设检查", month=11), submit, (bureau, Action.CLAIM, ""))  # being reviewed
    go(new("学校卫生防疫检查", month=11), submit)  # in the queue
    go(new("校车安全检查", month=9), submit, (bureau, Action.RETURN, "请说明检查标准，并删去要求学校提供照片的内容"))
    go(
        new("要求教师下载安装政务APP并投票", "app_demand", declared={"app_actions": ["install", "vote"]}),
        submit,
        (bureau, Action.REJECT, "违反第 2.8 条：不得强制教师下载APP、投票"),
    )
    go(
        new("创文志愿服务（教师路口执勤）", "city_campaign", declared={"teacher_street_duty": True}),
        submit,
        (clerk, Action.WITHDRAW, ""),
    )
    first = go(new("秋季学校食品安全检查", month=9), submit)
    second = go(new("秋季学校食品安全抽查", month=9), submit)
    joint_demand = demand_merge(
        acting_user=bureau,
        demand_ids=[first.pk, second.pk],
        title=f"2021年{short}秋季学校食品安全联合检查",
        reason="内容相同相近，合并进行",
    )
    go(joint_demand, review, joint)
    go(
        new(
            "疫情防控临时检查",
            month=6,
            in_annual_plan=False,
            declared={"education_consulted": True, "party_approved": True, "evaluation_methods": ["on_site"]},
        ),
        submit,
        review,
        approve,
        on=AFTER_THE_WINDOW,
    )
    go(
        new(
            "防汛应急安全排查",
            "campus_activity",
            requester=education,
            by=bureau,
            emergency=True,
            declared={"on_activity_list": False},
        ),
        (bureau, Action.REGISTER_EMERGENCY, "汛期紧急，事后补办审核"),
    )
    new("教师心理健康专题培训", "training", declared={"training_kind": "teaching"})  # a draft
