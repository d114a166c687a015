"""Reading a notice from txt, docx and pdf, and every kind of bad input: a clear Chinese message."""

import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader, PdfWriter

from jianfu.documents.official import OfficialDocument, to_pdf
from jianfu.gate.texts import NeedsRecognition, NoticeUnreadable, notice_text

NOTICE = "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。"


def docx_of(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_and_a_pdf_give_their_text():
    assert NOTICE in notice_text("n.docx", docx_of(NOTICE))
    pdf = to_pdf(OfficialDocument(title="关于安装APP的通知", paragraphs=(NOTICE,)))
    assert "实名注册" in notice_text("n.pdf", pdf).replace("\n", "")


def test_gb18030_text_is_read():
    assert notice_text("n.txt", NOTICE.encode("gb18030")) == NOTICE


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("empty.txt", b"   ", "通知内容是空的"),
        ("big.pdf", b"%PDF-" + b"\0" * (20 * 1024 * 1024), "超过 10 MB"),
        ("broken.docx", b"PK\x03\x04" + b"\0" * 100, "不是 txt、docx 或 pdf"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "已损坏"),
        ("english.txt", b"Please ask all teachers to install the app by Friday.", "通知不是中文"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "不是 txt、docx 或 pdf"),
    ],
)
def test_bad_notices_are_refused_with_the_reason(name, data, says):
    with pytest.raises(NoticeUnreadable, match=says):
        notice_text(name, data)


def test_an_encrypted_pdf_is_refused():
    source = PdfReader(io.BytesIO(to_pdf(OfficialDocument(title="通知", paragraphs=(NOTICE,)))))
    writer = PdfWriter()
    writer.append(source)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(NoticeUnreadable, match="加密的 PDF"):
        notice_text("locked.pdf", buffer.getvalue())


def test_a_scanned_pdf_without_a_text_layer_is_handed_to_recognition():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(NeedsRecognition, match="需要先识别文字"):
        notice_text("scan.pdf", buffer.getvalue())


def test_the_command_screens_a_file_and_prints_json(tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(docx_of(NOTICE))
    out = StringIO()
    call_command("screen", str(path), "--json", stdout=out)
    assert '"verdict": "refusable"' in out.getvalue() and '"negative_list_items": [7]' in out.getvalue()
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("screen", str(tmp_path / "missing.pdf"), stdout=StringIO())


def test_the_batch_mode_answers_line_by_line_in_order(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"text": "请教师到路口执勤。"}\nnot json\n{"text": "请各校做好期末考试安排。"}\n', encoding="utf-8"
    )
    out = StringIO()
    call_command("screen", "--jsonl", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and '"negative_list_items": [15]' in lines[0]
    assert '"line": 2' in lines[1] and '"verdict": "no_finding"' in lines[2]


def test_the_batch_mode_names_a_wrong_worker_count_and_a_missing_file(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"text": "请教师到路口执勤。"}\n', encoding="utf-8")
    for wrong in ("0", "two"):
        with pytest.raises(CommandError, match=f"--jobs 须是正整数（收到「{wrong}」）"):
            call_command("screen", "--jsonl", str(path), "--jobs", wrong, stdout=StringIO())
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("screen", "--jsonl", str(tmp_path / "missing.jsonl"), stdout=StringIO())


def test_the_evaluation_report_lists_every_item(tmp_path):
    out = StringIO()
    call_command("screen", "--evaluate", "tests/gate/devset.jsonl", stdout=out)
    assert "样本 217 条：减负事项被识别" in out.getvalue() and out.getvalue().count("%") >= 19 * 2 + 3


def test_the_evaluation_reports_the_calibration_of_the_burden_probability():
    out = StringIO()
    call_command("screen", "--evaluate", "tests/gate/devset.jsonl", "--json", stdout=out)
    report = json.loads(out.getvalue())
    bands = report["calibration"]
    assert (bands[0]["from"], bands[0]["to"], bands[-1]["to"]) == (0.0, 0.1, 1.0)
    # Every judged notice falls in one band; the surest band holds mostly burdens, the least sure few.
    assert 0 < sum(b["notices"] for b in bands) <= report["size"]
    assert bands[-1]["burden_share"] > 0.8 > 0.2 > bands[0]["burden_share"]
