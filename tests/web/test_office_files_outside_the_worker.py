"""Every .xlsx and .docx download is written by a short-lived child process (jianfu/documents/office.py), never
in the web worker: openpyxl and python-docx stayed in a worker for the rest of its life after one download
(issue 17: 143 MiB after 1,000 requests with downloads). A child that fails, hangs or writes half a file answers
a Chinese message and no file, never a 500 or a broken download (the failures of both kinds of child are
tested together in test_pdf_outside_the_worker.py)."""

import io
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal

from django.test import override_settings
from docx import Document
from openpyxl import load_workbook

from jianfu.documents.office import Workbook
from jianfu.documents.sheets import append_row
from jianfu.monitoring.report_services import report_draft
from tests.registry.conftest import filed
from tests.registry.test_lifecycle import register
from tests.web.test_pdf_outside_the_worker import SLEEPS, forgotten, in_february_2021  # noqa: F401  autouse

WRITERS = ("openpyxl", "docx")


def words_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "".join([p.text for p in document.paragraphs] + cells)


def cells_of(xlsx: bytes) -> list:
    book = load_workbook(io.BytesIO(xlsx))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_a_certificate_downloaded_as_docx_is_a_real_document_written_without_python_docx_in_the_worker(
    world, client_for
):
    demand = register(world, filed(world))
    with forgotten(*WRITERS) as loaded:
        response = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.docx")
    assert response.status_code == 200 and loaded == []
    words = words_of(response.content)
    assert "涉校事项登记备案证明" in words and demand.registration_number in words


def test_the_public_annual_list_as_xlsx_is_a_real_workbook_written_without_openpyxl_in_the_worker(world, client):
    demand = register(world, filed(world))
    with forgotten(*WRITERS) as loaded:
        response = client.get("/lists/2021/520402.xlsx")
    assert response.status_code == 200 and loaded == []
    assert demand.registration_number in cells_of(response.content)


def test_the_county_officer_s_roster_export_is_a_real_workbook_written_without_openpyxl_in_the_worker(
    world, client_for
):
    with forgotten(*WRITERS) as loaded:
        response = client_for(world.county_officer).get("/roster/schools/export.xlsx")
    assert response.status_code == 200 and loaded == []
    assert world.xixiu_school.name in cells_of(response.content)


def test_a_county_report_as_docx_keeps_its_tables_and_charts_written_without_python_docx_in_the_worker(
    world, client_for
):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    with forgotten(*WRITERS) as loaded:
        response = client_for(world.county_officer).get(f"/monitoring/reports/{report.pk}/report.docx")
    assert response.status_code == 200 and loaded == []
    document = Document(io.BytesIO(response.content))
    assert "西秀区2021年教师减负情况报告" in words_of(response.content)
    assert document.tables and document.inline_shapes  # the figures' tables and the charts' pictures


@override_settings(OFFICE_RENDER_COMMAND=SLEEPS, PDF_RENDER_SECONDS=0.5)
def test_a_workbook_that_takes_too_long_answers_503_saying_so_in_chinese_and_no_file(world, client):
    register(world, filed(world))
    response = client.get("/lists/2021/520402.xlsx")
    assert response.status_code == 503 and "Content-Disposition" not in response
    page = response.content.decode()
    assert "文件未能在 0.5 秒内生成，未下载任何内容" in page and "Traceback" not in page
    assert "<h1>文件未能生成</h1>" in page


def test_values_keep_their_types_through_the_child_and_strings_stay_text():
    book = Workbook()
    sheet = book.create_sheet("样例")
    row = ["=SUM(1,2)", 42, 2.5, Decimal("12345.67"), date(2021, 2, 22), datetime(2021, 2, 22, 10, 30), None, True]
    append_row(sheet, row)
    cells = [cell for line in load_workbook(io.BytesIO(book.xlsx())).active.iter_rows() for cell in line]
    assert [cell.value for cell in cells] == [
        "=SUM(1,2)",
        42,
        2.5,
        12345.67,
        datetime(2021, 2, 22),
        datetime(2021, 2, 22, 10, 30),
        None,
        True,
    ]
    assert cells[0].data_type == "s" and cells[0].quotePrefix


def test_the_child_writes_a_workbook_without_loading_django():
    lines = b'["xlsx", null]\n["sheet", "\\u540d\\u5355"]\n["row", ["\\u51cf\\u8d1f\\u901a", 1]]\n'
    child = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jianfu.documents.render_office"],
        input=lines,
        capture_output=True,
        check=True,
    )
    assert cells_of(child.stdout) == ["减负通", 1]
    imported = {line.rsplit("|", 1)[-1].strip() for line in child.stderr.decode().splitlines() if "|" in line}
    assert "openpyxl" in imported and not {name for name in imported if name.startswith("django")}
