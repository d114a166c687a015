"""A principal's photos of a notice: stored and queued by the page (never read in the request), read by
the worker, corrected by the principal, screened, and kept as a refusal's evidence with the text."""

import pytest
from django.core.management import call_command

from jianfu.audit.models import AuditEvent
from jianfu.gate.letters import refusal_letter
from jianfu.gate.models import Evidence, Refusal
from jianfu.ocr.models import Purpose, Recognition, State
from tests.ocr.images import notice_photo, upload

NOTICE = "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。"


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
    resubmitted = _record_refusal(client, recognition, _token_of(again))
    assert resubmitted["Location"] == f"/gate/refusals/{refusal.pk}/"
    assert "这些照片的拒绝已经记录过" in client.get(resubmitted["Location"]).content.decode()
    assert Refusal.objects.count() == 1 and Evidence.objects.count() == 1

    bureau = client_for(world.county_officer)  # the same test client, now the bureau's
    shown = bureau.get(f"/gate/cases/{refusal.case.pk}/").content.decode()
    assert "照片中识别并经学校核对的文字" in shown and "通知.png" in shown
    assert refusal.title in bureau.get("/gate/refusals/", {"q": "某某app"}).content.decode()
    assert refusal.title not in bureau.get("/gate/refusals/", {"q": "没有这样的字"}).content.decode()
    assert "某某公司" in bureau.get("/gate/cases/", {"q": "某某app"}).content.decode()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header declares ten billion pixels, with almost no data: a decompression bomb."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = b"IDAT" + zlib.compress(b"\0" * 64)
    idat = struct.pack(">I", len(data) - 4) + data + struct.pack(">I", zlib.crc32(data))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + end


def test_a_decompression_bomb_fails_its_recognition_with_the_reason_shown(world, client_for):
    client = client_for(world.principal)
    client.post("/gate/screen/", {"file": upload(bomb_png(), "bomb.png")})
    call_command("worker", "--once")
    recognition = Recognition.objects.get()
    assert recognition.state == State.FAILED and "bomb.png" in recognition.error
    page = client.get(f"/gate/photos/{recognition.pk}/").content.decode()
    assert "识别失败" in page and "bomb.png" in page and "<textarea" not in page
    assert AuditEvent.objects.filter(action="recognition.failed", object_id=str(recognition.pk)).exists()


def test_a_scan_and_a_heic_photo_are_read_as_one_notice(world, client_for):
    from tests.ocr.images import heic_of, notice_scan_pdf

    client = client_for(world.principal)
    files = [upload(notice_scan_pdf(["第一页：请全体教师下载某某通APP。"]), "扫描.pdf")]
    files.append(upload(heic_of(notice_photo("第二页：注册率纳入年度考核。")), "IMG_0002.HEIC"))
    client.post("/gate/screen/", {"file": files})
    call_command("worker", "--once")
    recognition = Recognition.objects.get()
    assert [image.kind for image in recognition.images.all()] == ["pdf", "heic"]
    assert recognition.state == State.DONE and recognition.pages_total == 2
    assert recognition.text.index("下载") < recognition.text.index("年度考核")
    page = client.get(f"/gate/photos/{recognition.pk}/").content.decode()
    assert "此格式不能在网页中显示" in page  # a HEIC or PDF is named, not drawn


def test_a_chat_screenshots_names_and_times_are_shown_apart_and_not_screened(world, client_for):
    from tests.ocr.images import chat_screenshot

    shot = chat_screenshot(
        [
            ("王主任", "昨天 08:15", "请各位家长今晚在学习强国APP完成答题并截图发到群里"),
            ("我", "10:32", "收到"),
            ("李校长", "星期三 10:40", "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核"),
        ]
    )
    client = client_for(world.principal)
    client.post("/gate/screen/", {"file": upload(shot, "截图.png")})
    call_command("worker", "--once")
    recognition = Recognition.objects.get()
    assert "王主任" not in recognition.text and "王主任" in " ".join(recognition.set_apart)
    page = client.get(f"/gate/photos/{recognition.pk}/").content.decode()
    textarea = page.split("<textarea")[1].split("</textarea>")[0]
    assert "王主任" in page.split("不参与审查")[1] and "王主任" not in textarea


def test_doubtful_characters_are_cut_out_for_marking():
    from jianfu.ocr.views import marked

    assert marked("请下载某某通", [[3, 5]]) == [("请下载", False), ("某某", True), ("通", False)]
    assert marked("abc", [[5, 9], [1, 1]]) == [("abc", False)]


def test_a_refusal_form_sent_back_keeps_the_photos_it_carries(world, client_for, photo):
    client = client_for(world.principal)
    client.post("/gate/screen/", {"file": upload(photo, "通知.png")})
    call_command("worker", "--once")
    recognition = Recognition.objects.get()
    verdict = client.post(f"/gate/photos/{recognition.pk}/", {"text": NOTICE}).content.decode()
    form = {"content": NOTICE, "form_token": _token_of(verdict), "recognition": str(recognition.pk)}
    again = client.post("/gate/refusals/new/", form | {"school": world.xixiu_school.pk, "channel": "phone"})
    assert again.status_code == 400 and "提出单位" in again.content.decode()
    assert f'name="recognition" value="{recognition.pk}"' in again.content.decode()
    stranger = client_for(world.county_officer).post("/gate/refusals/new/", form)
    assert stranger.status_code == 404 and not Refusal.objects.exists()
