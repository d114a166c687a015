"""The screening page and API: paste, upload, and bad input answered clearly, never a 500."""

import io
import json

from docx import Document

NOTICE = "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。"


def test_pasted_text_is_screened_with_the_evidence_marked(world, client_for):
    page = client_for(world.principal).post("/gate/screen/", {"text": NOTICE}).content.decode()
    assert "可以拒绝：属于减负清单" in page and "<mark" in page and "记录拒绝" in page


def test_an_uploaded_docx_is_screened(world, client_for):
    document = Document()
    document.add_paragraph(NOTICE)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "notice.docx"
    page = client_for(world.principal).post("/gate/screen/", {"file": buffer}).content.decode()
    assert "可以拒绝" in page


def test_an_empty_or_oversized_notice_answers_400_with_a_message_not_an_error(world, client_for):
    client = client_for(world.principal)
    empty = client.post("/gate/screen/", {"text": "  "})
    assert empty.status_code == 400 and "通知内容是空的" in empty.content.decode()
    big = io.BytesIO(b"%PDF-" + b"\0" * (20 * 1024 * 1024))
    big.name = "big.pdf"
    response = client.post("/gate/screen/", {"file": big})
    assert response.status_code == 400 and "超过 10 MB" in response.content.decode()


def test_the_api_screens_text_and_refuses_empty_text(world, client_for):
    client = client_for(world.county_officer)
    body = client.post("/api/v1/screen", json.dumps({"text": NOTICE}), content_type="application/json").json()
    assert body["verdict"] == "refusable" and body["negative_list_items"] == [7]
    empty = client.post("/api/v1/screen", json.dumps({"text": ""}), content_type="application/json")
    assert empty.status_code == 422 and "通知内容是空的" in empty.json()["detail"]


def test_a_refusal_with_an_unknown_channel_is_refused_with_the_field_named(world, client_for):
    from jianfu.gate.models import Refusal

    page = (
        client_for(world.principal)
        .post(
            "/gate/refusals/new/",
            {
                "school": world.xixiu_school.pk,
                "channel": "pigeon",
                "received_on": "2021-05-06",
                "content": NOTICE,
                "requester_text": "某局",
            },
            follow=True,
        )
        .content.decode()
    )
    assert "提出方式：请选择" in page and not Refusal.objects.exists()
