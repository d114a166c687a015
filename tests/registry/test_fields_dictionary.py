"""Issue 14, clause 3.1: a form's fields mapped to the data dictionary, and what the pre-check finds in them
— held fields (blocking until the reviewer accepts the written reasons), overlap with other forms reaching
the same schools, personal data, a form of held fields only, the burden estimate."""

import json
import random
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied

from jianfu.packs.active import active_engine
from jianfu.registry.errors import DemandError
from jianfu.registry.fields import FieldsInvalid, fields_parsed
from jianfu.registry.forms import DemandForm
from jianfu.registry.models import Demand
from jianfu.registry.precheck import demand_precheck
from jianfu.registry.services import demand_act, demand_create, demand_finding_decide
from jianfu.workflow.demand import Action, State
from tests.registry.conftest import inspection_data

PACK = active_engine().pack
ID_NUMBER = {"label": "身份证号", "justification": "核对职称评审人员身份，须与申报材料逐一比对"}
NEW_FIELDS = [
    {"label": "每周课后服务课时", "element": "", "definition": "本学期每周安排的课后服务课时数"},
    {"label": "课后服务参与学生数", "element": "", "definition": "本学期参加课后服务的学生人数"},
]


def form_demand(world, fields, *, user=None, category="form", **overrides):
    data = inspection_data(
        world,
        **{"title": "2021 年教师基本情况调查表", "content": "请各校填报教师基本情况。"}
        | overrides
        | {"category": category, "fields": json.dumps(fields, ensure_ascii=False), "declared": {}},
    )
    form = DemandForm(data=data, user=user or world.department_clerk)
    assert form.is_valid(), form.errors
    return demand_create(acting_user=user or world.department_clerk, data=form.cleaned_data)


def act(user, demand, action, reason=""):
    demand.refresh_from_db()
    return demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)


def rules(demand) -> dict:
    return {f.rule: f for f in demand_precheck(demand).findings}


def test_a_plain_label_counts_as_the_element_it_names_or_its_synonym():
    fields = fields_parsed("教师姓名，身份证号、每周课后服务课时", PACK)
    assert [(f["label"], f["element"]) for f in fields] == [
        ("教师姓名", "teacher.name"),
        ("身份证号", "teacher.id_number"),
        ("每周课后服务课时", ""),
    ]


def test_a_field_the_requester_marks_new_stays_new_and_one_left_unsaid_is_matched():
    fields = fields_parsed([{"label": "姓名", "element": ""}, {"label": "身份证号"}], PACK)
    assert [f["element"] for f in fields] == ["", "teacher.id_number"]


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ([{"label": "教师姓名", "element": "teacher.shoe_size"}], "teacher.shoe_size"),
        ([{"label": "教师姓名", "colour": "red"}], "colour"),
        ([{"label": ""}], "label"),
        (["教师姓名", "教师 姓名"], "教师 姓名」重复"),
    ],
)
def test_fields_that_cannot_be_kept_are_refused_naming_what_to_fix(raw, named):
    with pytest.raises(FieldsInvalid, match=named):
        fields_parsed(raw, PACK)


def test_old_lists_of_labels_become_objects_with_the_element_they_name(world):
    from importlib import import_module

    migration = import_module("jianfu.registry.migrations.0006_fields_as_objects")
    demand = form_demand(world, NEW_FIELDS)
    Demand.objects.filter(pk=demand.pk).update(fields=["教师姓名", "每周课后服务课时"])
    migration.labels_to_objects(django_apps, None)
    demand.refresh_from_db()
    assert demand.fields == [
        {"label": "教师姓名", "element": "teacher.name", "definition": "", "justification": ""},
        {"label": "每周课后服务课时", "element": "", "definition": "", "justification": ""},
    ]


def test_a_held_field_asked_without_a_reason_blocks_and_names_its_element_and_owner(world):
    demand = form_demand(world, ["教师姓名", "身份证号", "教师资格", *NEW_FIELDS])
    finding = rules(demand)["held_data_collection"]
    assert finding.clause == "3.1" and finding.severity == "block"
    for named in ("教师姓名（全国教师管理信息系统）", "身份证件号码（全国教师管理信息系统）", "教师资格证种类"):
        assert named in finding.message
    with pytest.raises(DemandError, match="已由教育系统采集"):
        act(world.department_clerk, demand, Action.SUBMIT)


def test_a_form_of_new_fields_only_has_no_3_1_finding(world):
    found = rules(form_demand(world, NEW_FIELDS))
    held_rules = {
        "held_data_collection",
        "held_data_justified",
        "personal_data_without_need",
        "collect_by_access_grant",
    }
    assert held_rules & set(found) == set()
    assert "repeated_data_collection" not in found


def test_a_held_field_with_a_reason_goes_to_review_and_is_registered_only_once_the_bureau_accepts_it(world):
    demand = form_demand(world, [ID_NUMBER, *NEW_FIELDS])
    assert set(rules(demand)) >= {"held_data_justified", "personal_data_without_need"}
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.CLAIM)
    with pytest.raises(DemandError, match="身份证件号码"):
        act(world.county_officer, demand, Action.ADVANCE)
    with pytest.raises(DemandError, match="须写明审核意见"):
        demand_finding_decide(
            acting_user=world.county_officer, demand_id=demand.pk, rule="held_data_justified", dismiss=True
        )
    decision = demand_finding_decide(
        acting_user=world.county_officer,
        demand_id=demand.pk,
        rule="held_data_justified",
        dismiss=True,
        reason="职称评审须逐人核对，教师管理信息系统的数据未含申报材料编号",
    )
    assert decision.value == ["teacher.id_number"]
    demand.refresh_from_db()
    assert not {"held_data_justified", "personal_data_without_need"} & {f["rule"] for f in demand.findings}
    assert act(world.county_officer, demand, Action.ADVANCE).state == State.REGISTERED


def test_only_the_reviewing_bureau_accepts_the_reasons_never_the_requester(world):
    demand = form_demand(world, [ID_NUMBER])
    act(world.department_clerk, demand, Action.SUBMIT)
    with pytest.raises(PermissionDenied):
        demand_finding_decide(
            acting_user=world.department_clerk,
            demand_id=demand.pk,
            rule="held_data_justified",
            dismiss=True,
            reason="我们自己认为必要",
        )


def test_a_held_field_added_after_the_bureau_accepted_the_reasons_is_judged_afresh(world):
    demand = form_demand(world, [ID_NUMBER])
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.CLAIM)
    demand_finding_decide(
        acting_user=world.county_officer,
        demand_id=demand.pk,
        rule="held_data_justified",
        dismiss=True,
        reason="确有必要",
    )
    Demand.objects.filter(pk=demand.pk).update(
        fields=[
            *demand.fields,
            {"label": "出生日期", "element": "teacher.birth_date", "definition": "", "justification": "核对年龄"},
        ]
    )
    demand.refresh_from_db()
    assert rules(demand)["held_data_justified"].message.count("出生日期") == 1
    assert "身份证件号码" not in rules(demand)["held_data_justified"].message


def overlapping_pair(world, *, second_state_submitted: bool):
    first = form_demand(world, ["教师姓名", "每周课后服务课时"], title="课后服务情况统计")
    first_fields = [{"label": "教师姓名", "justification": "逐人统计课后服务课时"}, NEW_FIELDS[0]]
    Demand.objects.filter(pk=first.pk).update(fields=fields_parsed(first_fields, PACK))
    second = form_demand(world, [NEW_FIELDS[0], NEW_FIELDS[1]])
    if second_state_submitted:
        act(world.department_clerk, second, Action.SUBMIT)
    return first, second


def test_two_forms_asking_the_same_fields_of_the_same_schools_overlap_with_a_score(world):
    first, second = overlapping_pair(world, second_state_submitted=True)
    finding = rules(first)["repeated_data_collection"]
    assert finding.clause == "3.1" and finding.severity == "warn"
    assert "重合 1/2 项（50%）：每周课后服务课时" in finding.message and second.title in finding.message


def test_a_draft_overlapping_a_form_is_not_cited(world):
    first, _ = overlapping_pair(world, second_state_submitted=False)
    assert "repeated_data_collection" not in rules(first)


def test_forms_reaching_different_schools_do_not_overlap(world):
    first = form_demand(world, [NEW_FIELDS[0]], target_levels=["junior"], target_areas=[])
    second = form_demand(world, [NEW_FIELDS[0]], target_levels=["primary"], target_areas=[])
    act(world.department_clerk, second, Action.SUBMIT)
    assert "repeated_data_collection" not in rules(first)


def test_a_form_whose_fields_are_all_held_is_pointed_to_an_access_request(world):
    demand = form_demand(world, ["教师姓名", "最高学历"])
    finding = rules(demand)["collect_by_access_grant"]
    assert finding.clause == "3.3" and f"/data-access/new/?demand={demand.pk}" in finding.message


def test_the_burden_is_fields_times_schools_times_the_pack_s_minutes_beside_the_requester_s_hours(world):
    demand = form_demand(world, NEW_FIELDS, target_levels=[], target_areas=[], estimated_hours="0.5")
    burden = demand_precheck(demand).burden
    minutes = PACK.limits["minutes_per_field"].at(date(2021, 9, 6)).value
    assert (burden.fields, burden.schools) == (2, 2)  # the two schools of 西秀区
    assert float(burden.total_hours) == round(2 * 2 * minutes / 60, 1)
    note = rules(demand)["form_burden_estimate"]
    assert note.severity == "info" and "提出单位估计每校 0.5 小时" in note.message


def test_the_form_page_saves_the_fields_table_and_shows_the_suggested_elements(world, client_for):
    client = client_for(world.department_clerk)
    post = inspection_data(world, category="form", title="教师情况表", content="填报。", declared="")
    post = {k: v for k, v in post.items() if k not in ("fields", "declared")}
    post["target_counties"], post["target_levels"] = [world.xixiu.pk], ["primary"]
    post |= {
        "field_label": ["老师姓名", "每周课后服务课时", ""],
        "field_element": ["", "new", ""],
        "field_definition": ["", "本学期每周课后服务课时数", ""],
        "field_justification": ["逐人统计", "", ""],
    }
    response = client.post("/demands/new/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    demand = Demand.objects.get(title="教师情况表")
    assert [(f["label"], f["element"]) for f in demand.fields] == [
        ("老师姓名", "teacher.name"),
        ("每周课后服务课时", ""),
    ]
    page = client.get(f"/demands/{demand.pk}/edit/").content.decode()
    assert 'value="teacher.name" selected' in page and "教师姓名（全国教师管理信息系统）" in page
    assert "逐人统计" in page


def test_the_demo_s_duplicate_collection_is_refused_by_the_bureau_citing_3_1(world):
    from jianfu.registry.demo import DUPLICATE_REFUSED, DemoYear, _County

    people = {"requester": world.department_clerk, "bureau": world.county_officer}
    county = _County(random.Random(1), world.xixiu, people | {"reviewer": None, "approver": None})
    day = date(2021, 2, 22)
    duplicate = county.duplicate_collection(DemoYear(2021, day))
    refused = county.go(duplicate, county.submit, (county.bureau, Action.REJECT, DUPLICATE_REFUSED), on=day)
    refused.refresh_from_db()
    assert refused.state == State.REJECTED and "held_data_justified" in {f["rule"] for f in refused.findings}
    assert refused.transitions.last().reason.startswith("违反第 3.1 条")


def test_the_bureau_accepts_the_reasons_for_held_fields_on_the_demand_s_page(world, client_for):
    demand = form_demand(world, [ID_NUMBER, *NEW_FIELDS])
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.CLAIM)
    client = client_for(world.county_officer)
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert "接受理由" in page and ID_NUMBER["justification"] in page
    response = client.post(
        f"/demands/{demand.pk}/findings/held_data_justified/", {"verdict": "dismiss", "reason": "逐人核对确有必要"}
    )
    assert response.status_code == 302
    demand.refresh_from_db()
    assert "held_data_justified" not in {f["rule"] for f in demand.findings}
    assert "接受理由" not in client.get(f"/demands/{demand.pk}/").content.decode()


def test_the_live_precheck_suggests_elements_for_the_typed_fields_and_estimates_the_burden(world, client_for):
    post = inspection_data(world, category="form", title="教师情况表", content="填报。")
    post = {k: v for k, v in post.items() if k not in ("fields", "declared")}
    post |= {
        "field_label": ["老师名字", "每周课后服务课时"],
        "field_element": ["", "new"],
        "field_definition": ["", "本学期每周课后服务课时数"],
        "field_justification": ["", ""],
    }
    answer = client_for(world.department_clerk).post("/demands/precheck", post).json()
    typed = {f["label"]: f for f in answer["fields"]}
    # Not a label or synonym of any element: suggested, not taken, until the requester chooses it.
    assert typed["老师名字"]["element"] == "" and typed["老师名字"]["suggestions"][0]["id"] == "teacher.name"
    assert typed["每周课后服务课时"]["element"] == ""
    assert answer["burden"]["fields"] == 2 and answer["burden"]["requester_hours_per_school"] == 2.0
    assert not Demand.objects.exists()


def test_a_form_of_another_county_asking_the_same_fields_does_not_overlap(world):
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant

    pingba_clerk = world.outsider
    role_grant(user=pingba_clerk, role=Role.REQUESTER, unit=world.unit("520403-WJJ"))
    first = form_demand(world, [NEW_FIELDS[0]], target_levels=[], target_areas=[])
    second = form_demand(
        world,
        [NEW_FIELDS[0]],
        user=pingba_clerk,
        requester=world.unit("520403-WJJ").pk,
        target_counties=[world.pingba.pk],
        target_levels=[],
        target_areas=[],
    )
    act(pingba_clerk, second, Action.SUBMIT)
    assert "repeated_data_collection" not in rules(first)
    city = form_demand(world, [NEW_FIELDS[0]], target_levels=[], target_areas=[], title="全市课后服务统计")
    Demand.objects.filter(pk=city.pk).update(division=world.city, state=State.SUBMITTED)
    Demand.objects.get(pk=city.pk).target_counties.set([world.xixiu, world.pingba])
    assert "全市课后服务统计" in rules(first)["repeated_data_collection"].message
