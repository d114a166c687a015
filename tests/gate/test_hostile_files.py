"""Hostile notices (zip bombs, self-expanding XML, broken packages, endless PDFs) are refused with a Chinese
message in under a second, on the page as in the reader; none ties up the worker or ends in a 500."""

import io
import time
import zipfile

import pytest
from docx import Document
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from jianfu.gate.texts import MAX_DOCX_PARAGRAPHS, MAX_PDF_PAGES, MAX_TEXT_CHARS, NoticeUnreadable, notice_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARAGRAPH = "<w:p><w:r><w:t>请全体教师下载安装某某通APP并完成实名注册。</w:t></w:r></w:p>"


def docx_parts() -> dict[str, bytes]:
    """The parts of a real .docx as Word's library writes it."""
    buffer = io.BytesIO()
    Document().save(buffer)
    archive = zipfile.ZipFile(buffer)
    return {name: archive.read(name) for name in archive.namelist()}


def docx_with(document_xml: bytes | None = None, *, drop: str = "", stream=None) -> bytes:
    """A .docx whose word/document.xml is replaced (or written chunk by chunk from `stream`), or with a part dropped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in docx_parts().items():
            if name == drop:
                continue
            if name == "word/document.xml" and stream is not None:
                with archive.open(name, "w", force_zip64=True) as part:
                    for chunk in stream:
                        part.write(chunk)
            else:
                archive.writestr(name, document_xml if name == "word/document.xml" and document_xml else data)
    return buffer.getvalue()


def body(paragraphs: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{paragraphs}</w:body></w:document>'.encode()


def refused_quickly(name: str, data: bytes) -> str:
    # CPU seconds of this process, not wall time: bounded work is the property, and other processes sharing
    # the cores (a parallel test run) must not make it fail.
    started = time.process_time()
    with pytest.raises(NoticeUnreadable) as refused:
        notice_text(name, data)
    elapsed = time.process_time() - started
    assert elapsed < 1, f"refusing {name} took {elapsed:.2f} s"
    return str(refused.value)


def four_hundred_megabytes_of_paragraphs():
    chunk = PARAGRAPH.encode() * 10_000
    for _ in range(400 * 1024 * 1024 // len(chunk)):
        yield chunk


def test_a_zip_bomb_docx_is_refused_by_its_declared_size_in_under_a_second():
    bomb = docx_with(stream=four_hundred_megabytes_of_paragraphs())
    assert len(bomb) < 10 * 1024 * 1024  # small enough to pass the upload limit
    message = refused_quickly("炸弹.docx", bomb)
    assert message.startswith("文件「炸弹.docx」解压后达 ") and "超过 64 MB 的上限" in message


def test_a_docx_whose_part_inflates_beyond_its_declared_size_is_refused():
    honest = docx_with(body(PARAGRAPH * 2_000))
    declared = len(body(PARAGRAPH * 2_000))
    # Rewrite the central directory's uncompressed size of word/document.xml to a small lie.
    lying = bytearray(honest)
    entry = lying.index(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(lying[entry + 28 : entry + 30], "little")
        if lying[entry + 46 : entry + 46 + name_length] == b"word/document.xml":
            break
        entry = lying.index(b"PK\x01\x02", entry + 4)
    assert int.from_bytes(lying[entry + 24 : entry + 28], "little") == declared
    lying[entry + 24 : entry + 28] = (1000).to_bytes(4, "little")
    message = refused_quickly("说谎.docx", bytes(lying))
    assert "文件「说谎.docx」的部件 word/document.xml 已损坏" in message


def test_a_docx_with_too_many_paragraphs_is_refused_before_parsing():
    many = docx_with(body("<w:p/>" * (MAX_DOCX_PARAGRAPHS + 1)))
    message = refused_quickly("长.docx", many)
    assert f"有 {MAX_DOCX_PARAGRAPHS + 1:,} 个段落，超过 {MAX_DOCX_PARAGRAPHS:,} 段的上限" in message


def test_billion_laughs_in_a_docx_is_refused_without_expanding_an_entity():
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "哈">{entities}]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    message = refused_quickly("笑.docx", docx_with(laughs))
    assert "文件「笑.docx」的部件 word/document.xml 声明了 DTD 或实体" in message


def test_malformed_xml_in_a_docx_is_refused_naming_the_part():
    message = refused_quickly("坏.docx", docx_with(f"<w:document {W}><w:body><w:p>".encode()))
    assert "文件「坏.docx」的部件 word/document.xml 不是合格的 XML" in message


def test_a_docx_without_its_rels_is_refused_as_incomplete():
    message = refused_quickly("缺.docx", docx_with(drop="_rels/.rels"))
    assert message.startswith("文件「缺.docx」缺少部件 _rels/.rels；文件不完整")


def test_a_docx_within_bounds_still_gives_its_paragraphs_and_table_cells():
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>报送时间</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    text = notice_text("好.docx", docx_with(body(PARAGRAPH + table)))
    assert text.splitlines() == ["请全体教师下载安装某某通APP并完成实名注册。", "报送时间"]


def pdf_of_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_with_too_many_pages_is_refused_by_its_page_count():
    message = refused_quickly("厚.pdf", pdf_of_pages(MAX_PDF_PAGES + 800))
    assert f"文件「厚.pdf」有 {MAX_PDF_PAGES + 800:,} 页，超过 {MAX_PDF_PAGES} 页的上限" in message


def test_a_pdf_page_whose_content_inflates_to_a_hundred_megabytes_is_refused():
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    content = DecodedStreamObject()
    content.set_data(b"0 0 m\n" * (100 * 1024 * 1024 // 6))
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    message = refused_quickly("膨胀.pdf", buffer.getvalue())
    assert "文件「膨胀.pdf」超出处理上限（解压后的内容、页面或对象过多）" in message


def test_a_text_longer_than_the_limit_is_refused_with_its_length():
    message = refused_quickly("长.txt", ("通知" * (MAX_TEXT_CHARS // 2 + 1)).encode())
    assert f"超过 {MAX_TEXT_CHARS:,} 字的上限" in message


def test_the_screening_page_answers_a_zip_bomb_with_the_message_not_a_500(world, client_for):
    bomb = docx_with(stream=four_hundred_megabytes_of_paragraphs())
    upload = io.BytesIO(bomb)
    upload.name = "炸弹.docx"
    started = time.process_time()
    page = client_for(world.principal).post("/gate/screen/", {"file": upload})
    assert time.process_time() - started < 1
    # Refused from the sizes the archive declares, before a byte of it is inflated.
    assert page.status_code == 400 and "解压后达" in page.content.decode()
    assert "超过 64 MB 的上限" in page.content.decode()


def test_an_english_reader_is_told_in_english_why_a_bomb_is_refused(world, client_for):
    from tests.web.every_page import in_english

    upload = io.BytesIO(docx_with(stream=four_hundred_megabytes_of_paragraphs()))
    upload.name = "bomb.docx"
    page = in_english(client_for(world.principal)).post("/gate/screen/", {"file": upload})
    text = page.content.decode()
    assert page.status_code == 400 and "The file “bomb.docx” unpacks to" in text and "over the limit of 64 MB" in text
    assert "解压后" not in text
