"""Every uploaded file the platform serves back (attachments, inspection results, refusal evidence) is a
download in a sandbox: saved, never rendered inline, never type-sniffed, and named by its real type."""

from datetime import date
from urllib.parse import unquote

from jianfu.documents.uploads import download_name
from jianfu.gate.services import refusal_record
from jianfu.registry.sharing import attachment_add, result_file
from tests.registry.test_lifecycle import register

# A PDF with JavaScript that runs when a browser renders it inline.
ACTIVE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"3 0 obj<</S/JavaScript/JS(app.alert(document.cookie))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_sandboxed_download(response, filename: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert filename in unquote(response["Content-Disposition"])
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert body(response) == ACTIVE_PDF


def test_an_attachment_named_html_is_served_as_a_sandboxed_pdf_download(world, file_demand, client_for):
    demand = file_demand()
    attachment = attachment_add(acting_user=world.department_clerk, demand=demand, name="通知.html", data=ACTIVE_PDF)
    response = client_for(world.county_officer).get(f"/demands/{demand.pk}/attachments/{attachment.pk}")
    assert_sandboxed_download(response, "通知.pdf")
    assert "filename*=utf-8''%E9%80%9A%E7%9F%A5.pdf" in response["Content-Disposition"]


def test_an_inspection_result_is_served_as_a_sandboxed_download(world, file_demand, client_for):
    demand = register(world, file_demand())
    result = result_file(
        acting_user=world.department_clerk,
        demand=demand,
        school=world.xixiu_school,
        summary="食堂证照齐全。",
        name="结果.pdf",
        data=ACTIVE_PDF,
    )
    response = client_for(world.county_officer).get(f"/results/{result.pk}/file")
    assert_sandboxed_download(response, f"-{world.xixiu_school.code}.pdf")


def test_refusal_evidence_is_served_as_a_sandboxed_download(world, client_for):
    refusal = refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="wechat_group",
        received_on=date(2021, 2, 20),
        content="创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。",
        requester_unit=world.unit("520402-WMB"),
        files=(("截图.pdf", ACTIVE_PDF),),
    )
    evidence = refusal.evidence.get()
    response = client_for(world.principal).get(f"/gate/refusals/{refusal.pk}/evidence/{evidence.pk}")
    assert_sandboxed_download(response, f"evidence-{evidence.pk}.pdf")


def test_the_saved_name_keeps_the_uploaders_words_but_the_real_extension():
    assert download_name("通知.html", "pdf") == "通知.pdf"
    assert download_name("2021.09.检查方案.docx", "docx") == "2021.09.检查方案.docx"
    assert download_name("..\\..\\windows\\evil.exe", "png") == "evil.png"
    assert download_name(".pdf", "pdf") == "file.pdf"
