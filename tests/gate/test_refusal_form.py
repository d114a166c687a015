"""The refusal form keeps what was typed when a file is wrong, records one refusal however often it is
submitted, shows its evidence to the school and the bureau, and the school lists its refusals with what
the bureau did. (The API screens notices but does not record refusals: nothing to protect there.)"""

import re
from datetime import date

import pytest

from jianfu.gate.models import Evidence, Refusal, ViolationCase
from jianfu.gate.services import FORM_EXPIRED, RefusalError, case_act, refusal_form_token, refusal_record

NOTICE = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def screened_form(client) -> dict:
    """What the screening page hands the principal: the refusal form's hidden fields."""
    page = client.post("/gate/screen/", {"text": NOTICE}).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return {"content": NOTICE, "form_token": token}


def typed(world, **more) -> dict:
    return {
        "school": world.xixiu_school.pk,
        "requester_text": "某街道办事处",
        "channel": "phone",
        "received_on": "2021-05-06",
        "number": "安教减备〔2021〕520402-0099号",
    } | more


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_evidence_of_the_wrong_type_keeps_the_notice_the_verdict_and_the_typed_fields(world, client_for):
    client = client_for(world.principal)
    form = screened_form(client)
    response = client.post("/gate/refusals/new/", form | typed(world, evidence=upload("录音.exe", b"MZ\x90\0")))
    page = response.content.decode()
    assert response.status_code == 400 and not Refusal.objects.exists()
    assert "拒绝未记录：文件「录音.exe」的内容不是可接受的类型" in page and "证据文件需要重新选择" in page
    assert "可以拒绝：属于减负清单" in page and NOTICE in page and "<mark" in page
    assert 'value="某街道办事处"' in page and 'value="安教减备〔2021〕520402-0099号"' in page
    assert 'value="2021-05-06"' in page and '<option value="phone" selected>' in page
    assert f'name="form_token" value="{form["form_token"]}"' in page


def test_submitting_the_same_form_twice_records_one_refusal_and_opens_one_case(world, client_for):
    client = client_for(world.principal)
    form = screened_form(client) | typed(world)
    first = client.post("/gate/refusals/new/", form)
    again = client.post("/gate/refusals/new/", form, follow=True)
    assert Refusal.objects.count() == 1 and ViolationCase.objects.count() == 1
    refusal = Refusal.objects.get()
    assert first["Location"] == f"/gate/refusals/{refusal.pk}/"
    assert again.redirect_chain[-1][0] == f"/gate/refusals/{refusal.pk}/"
    assert "这份表单已经提交过" in again.content.decode()


def test_a_form_sent_back_for_a_wrong_file_and_then_sent_twice_still_records_once(world, client_for):
    client = client_for(world.principal)
    form = screened_form(client) | typed(world)
    client.post("/gate/refusals/new/", form | {"evidence": upload("x.exe", b"MZ")})
    client.post("/gate/refusals/new/", form | {"evidence": upload("截图.png", PNG)})
    client.post("/gate/refusals/new/", form | {"evidence": upload("截图.png", PNG)})
    assert Refusal.objects.count() == 1 and Evidence.objects.count() == 1


def test_the_service_returns_the_first_refusal_for_a_form_token_seen_before(world):
    token = refusal_form_token(world.principal)
    arguments = {
        "acting_user": world.principal,
        "school": world.xixiu_school,
        "channel": "phone",
        "received_on": date(2021, 5, 6),
        "content": NOTICE,
        "requester_text": "某局",
        "form_token": token,
    }
    assert refusal_record(**arguments) == refusal_record(**arguments)
    assert Refusal.objects.count() == 1 and ViolationCase.objects.count() == 1


def test_a_forged_or_borrowed_form_token_is_refused(world):
    arguments = {
        "acting_user": world.principal,
        "school": world.xixiu_school,
        "channel": "phone",
        "received_on": date(2021, 5, 6),
        "content": NOTICE,
        "requester_text": "某局",
    }
    for token in ("made-up", refusal_form_token(world.county_officer)):
        with pytest.raises(RefusalError, match=FORM_EXPIRED):
            refusal_record(**arguments, form_token=token)
    assert not Refusal.objects.exists()


def test_the_evidence_is_shown_and_downloaded_on_the_refusal_and_on_the_case(world, client_for):
    principal = client_for(world.principal)
    principal.post("/gate/refusals/new/", screened_form(principal) | typed(world, evidence=upload("群聊截图.png", PNG)))
    refusal, evidence = Refusal.objects.get(), Evidence.objects.get()
    link = f"/gate/refusals/{refusal.pk}/evidence/{evidence.pk}"
    assert link in principal.get(f"/gate/refusals/{refusal.pk}/").content.decode()
    assert "群聊截图.png" in principal.get(f"/gate/refusals/{refusal.pk}/").content.decode()
    download = principal.get(link)
    assert b"".join(download.streaming_content) == PNG and download["Content-Disposition"].startswith("attachment")
    bureau = client_for(world.county_officer)
    case_page = bureau.get(f"/gate/cases/{refusal.case.pk}/").content.decode()
    assert link in case_page and "群聊截图.png" in case_page
    assert b"".join(bureau.get(link).streaming_content) == PNG
    assert client_for(world.other_county_officer).get(link).status_code == 404


def test_a_principal_lists_the_school_s_refusals_and_sees_what_the_bureau_did(world, client_for):
    principal = client_for(world.principal)
    principal.post("/gate/refusals/new/", screened_form(principal) | typed(world))
    refusal = Refusal.objects.get()
    page = principal.get("/gate/refusals/").content.decode()
    assert "创文期间请各校安排教师到责任路口开展文明劝导执勤" in page and "待处理" in page
    case_act(acting_user=world.county_officer, case=refusal.case, close=True, action_taken="约谈街道办，通知已撤回")
    page = principal.get("/gate/refusals/").content.decode()
    assert "已办结" in page and "约谈街道办，通知已撤回" in page and "某街道办事处" in page
    detail = principal.get(f"/gate/refusals/{refusal.pk}/").content.decode()
    assert "已办结" in detail and "约谈街道办，通知已撤回" in detail
    assert "某街道办事处" not in client_for(world.other_county_officer).get("/gate/refusals/").content.decode()
