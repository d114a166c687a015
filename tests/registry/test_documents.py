"""The registration certificate (docx, pdf) and the published annual list (xlsx, pdf), read back."""

import io
import subprocess

from docx import Document
from openpyxl import load_workbook

from tests.registry.test_lifecycle import register


def pdf_text(data: bytes) -> str:
    # Lines break wherever the layout wraps them; the reader cares about the words.
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return out.replace("\n", "")


def test_the_certificate_pdf_names_the_number_the_clause_document_and_carries_the_qr(world, file_demand, client_for):
    demand = register(world, file_demand())
    response = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "涉校事项登记备案证明" in text and demand.registration_number in text
    assert "安市办通字〔2021〕3号" in text and demand.verification_code in text


def test_the_certificate_docx_has_the_same_facts_and_a_picture(world, file_demand, client_for):
    demand = register(world, file_demand())
    data = client_for(world.county_officer).get(f"/demands/{demand.pk}/certificate.docx").content
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for row in t.rows for c in row.cells
    )
    assert demand.registration_number in text and "西秀区卫生健康局" in text
    assert len(document.inline_shapes) == 1


def test_an_unregistered_demand_has_no_certificate_and_outsiders_get_not_found(world, file_demand, client_for):
    draft = file_demand()
    assert client_for(world.department_clerk).get(f"/demands/{draft.pk}/certificate.pdf").status_code == 404
    demand = register(world, file_demand(title="另一项"))
    assert client_for(world.other_county_officer).get(f"/demands/{demand.pk}/certificate.pdf").status_code == 404


def test_the_annual_list_downloads_as_xlsx_and_pdf_for_anyone(world, file_demand, client):
    demand = register(world, file_demand())
    file_demand(title="未登记的草稿")
    rows = list(load_workbook(io.BytesIO(client.get("/lists/2021/520402.xlsx").content)).active.values)
    assert rows[1][0] == "备案号" and rows[2][0] == demand.registration_number and len(rows) == 3
    text = pdf_text(client.get("/lists/2021/520402.pdf").content)
    assert "西秀区2021年度涉校事项清单" in text and demand.registration_number in text
    assert client.get("/lists/2021/520402.exe").status_code == 404
