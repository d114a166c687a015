"""Every PDF is drawn by a short-lived child process (jianfu/documents/pdf.py), never in the web worker: a worker
that had drawn PDFs carried 400–600 MiB for the rest of its life (issue 17). A child that fails or hangs answers
a Chinese message and no file, never a 500 or half a PDF."""

import fcntl
import io
import json
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from pypdf import PdfReader

from jianfu.documents.official import OfficialDocument, Table, page_html
from jianfu.documents.pdf import PdfNotMade, pdf_from_html
from jianfu.documents.qr import QrCode
from jianfu.documents.render_pdf import ROWS, table_body
from tests.registry.conftest import filed
from tests.registry.test_lifecycle import register

SLEEPS = [sys.executable, "-c", "import time; time.sleep(60)"]
HALF_A_PDF = [sys.executable, "-c", "import sys; sys.stdout.write('%PDF-1.7 half of it'); sys.exit(0)"]
# The first bytes of a workbook or a letter, cut off before the zip's central directory: what a killed child leaves.
HALF_A_ZIP = [sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'PK\\x03\\x04' + bytes(400))"]
FAILS = [sys.executable, "-c", "import sys; sys.stderr.write('Pango broke'); sys.exit(1)"]


@pytest.fixture(autouse=True)
def in_february_2021():
    with time_machine.travel(datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


@contextmanager
def forgotten(*tops: str):
    """This process as a fresh worker sees it: without these libraries, whatever an earlier test imported
    (tests/complaints/test_scrub.py draws its samples in process); yields the list that, after the block, names
    those the block imported; the others are put back afterwards."""
    kept = {name: module for name, module in sys.modules.items() if name.partition(".")[0] in tops}
    for name in kept:
        del sys.modules[name]
    loaded = []
    try:
        yield loaded
    finally:
        loaded += sorted({name.partition(".")[0] for name in sys.modules if name.partition(".")[0] in tops})
        sys.modules.update(kept)


def weasyprint_forgotten():
    return forgotten("weasyprint")


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def test_a_certificate_downloaded_through_its_page_is_a_real_pdf_drawn_without_weasyprint_in_the_worker(
    world, client_for
):
    demand = register(world, filed(world))
    with weasyprint_forgotten():
        response = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.pdf")
        loaded = sorted(name for name in sys.modules if name.partition(".")[0] == "weasyprint")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert loaded == []
    text = text_of(response.content)
    assert "涉校事项登记备案证明" in text and demand.registration_number in text


def test_the_annual_list_pdf_for_anyone_is_drawn_and_its_qr_codes_made_without_weasyprint_or_segno_in_the_worker(
    world, client, settings
):
    settings.JIANFU_PUBLIC_URL = "https://jianfu.example.cn"
    demand = register(world, filed(world))
    with forgotten("weasyprint", "segno") as loaded:
        response = client.get("/lists/2021/520402.pdf")
    assert response.status_code == 200 and loaded == []
    assert demand.registration_number in text_of(response.content)
    assert len(PdfReader(io.BytesIO(response.content)).pages[0].images) == 1  # the row's QR code, drawn by the child


@override_settings(PDF_RENDER_COMMAND=SLEEPS, PDF_RENDER_SECONDS=0.5)
def test_a_pdf_that_takes_too_long_answers_503_saying_so_in_chinese_and_no_file(world, client_for):
    demand = register(world, filed(world))
    response = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.pdf")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html") and "Content-Disposition" not in response
    page = response.content.decode()
    assert "PDF 文件未能在 0.5 秒内生成，未下载任何内容" in page and "Traceback" not in page


@pytest.mark.parametrize(
    ("kind", "command", "message"),
    [
        ("pdf", FAILS, "PDF 文件生成失败，未下载任何内容；请稍后重试"),
        ("pdf", HALF_A_PDF, "PDF 文件生成失败，未下载任何内容；请稍后重试"),
        ("docx", FAILS, "文件生成失败，未下载任何内容；请稍后重试"),
        ("docx", HALF_A_ZIP, "文件生成失败，未下载任何内容；请稍后重试"),
    ],
    ids=["pdf exits with an error", "pdf stops after half a file", "docx exits with an error", "docx half a file"],
)
def test_a_child_that_fails_or_writes_half_a_file_answers_503_and_no_file(world, client_for, kind, command, message):
    demand = register(world, filed(world))
    with override_settings(PDF_RENDER_COMMAND=command, OFFICE_RENDER_COMMAND=command):
        response = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.{kind}")
    assert response.status_code == 503 and "Content-Disposition" not in response
    assert message in response.content.decode()


def test_the_report_command_draws_its_pdf_the_same_way_and_prints_the_message_when_it_fails(world, tmp_path):
    output = tmp_path / "report.pdf"
    with weasyprint_forgotten():
        call_command("report", "county", "--county", "520402", "--year", "2021", "--output", str(output))
        assert not [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]
    assert "西秀区" in text_of(output.read_bytes())
    failed = tmp_path / "failed.pdf"
    with override_settings(PDF_RENDER_COMMAND=FAILS), pytest.raises(CommandError, match="PDF 文件生成失败"):
        call_command("report", "county", "--county", "520402", "--year", "2021", "--output", str(failed))
    assert not failed.exists()


def test_when_every_place_for_a_child_is_taken_the_pdf_answers_503_saying_to_try_again(world, client_for, settings):
    demand = register(world, filed(world))
    settings.PDF_CHILDREN_AT_ONCE, settings.PDF_RENDER_SECONDS = 1, 0.5
    (settings.VAR_DIR / "pdf-slots").mkdir(parents=True, exist_ok=True)
    with open(settings.VAR_DIR / "pdf-slots" / "0.lock", "a") as taken:  # another worker's child drawing
        fcntl.flock(taken, fcntl.LOCK_EX)
        response = client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.pdf")
    assert response.status_code == 503 and "Content-Disposition" not in response
    assert "正在生成的 PDF 文件过多，未下载任何内容；请过一两分钟再试" in response.content.decode()
    settings.PDF_RENDER_SECONDS = 120  # the place given back: the next PDF is drawn
    assert client_for(world.department_clerk).get(f"/demands/{demand.pk}/certificate.pdf").status_code == 200


def test_the_child_draws_from_complete_html_without_loading_django():
    html = '<html lang="zh-hans"><body style="font-family: \'Noto Serif CJK SC\'"><p>减负通</p></body></html>'
    child = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jianfu.documents.render_pdf"],
        input=json.dumps({"html": [html], "max_pages": None}).encode(),
        capture_output=True,
        check=True,
    )
    assert "减负通" in text_of(child.stdout)
    imported = {line.rsplit("|", 1)[-1].strip() for line in child.stderr.decode().splitlines() if "|" in line}
    assert "weasyprint" in imported and not {name for name in imported if name.startswith("django")}


def test_of_several_sizes_the_child_keeps_the_first_that_fits_the_pages_allowed():
    long = "<p>" + "减负" * 4000 + "</p>"
    short = "<p>减负</p>"
    pdf = pdf_from_html([long, short], max_pages=1)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert len(PdfReader(io.BytesIO(pdf_from_html([long, short]))).pages) > 1


@pytest.mark.parametrize("address", ["file:///etc/hostname", "http://127.0.0.1:9/picture.png"])
def test_a_picture_from_the_disk_or_the_network_stops_the_child_and_no_pdf_is_made(address):
    with pytest.raises(PdfNotMade, match="PDF 文件生成失败"):
        pdf_from_html(f'<p>减负通</p><img src="{address}">')


def test_an_empty_request_is_refused_by_the_child_as_not_made():
    with pytest.raises(PdfNotMade, match="PDF 文件生成失败"):
        pdf_from_html([])


def test_a_table_s_rows_reach_the_child_as_data_and_are_written_there_escaped():
    # A requester's title is theirs to word: markup in it is printed as text, never read as HTML.
    rows = [["<b>减负</b> & “专项”", {"qr": "https://jianfu.example.cn/v/B5201?a=1&b=2", "alt": '核验 "B5201"'}]]
    body = table_body(rows)
    assert "<td>&lt;b&gt;减负&lt;/b&gt; &amp; “专项”</td>" in body
    assert f'src="{escape(QrCode("https://jianfu.example.cn/v/B5201?a=1&b=2").src)}"' in body
    assert 'alt="核验 &quot;B5201&quot;"' in body and "<b>" not in body
    page = f"<table><tbody>{ROWS}</tbody></table>"
    pdf = pdf_from_html([page], rows=rows)
    assert "<b>减负</b>" in text_of(pdf) and len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_the_worker_s_html_of_a_document_leaves_its_rows_to_the_child():
    table = Table(("名称", "扫码核验"), (("食品安全专项检查", QrCode("https://jianfu.example.cn/v/X1")),))
    html = page_html(OfficialDocument(title="清单", table=table), 1.0)
    assert ROWS in html and "食品安全专项检查" not in html and "<th>扫码核验</th>" in html
