"""The demo's forms (clause 3.1, issue 14): 西秀区卫生健康局's forms in every state of the lifecycle, filed and
moved through the registry's own services, and the two registered ones answered by part of 西秀区's schools
(submitted, drafts, not started). The demo principal's school (xixiu-principal) is left to fill them."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from jianfu.collection.models import FormResponse
from jianfu.collection.responses import form_for_school, response_write, schools_reached
from jianfu.org.models import Division, Unit
from jianfu.packs.active import active_engine
from jianfu.registry.fields_review import demand_held_fields_decide
from jianfu.registry.models import Demand
from jianfu.registry.services import demand_act, demand_create
from jianfu.workflow.demand import Action, State

TITLE_MARK = "（演示报表）"
REASON = "体检机构须按身份证号预约，仅用于本次体检安排，不另作他用"


def _held(platform: str, label: str) -> dict:
    element = next(e for e in active_engine().pack.dictionary if e.platform == platform)
    return {"label": label, "element": element.id, "definition": "", "justification": REASON}


def _new(label: str, definition: str) -> dict:
    return {"label": label, "element": "", "definition": definition, "justification": ""}


def _health_state() -> dict:
    """A teacher-level element the platform does not hold, that the school gives (a choice)."""
    element = next(
        (
            e
            for e in active_engine().pack.dictionary
            if e.level == "teacher" and e.type == "choice" and "健康" in e.label
        ),
        None,
    )
    return {"label": element.label, "element": element.id, "definition": "", "justification": REASON} if element else {}


def forms_demo_is_loaded() -> bool:
    return Demand.objects.filter(title__endswith=TITLE_MARK).exists()


def forms_demo_load(today: date | None = None, seed: int = 14) -> list[Demand]:
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="xixiu-")}
    clerk, bureau = users["xixiu-requester"], users["xixiu-bureau"]
    division = Division.objects.get(code="520402")
    health = Unit.objects.get(code="520402-WJJ")

    def new(title: str, fields: list, days: int = 30) -> Demand:
        data = {
            "requester": health,
            "category": "form",
            "title": f"{today.year}年{title}{TITLE_MARK}",
            "content": f"{title}：平台已有的数据自动填好，学校只填新增字段，网上或用模板一次报送。",
            "legal_basis": "《学校卫生工作条例》",
            "target_counties": [division],
            "target_levels": [],
            "target_areas": [],
            "target_schools": [],
            "start": today - timedelta(days=5),
            "end": today + timedelta(days=days),
            "estimated_hours": 1,
            "fields": fields,
            "in_annual_plan": False,
            "emergency": False,
            "declared": {},
        }
        return demand_create(acting_user=clerk, data=data)

    def go(demand: Demand, *steps) -> Demand:
        for user, action, reason in steps:
            demand.refresh_from_db()
            demand_act(
                acting_user=user,
                demand_id=demand.pk,
                action=action,
                expected_state=demand.state,
                reason=reason,
                on=today,
            )
        demand.refresh_from_db()
        return demand

    submit, claim, advance = (clerk, Action.SUBMIT, ""), (bureau, Action.CLAIM, ""), (bureau, Action.ADVANCE, "")
    school_fields = [
        _held("school.name", "学校名称"),
        _held("count:teachers", "教职工总数"),
        _new("校医人数", "学校专职校医（含卫生保健教师）人数"),
        _new("卫生室面积", "校内卫生室（保健室）使用面积，单位平方米"),
    ]
    registered = go(new("学校卫生室与校医配备情况表", school_fields), submit, claim)
    demand_held_fields_decide(acting_user=bureau, demand_id=registered.pk, accept=True, reason="核对口径，同意")
    registered = go(registered, advance)
    teacher_fields = [_held("teacher.name", "姓名"), _held("teacher.id_number", "身份证号")]
    teacher_fields += [f for f in [_health_state()] if f] + [_new("可参加体检的日期", "本校统一安排的体检日期")]
    checkup = go(new("教师年度健康体检安排表", teacher_fields), submit, claim)
    demand_held_fields_decide(
        acting_user=bureau, demand_id=checkup.pk, accept=True, reason="体检预约确需身份证号，同意"
    )
    checkup = go(checkup, advance)
    forms = [registered, checkup]
    forms.append(new("学校饮用水卫生情况表", [_new("饮用水来源", "自来水、自备井或桶装水")]))  # a draft
    forms.append(go(new("学校近视防控情况表", [_new("视力筛查人数", "本学期完成视力筛查的学生人数")]), submit))
    returned = new("学校传染病防控物资情况表", [_new("消毒用品储备", "消毒液、口罩等储备情况")])
    forms.append(go(returned, submit, claim, (bureau, Action.RETURN, "请写明各字段的填报口径，并删去与上月重复的项")))
    done = go(
        new("学校晨午检情况表", [_new("晨午检落实情况", "本学期晨午检是否每日落实")], days=1), submit, claim, advance
    )
    if done.state == State.REGISTERED:  # completed the day after it ended (the requester marks it done)
        demand_act(
            acting_user=clerk,
            demand_id=done.pk,
            action=Action.COMPLETE,
            expected_state=done.state,
            on=done.end + timedelta(days=1),
        )
        done.refresh_from_db()
    forms.append(done)
    _answer(registered, bureau, random.Random(seed))
    _answer(checkup, bureau, random.Random(seed + 1), schools=12)
    return forms


def _answer(demand: Demand, user, rng: random.Random, *, schools: int = 0) -> None:
    """Part of the schools answer: most of them submit, some leave a draft, the rest have not started; the
    demo principal's school (the county's first) is left for the visitor."""
    if demand.state != State.REGISTERED:
        return
    reached = list(schools_reached(demand))[1:]
    for school in reached[:schools] if schools else reached:
        luck = rng.random()
        if luck > 0.8 or FormResponse.objects.filter(demand=demand, school=school).exists():
            continue
        view = form_for_school(demand, school)
        values = {f.label: _demo_value(f, rng) for f in view.school_fields if not f.held}
        rows = [
            {"teacher": row.teacher_id} | {f.label: _demo_value(f, rng) for f in view.teacher_fields if not f.held}
            for row in view.rows
        ]
        response_write(demand, school, user, {"values": values, "rows": rows}, submit=luck < 0.6)


def _demo_value(field, rng: random.Random):
    if field.choices:
        return field.choices[0] if rng.random() < 0.9 else rng.choice(field.choices)
    if field.label == "校医人数":
        return rng.choice([0, 1, 1, 2])
    if field.label == "卫生室面积":
        return rng.choice([20, 30, 45, 60])
    if field.label == "可参加体检的日期":
        return "每周三上午"
    return "已落实"
