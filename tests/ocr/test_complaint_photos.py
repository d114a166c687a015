"""A complaint's photo of the notice: read by the worker after filing, its text kept with the evidence
and searched by the bureau's complaint list, with nothing of the filer stored with it."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from jianfu.audit.models import AuditEvent
from jianfu.complaints.models import Complaint
from jianfu.ocr.models import Purpose, Recognition, State
from tests.ocr.images import notice_photo

PASSPHRASE = "青山绿水常在，初心依旧不改"
NOTICE = "请各校组织全体教师周末到街道开展文明城市创建执勤，每日上报执勤照片。"


@pytest.fixture
def filed_with_a_photo(world):
    sender = Client()
    page = sender.get("/complaints/new/").content.decode()
    photo = io.BytesIO(notice_photo(NOTICE))
    photo.name = "IMG_0001.png"
    filing = {
        "accused": "520402-WJJ",
        "content": "区里要求教师周末上街执勤。",
        "passphrase": PASSPHRASE,
        "passphrase_again": PASSPHRASE,
        "form_token": re.search(r'name="form_token" value="([^"]+)"', page).group(1),
        "intent": "file",
        "evidence": photo,
    }
    assert sender.post("/complaints/new/", filing).status_code == 201
    return Complaint.objects.get()


def test_a_complaints_photo_is_queued_with_no_owner_and_read_by_the_worker(filed_with_a_photo):
    evidence = filed_with_a_photo.evidence.get()
    recognition = evidence.recognition
    assert recognition.state == State.QUEUED and recognition.owner is None
    assert recognition.purpose == Purpose.COMPLAINT_EVIDENCE
    assert AuditEvent.objects.get(action="recognition.create", object_id=str(recognition.pk)).actor_id is None

    call_command("worker", "--once")
    recognition = Recognition.objects.get()
    assert recognition.state == State.DONE and "文明城市" in recognition.text


def test_the_bureau_finds_the_complaint_by_the_words_in_its_photo(world, client_for, filed_with_a_photo):
    call_command("worker", "--once")
    bureau = client_for(world.county_officer)
    found = bureau.get("/complaints/cases/", {"q": "执勤照片"}).content.decode()
    assert f"/complaints/cases/{filed_with_a_photo.pk}/" in found
    missed = bureau.get("/complaints/cases/", {"q": "没有这样的字"}).content.decode()
    assert f"/complaints/cases/{filed_with_a_photo.pk}/" not in missed
    case = bureau.get(f"/complaints/cases/{filed_with_a_photo.pk}/").content.decode()
    assert "照片中识别出的文字" in case and "执勤照片" in case


def test_a_complaints_photo_is_never_shown_on_the_recognition_pages(world, client_for, filed_with_a_photo):
    recognition = filed_with_a_photo.evidence.get().recognition
    for user in (world.county_officer, world.principal):
        assert client_for(user).get(f"/gate/photos/{recognition.pk}/").status_code == 404


def test_a_heic_photo_is_kept_as_a_jpeg_and_read(world):
    from jianfu.complaints.services import file_complaint
    from tests.ocr.images import heic_of

    filed = file_complaint(
        accused="520402-WJJ",
        content="区里要求教师周末上街执勤。",
        passphrase=PASSPHRASE,
        evidence=[("IMG_0002.HEIC", heic_of(notice_photo(NOTICE)))],
    )
    evidence = filed.complaint.evidence.get()
    assert evidence.kind == "jpg" and evidence.file.read(3) == b"\xff\xd8\xff"
    call_command("worker", "--once")
    assert "文明城市" in Recognition.objects.get().text
