"""Issue 9, problem 2 and item 2: what only the text can tell, the text tells — and the reviewing bureau,
not the requester, decides whether it stands."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from docx import Document

from jianfu.audit.models import AuditEvent
from jianfu.registry.models import Demand, ReviewDecision
from jianfu.registry.precheck import demand_precheck
from jianfu.registry.services import demand_finding_decide
from jianfu.registry.sharing import attachment_add
from jianfu.workflow.demand import State
from tests.registry.scenario import act_through_api, file_through_api, post, rules

STREET_DUTY = {
    "category": "campus_activity",
    "title": "文明交通进校园",
    "content": "请各校安排教师到学校周边路口值守，每天早晚各一小时，劝导文明出行。",
    "target_counties": ["520402"],
    "in_annual_plan": True,
}


def street_duty_submitted(world, client_for) -> dict:
    client = client_for(world.department_clerk)
    draft = file_through_api(client, **STREET_DUTY)
    finding = rules(draft["findings"])["negative_list.A.15"]
    assert (finding["clause"], finding["severity"]) == ("A.15", "block")
    silent = act_through_api(client, draft["id"], "submit", "draft")
    assert silent.status_code == 422 and "请在「意见或理由」中说明后再提交" in silent.json()["detail"]
    explained = act_through_api(client, draft["id"], "submit", "draft", reason="值守由家长志愿者承担，教师只在校门内")
    assert explained.status_code == 200, explained.content.decode()
    bureau = client_for(world.county_officer)
    assert act_through_api(bureau, draft["id"], "claim", "submitted").status_code == 200
    assert act_through_api(bureau, draft["id"], "advance", "in_review").json()["state"] == "approval"
    return draft


def test_a_campus_activity_asking_teachers_to_stand_street_duty_cannot_be_registered_until_dismissed(world, client_for):
    draft = street_duty_submitted(world, client_for)
    bureau = client_for(world.county_officer)
    refused = act_through_api(bureau, draft["id"], "advance", "approval")
    assert refused.status_code == 422 and "第 A.15 条" in refused.json()["detail"]
    no_reason = post(bureau, f"/api/v1/demands/{draft['id']}/findings/negative_list.A.15", {"dismiss": True})
    assert no_reason.status_code == 422 and "须写明理由" in no_reason.json()["detail"]
    dismissed = post(
        bureau,
        f"/api/v1/demands/{draft['id']}/findings/negative_list.A.15",
        {"dismiss": True, "reason": "经核实由交警与家长志愿者值守，教师不上路口"},
    )
    assert dismissed.status_code == 200 and dismissed.json()["verdict"] == "dismissed"
    registered = act_through_api(bureau, draft["id"], "advance", "approval")
    assert registered.json()["state"] == "registered", registered.content.decode()
    event = AuditEvent.objects.filter(action="demand.finding_dismiss").get()
    assert event.after["reason"] == "经核实由交警与家长志愿者值守，教师不上路口"
    code = Demand.objects.get(pk=draft["id"]).verification_code
    public = Client().get(f"/v/{code}").content.decode()  # anyone, signed in or not
    assert "经审核排除" in public and "第 A.15 条" in public and "教师不上路口" in public
    history = bureau.get(f"/demands/{draft['id']}/").content.decode()
    assert "经审核排除" in history and "教师不上路口" in history


def test_an_upheld_text_finding_keeps_the_demand_from_being_registered(world, client_for):
    draft = street_duty_submitted(world, client_for)
    demand_finding_decide(
        acting_user=world.county_officer, demand_id=draft["id"], rule="negative_list.A.15", dismiss=False
    )
    bureau = client_for(world.county_officer)
    page = bureau.get(f"/demands/{draft['id']}/").content.decode()
    assert 'value="advance"' not in page and "不能同意并登记" in page
    assert act_through_api(bureau, draft["id"], "advance", "approval").status_code == 422
    assert Demand.objects.get(pk=draft["id"]).state == State.APPROVAL


def test_only_the_reviewing_bureau_decides_a_text_finding_never_the_requester(world, client_for):
    draft = street_duty_submitted(world, client_for)
    with pytest.raises(PermissionDenied):
        demand_finding_decide(
            acting_user=world.department_clerk,
            demand_id=draft["id"],
            rule="negative_list.A.15",
            dismiss=True,
            reason="x",
        )
    assert not ReviewDecision.objects.exists()


def test_the_bureau_dismisses_a_finding_from_the_demand_s_page(world, client_for):
    draft = street_duty_submitted(world, client_for)
    bureau = client_for(world.county_officer)
    assert "经审核排除" in bureau.get(f"/demands/{draft['id']}/").content.decode()  # the button
    bureau.post(
        f"/demands/{draft['id']}/findings/negative_list.A.15/", {"verdict": "dismiss", "reason": "教师不上路口"}
    )
    assert ReviewDecision.objects.get().verdict == ReviewDecision.Verdict.DISMISSED
    assert 'value="advance"' in bureau.get(f"/demands/{draft['id']}/").content.decode()


def test_the_words_of_a_word_attachment_are_screened_too(world, file_demand):
    demand = file_demand(category="city_campaign", content="开展文明城市创建工作。", declared={})
    assert "negative_list.A.15" not in {f.rule for f in demand_precheck(demand).findings}
    notice = Document()
    notice.add_paragraph("请各校安排教师上街执勤，维护路口秩序。")
    data = io.BytesIO()
    notice.save(data)
    attachment_add(acting_user=world.department_clerk, demand=demand, name="通知.docx", data=data.getvalue())
    (finding,) = [f for f in demand_precheck(demand).findings if f.rule == "negative_list.A.15"]
    assert finding.severity == "block" and finding.clause == "A.15"


def test_a_demand_s_own_words_asking_for_the_consent_it_seeks_are_not_held_against_it(world, file_demand):
    """ "未经同意抽调借用中小学教师" (A.18): a secondment asks exactly that consent through its route."""
    demand = file_demand(category="secondment", content="借用西秀区第一小学教师一名到创文办工作。", declared={})
    assert not [f for f in demand_precheck(demand).findings if f.rule.startswith("negative_list.")]


@pytest.mark.parametrize(
    ("title", "content"),
    [
        ("2021 年学校消防安全检查", "检查消防通道与灭火器。"),
        ("2021 年秋季学校食品安全专项检查", "对城区小学食堂开展食品安全检查，实地查看。"),
    ],
)
def test_an_ordinary_inspection_s_words_are_judged_by_the_pack_s_phrases_alone(world, file_demand, title, content):
    """A block on a requester's own words rests on the pack's phrases, which the reviewer can read: the
    gate's statistical model once read 学校消防安全检查 as a form (A.14) on the words 学校, 检查."""
    demand = file_demand(title=title, content=content)
    assert not [f for f in demand_precheck(demand).findings if f.rule.startswith("negative_list.")]
