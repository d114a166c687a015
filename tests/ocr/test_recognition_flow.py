"""A principal's photos of a notice: stored and queued by the page (never read in the request), read by
the worker, corrected by the principal, screened, and kept as a refusal's evidence with the text."""

import io

import pytest
from django.core.management import call_command

from jianfu.audit.models import AuditEvent
from jianfu.gate.letters import refusal_letter
from jianfu.gate.models import Evidence, Refusal
from jianfu.ocr.models import Purpose, Recognition, State
from tests.ocr.images import notice_photo

NOTICE = "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。"


def upload(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


@pytest.fixture(scope="module")
def photo() -> bytes:
    return notice_photo(NOTICE)


def test_a_photo_on_the_screening_page_is_queued_not_read_in_the_request(world, client_for, photo):
    response = client_for(world.principal).post("/gate/screen/", {"file": upload(photo, "通知.png")})
    recognition = Recognition.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/gate/photos/{recognition.pk}/"
    assert recognition.state == State.QUEUED and recognition.owner == world.principal
    assert recognition.images.get().kind == "png" and recognition.images.get().name == "通知.png"
    assert AuditEvent.objects.filter(action="recognition.create", object_id=str(recognition.pk)).exists()
    page = client_for(world.principal).get(response["Location"]).content.decode()
    assert "排队等待识别" in page and "刷新查看进度" in page


def test_someone_elses_recognition_is_not_found(world, client_for, photo):
    client_for(world.principal).post("/gate/screen/", {"file": upload(photo, "通知.png")})
    recognition = Recognition.objects.get()
    stranger = client_for(world.county_officer)
    assert stranger.get(f"/gate/photos/{recognition.pk}/").status_code == 404
    assert stranger.get(f"/gate/photos/{recognition.pk}/status.json").status_code == 404
    assert stranger.get(f"/gate/photos/{recognition.pk}/images/0").status_code == 404


def test_a_file_that_is_no_photo_is_named_and_the_typed_text_and_other_files_kept(world, client_for, photo):
    files = [upload(photo, "第一页.png"), upload(b"just some bytes, no picture", "第二页.png")]
    page = client_for(world.principal).post("/gate/screen/", {"file": files, "text": "我已经打的字"}).content.decode()
    assert "文件「第二页.png」不是照片、截图或扫描件" in page
    assert "我已经打的字" in page and "第一页.png" in page
    assert not Recognition.objects.exists()


def test_the_worker_reads_the_photo_and_the_corrected_text_is_screened_and_kept_as_evidence(world, client_for, photo):
    client = client_for(world.principal)
    client.post("/gate/screen/", {"file": upload(photo, "通知.png")})
    call_command("worker", "--once")
    recognition = Recognition.objects.get()
    assert recognition.state == State.DONE and recognition.pages_done == recognition.pages_total == 1
    assert "实名注册" in recognition.text
    page = client.get(f"/gate/photos/{recognition.pk}/").content.decode()
    assert "<textarea" in page and "实名注册" in page and f"/gate/photos/{recognition.pk}/images/0" in page
    assert client.get(f"/gate/photos/{recognition.pk}/images/0")["Content-Type"] == "image/png"

    corrected = NOTICE.replace("某某通", "某某app")
    verdict = client.post(f"/gate/photos/{recognition.pk}/", {"text": corrected}).content.decode()
    assert "可以拒绝：属于减负清单" in verdict and "某某app" in verdict and "<mark" in verdict
    assert f'name="recognition" value="{recognition.pk}"' in verdict
    recognition.refresh_from_db()
    assert recognition.corrected_text == corrected
    assert AuditEvent.objects.filter(action="recognition.done", object_id=str(recognition.pk)).exists()
    assert AuditEvent.objects.filter(action="recognition.correct", object_id=str(recognition.pk)).exists()


def _record_refusal(client, recognition, token: str):
    return client.post(
        "/gate/refusals/new/",
        {
            "content": recognition.final_text,
            "form_token": token,
            "recognition": str(recognition.pk),
            "school": world_school_pk(recognition),
            "requester_text": "某某公司",
            "channel": "wechat_group",
            "received_on": "2021-05-06",
        },
    )


def world_school_pk(recognition) -> int:
    from jianfu.org.models import Role, RoleAssignment

    return RoleAssignment.objects.filter(user=recognition.owner, role=Role.PRINCIPAL).first().school_id


def _token_of(page: str) -> str:
    return page.split('name="form_token" value="')[1].split('"')[0]


def test_a_refusal_from_the_photo_keeps_it_with_the_corrected_text_quoted_and_searchable(world, client_for, photo):
    client = client_for(world.principal)
    client.post("/gate/screen/", {"file": upload(photo, "通知.png")})
    call_command("worker", "--once")
    recognition = Recognition.objects.get()
    corrected = NOTICE.replace("某某通", "某某app")
    first = client.post(f"/gate/photos/{recognition.pk}/", {"text": corrected}).content.decode()
    recognition.refresh_from_db()
    assert _record_refusal(client, recognition, _token_of(first)).status_code == 302
    refusal = Refusal.objects.get()
    evidence = Evidence.objects.get(refusal=refusal)
    assert evidence.kind == "png" and evidence.recognised_text == corrected and evidence.recognition == recognition
    assert Recognition.objects.get().purpose == Purpose.REFUSAL_EVIDENCE
    letter = "".join(refusal_letter(refusal).paragraphs)
    assert "照片" in letter and "某某app" in letter

    # Back to the correction, submitted again: a fresh form, but the same photos make no second refusal.
    again = client.post(f"/gate/photos/{recognition.pk}/", {"text": corrected}).content.decode()
    assert _record_refusal(client, recognition, _token_of(again)).status_code == 302
    assert Refusal.objects.count() == 1 and Evidence.objects.count() == 1

    bureau = client_for(world.county_officer)
    assert refusal.title in bureau.get("/gate/refusals/", {"q": "某某app"}).content.decode()
    assert refusal.title not in bureau.get("/gate/refusals/", {"q": "没有这样的字"}).content.decode()
    assert "某某公司" in bureau.get("/gate/cases/", {"q": "某某app"}).content.decode()
