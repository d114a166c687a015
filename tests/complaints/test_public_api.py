"""The public complaint API: anyone files and tracks without a token, a session or a CSRF token; the
receipt and passphrase travel in the body; an unknown receipt and a wrong passphrase answer alike."""

import base64
import io
import json

from django.test import Client
from PIL import Image

from jianfu.complaints.models import Complaint
from jianfu.complaints.services import act, ask
from jianfu.workflow.complaint import Action, Finding

PASSPHRASE = "青山绿水常在，初心依旧不变"
SMALLEST = {"accused_unit": "520402-WJJ", "content": "区卫健局要求教师周末上街执勤。", "passphrase": PASSPHRASE}


def post(path: str, body: dict, client: Client | None = None):
    client = client or Client(enforce_csrf_checks=True)
    return client.post(path, json.dumps(body), content_type="application/json")


def photo_base64() -> str:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (20, 20)).save(out, format="JPEG", exif=exif.tobytes())
    return base64.b64encode(out.getvalue()).decode()


def test_the_smallest_filing_answers_201_with_receipt_state_and_due(world):
    response = post("/api/v1/complaints", SMALLEST)

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"receipt", "state", "due"}
    assert body["state"] == "received" and body["due"]
    assert len(body["receipt"].replace("-", "")) == 20
    assert not response.cookies


def test_evidence_in_base64_is_stored_without_its_metadata(world):
    response = post("/api/v1/complaints", SMALLEST | {"evidence": [{"content_base64": photo_base64()}]})

    assert response.status_code == 201, response.content
    stored = Complaint.objects.get().evidence.get()
    assert stored.kind == "jpg" and b"PhoneMaker" not in stored.file.read()


def test_bad_base64_evidence_is_refused_naming_the_file_and_the_fix(world):
    response = post("/api/v1/complaints", SMALLEST | {"evidence": [{"content_base64": "not base64!"}]})

    assert response.status_code == 422
    assert response.json() == {"detail": response.json()["detail"], "field": "evidence"}
    assert "证据1" in response.json()["detail"] and "Base64" in response.json()["detail"]
    assert Complaint.objects.count() == 0


def test_a_short_passphrase_is_refused_with_the_field_named(world):
    response = post("/api/v1/complaints", SMALLEST | {"passphrase": "123456"})

    assert response.status_code == 422
    assert response.json()["field"] == "passphrase" and "12" in response.json()["detail"]


def test_tracking_answers_state_due_and_messages_and_the_filer_replies(world):
    receipt = post("/api/v1/complaints", SMALLEST).json()["receipt"]
    complaint = Complaint.objects.get()
    for action in (Action.ACCEPT, Action.ASSIGN, Action.INVESTIGATE):
        act(complaint.pk, world.county_officer, action)
    ask(complaint.pk, world.county_officer, "通知是哪天下发的？")

    tracked = post("/api/v1/complaints/track", {"receipt": receipt.lower(), "passphrase": PASSPHRASE})
    replied = post(
        "/api/v1/complaints/reply",
        {
            "receipt": receipt,
            "passphrase": PASSPHRASE,
            "body": "3 月 5 日。",
            "evidence": [{"content_base64": photo_base64()}],
        },
    )

    assert tracked.status_code == 200, tracked.content
    body = tracked.json()
    assert body["state"] == "investigating" and body["due"]
    assert body["messages"] == [
        {"side": "investigator", "body": "通知是哪天下发的？", "sent_on": body["messages"][0]["sent_on"], "evidence": 0}
    ]
    assert replied.status_code == 201
    assert replied.json()["messages"][-1] == {
        "side": "filer",
        "body": "3 月 5 日。",
        "sent_on": body["messages"][0]["sent_on"],
        "evidence": 1,
    }


def test_the_filer_reads_the_finding_and_answer_and_asks_for_review(world):
    receipt = post("/api/v1/complaints", SMALLEST).json()["receipt"]
    complaint = Complaint.objects.get()
    for action, text, finding in (
        (Action.ACCEPT, "", None),
        (Action.ASSIGN, "", None),
        (Action.INVESTIGATE, "", None),
        (Action.RECORD_FINDING, "经查不属实。", Finding.UNSUBSTANTIATED),
        (Action.ANSWER, "经查，未发现您反映的情况。", None),
    ):
        act(complaint.pk, world.county_officer, action, text=text, finding=finding)

    answered = post("/api/v1/complaints/track", {"receipt": receipt, "passphrase": PASSPHRASE}).json()
    review = post("/api/v1/complaints/review", {"receipt": receipt, "passphrase": PASSPHRASE, "reason": "有照片为证。"})

    assert answered["finding"] == "unsubstantiated" and answered["answer"] == "经查，未发现您反映的情况。"
    assert review.status_code == 200 and review.json()["state"] == "reviewing"


def test_an_unknown_receipt_and_a_wrong_passphrase_answer_404_with_the_same_body(world):
    receipt = post("/api/v1/complaints", SMALLEST).json()["receipt"]

    wrong = post("/api/v1/complaints/track", {"receipt": receipt, "passphrase": "这不是那个密码这不是"})
    unknown = post("/api/v1/complaints/track", {"receipt": "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", "passphrase": PASSPHRASE})
    reply = post("/api/v1/complaints/reply", {"receipt": receipt, "passphrase": "这不是那个密码这不是", "body": "x"})

    assert wrong.status_code == unknown.status_code == reply.status_code == 404
    assert wrong.content == unknown.content == reply.content


def test_a_token_or_a_session_is_neither_needed_nor_used_for_filing(world, client_for):
    signed_in = client_for(world.teacher)

    response = post("/api/v1/complaints", SMALLEST, client=signed_in)

    assert response.status_code == 201
    assert not Complaint.objects.get().named  # a session never turns an API filing into a named one
