"""A school records a refusal: the letter cites the clauses and the registration status; the bureau of
its county gets a violation case, handles it, closes it, and counts refusals per requester."""

import subprocess
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from jianfu.audit.models import AuditEvent
from jianfu.gate.models import Refusal, ViolationCase
from jianfu.gate.services import RefusalError, case_act, refusal_record

NOTICE = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return out.replace("\n", "")


def refuse(world, **overrides):
    arguments = {
        "school": world.xixiu_school,
        "channel": "wechat_group",
        "received_on": date(2021, 5, 6),
        "content": NOTICE,
        "requester_unit": world.unit("520402-WMB"),
    } | overrides
    return refusal_record(acting_user=world.principal, **arguments)


def test_a_principal_records_a_refusal_and_a_case_opens_for_the_county_bureau(world):
    refusal = refuse(world)
    assert refusal.screening["negative_list_items"] == [15] and refusal.serial == 1
    assert refusal.case.division == world.xixiu and refusal.case.state == "open"
    assert AuditEvent.objects.filter(action="refusal.record").exists()
    assert refuse(world).serial == 2


def test_the_letter_cites_the_list_item_the_right_to_refuse_and_the_missing_registration(world, client_for):
    refusal = refuse(world)
    text = pdf_text(client_for(world.principal).get(f"/gate/refusals/{refusal.pk}/letter.pdf").content)
    assert "关于不予承办有关事项的函" in text and "西秀区文明办" in text
    assert "第15项（A.15）" in text and "学校有权拒绝" in text and "未在教育行政部门登记备案" in text
    assert "安市办通字〔2021〕3号" in text


def test_a_number_that_does_not_exist_is_stated_in_the_letter(world):
    from jianfu.gate.letters import registration_sentence

    refusal = refuse(world, number="安教减备〔2021〕520402-0099号")
    assert refusal.registration["status"] == "unknown"
    assert "查无此备案" in registration_sentence(refusal)


def test_only_the_school_s_own_principal_records_and_nothing_is_half_written(world):
    with pytest.raises(PermissionDenied):
        refusal_record(
            acting_user=world.county_officer,
            school=world.xixiu_school,
            channel="phone",
            received_on=date(2021, 5, 6),
            content=NOTICE,
            requester_text="某局",
        )
    with pytest.raises(RefusalError, match="提出单位"):
        refuse(world, requester_unit=None)
    with pytest.raises(Exception, match="通知内容是空的"):
        refuse(world, content="  ")
    assert not Refusal.objects.exists() and not ViolationCase.objects.exists()


def test_the_bureau_handles_and_closes_the_case_and_sees_counts_per_requester(world, client_for):
    refusal = refuse(world)
    refuse(world)
    client = client_for(world.county_officer)
    page = client.get("/gate/cases/").content.decode()
    assert "西秀区文明办：2 件" in page
    with pytest.raises(RefusalError, match="处理措施"):
        case_act(acting_user=world.county_officer, case=refusal.case, close=True, action_taken=" ")
    client.post(
        f"/gate/cases/{refusal.case.pk}/",
        {"action_taken": "约谈文明办，撤回通知", "close": "1", "confirmed": "1", "upheld": "1"},
    )
    refusal.case.refresh_from_db()
    assert refusal.case.state == "closed" and refusal.case.action_taken == "约谈文明办，撤回通知"


def test_another_county_and_the_requester_see_neither_refusal_nor_case(world, client_for):
    refusal = refuse(world)
    assert client_for(world.other_county_officer).get(f"/gate/refusals/{refusal.pk}/").status_code == 404
    assert client_for(world.other_county_officer).get(f"/gate/cases/{refusal.case.pk}/").status_code == 404
    assert client_for(world.department_clerk).get("/gate/cases/").status_code == 403


def test_over_long_free_text_is_refused_naming_the_field_and_the_limit(world):
    with pytest.raises(RefusalError, match="提出单位：最多 120 个字"):
        refuse(world, requester_unit=None, requester_text="某" * 121)
    with pytest.raises(RefusalError, match="备案号：最多 64 个字"):
        refuse(world, number="安" * 65)
    case = refuse(world).case
    with pytest.raises(RefusalError, match="处理措施：最多 2000 个字"):
        case_act(acting_user=world.county_officer, case=case, close=False, action_taken="约谈" * 1001)
    assert Refusal.objects.count() == 1 and ViolationCase.objects.get().action_taken == ""
