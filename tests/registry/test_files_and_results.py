"""Attachments are typed by content and size-limited; inspection results are filed, shared, and a new
inspection on the same schools and topic is told they exist."""

import io
from datetime import date

import pytest
from docx import Document

from jianfu.documents.uploads import MAX_BYTES, UploadRejected, check_upload
from jianfu.registry.models import Attachment, InspectionResult
from jianfu.registry.precheck import demand_precheck
from jianfu.registry.sharing import result_file
from tests.registry.test_lifecycle import register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def test_real_pdf_docx_and_png_are_accepted_by_their_content():
    assert check_upload("a.pdf", PDF) == "pdf"
    assert check_upload("notice.docx", docx_bytes()) == "docx"
    assert check_upload("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20) == "png"


def test_a_program_renamed_to_pdf_is_refused_naming_the_file():
    with pytest.raises(UploadRejected, match=r"文件「通知\.pdf」的内容不是可接受的类型"):
        check_upload("通知.pdf", b"MZ\x90\x00" + b"\0" * 100)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(UploadRejected, match="超过 10 MB"):
        check_upload("big.pdf", b"%PDF-" + b"\0" * MAX_BYTES)


def test_the_requester_attaches_a_notice_to_a_draft_and_colleagues_download_it(world, file_demand, client_for):
    demand = file_demand()
    client = client_for(world.department_clerk)
    page = client.post(f"/demands/{demand.pk}/attachments/", {"file": io.BytesIO(PDF)}, follow=True)
    assert "已上传附件" in page.content.decode()
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.size) == ("pdf", len(PDF))
    assert b"".join(client.get(f"/demands/{demand.pk}/attachments/{attachment.pk}").streaming_content) == PDF
    assert (
        client_for(world.other_county_officer).get(f"/demands/{demand.pk}/attachments/{attachment.pk}").status_code
        == 404
    )


def test_a_refused_upload_leaves_nothing_behind(world, file_demand, client_for):
    demand = file_demand()
    page = client_for(world.department_clerk).post(
        f"/demands/{demand.pk}/attachments/", {"file": io.BytesIO(b"not a document")}, follow=True
    )
    assert "内容不是可接受的类型" in page.content.decode() and not Attachment.objects.exists()


def test_results_are_filed_and_a_new_inspection_on_the_same_topic_is_warned(world, file_demand, client_for):
    earlier = register(world, file_demand(start=date(2021, 3, 1), end=date(2021, 3, 5)))
    result_file(
        acting_user=world.department_clerk,
        demand=earlier,
        school=world.xixiu_school,
        summary="食堂证照齐全，留样记录完整。",
        name="r.pdf",
        data=PDF,
    )
    assert InspectionResult.objects.get().kind == "pdf"
    later = file_demand(title="2021 年秋季学校食品安全检查", start=date(2021, 9, 6), end=date(2021, 9, 10))
    (finding,) = [f for f in demand_precheck(later).findings if f.rule == "results_already_shared"]
    assert finding.clause == "1.1" and earlier.registration_number in finding.message
    other_topic = file_demand(title="2021 年学校消防安全检查", start=date(2021, 9, 6), end=date(2021, 9, 10))
    assert "results_already_shared" not in {f.rule for f in demand_precheck(other_topic).findings}
    page = client_for(world.county_officer).get("/results/?query=食品").content.decode()
    assert "食堂证照齐全" in page


def test_a_result_for_a_school_outside_the_scope_is_refused(world, file_demand):
    from jianfu.registry.errors import DemandError

    demand = register(world, file_demand())
    with pytest.raises(DemandError, match="不在此事项的范围内"):
        result_file(acting_user=world.department_clerk, demand=demand, school=world.pingba_school, summary="x")


def test_attachments_are_stored_under_their_content_digest(world, file_demand):
    from jianfu.registry.sharing import attachment_add

    demand = file_demand()
    first = attachment_add(acting_user=world.department_clerk, demand=demand, name="通知.pdf", data=PDF)
    second = attachment_add(acting_user=world.department_clerk, demand=demand, name="附件.docx", data=docx_bytes())
    assert first.file.name.startswith(f"demands/{demand.pk}/{first.sha256[:16]}") and first.file.name.endswith(".pdf")
    assert second.file.name != first.file.name and second.sha256 != first.sha256
