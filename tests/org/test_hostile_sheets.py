"""Hostile roster workbooks (zip bombs, self-expanding XML, broken packages, endless sheets) are refused
with a Chinese message in under a second, and nothing is written."""

import io
import time
import zipfile

import pytest

from jianfu.org.imports.sheet import MAX_ROWS, MAX_UNZIPPED, ImportRejected
from jianfu.org.services import roster_import
from tests.org.test_import import snapshot
from tests.sheets import SCHOOL_HEADER, xlsx

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def school_rows(world) -> list[list]:
    return [[world.xixiu_school.code, "西秀区第一小学", "520402", "小学", "城区", 800, 60]]


def workbook_with(world, replaced: dict[str, bytes] | None = None, *, drop: str = "", stream=None) -> bytes:
    """A real schools workbook with some parts replaced, one dropped, or the sheet written chunk by chunk."""
    archive = zipfile.ZipFile(io.BytesIO(xlsx(SCHOOL_HEADER, school_rows(world))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name in archive.namelist():
            if name == drop:
                continue
            if name == SHEET and stream is not None:
                with out.open(name, "w", force_zip64=True) as part:
                    for chunk in stream:
                        part.write(chunk)
            else:
                out.writestr(name, (replaced or {}).get(name, archive.read(name)))
    return buffer.getvalue()


def sheet_of(rows: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{rows}</sheetData></worksheet>'.encode()


def refused_quickly(world, data: bytes) -> str:
    before = snapshot()
    # CPU seconds of this process, not wall time: bounded work is the property, and other processes sharing
    # the cores (a parallel test run) must not make it fail.
    started = time.process_time()
    with pytest.raises(ImportRejected) as refused:
        roster_import(kind="schools", data=data, acting_user=world.county_officer)
    elapsed = time.process_time() - started
    assert elapsed < 1, f"refusing the workbook took {elapsed:.2f} s"
    assert snapshot() == before, "a refused workbook must write nothing"
    (error,) = refused.value.errors
    return str(error)


def four_hundred_megabytes_of_rows():
    chunk = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + "学校".encode() * 100 + b"</t></is></c></row>"
    chunk *= 10_000
    yield b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + NS.encode() + b"><sheetData>"
    for _ in range(400 * 1024 * 1024 // len(chunk)):
        yield chunk
    yield b"</sheetData></worksheet>"


def test_a_zip_bomb_workbook_is_refused_by_its_declared_size(world):
    bomb = workbook_with(world, stream=four_hundred_megabytes_of_rows())
    assert len(bomb) < 30 * 1024 * 1024  # passes the upload limit
    message = refused_quickly(world, bomb)
    assert message.startswith("文件：文件解压后达 ") and f"超过 {MAX_UNZIPPED // 1024 // 1024} MB 的上限" in message


def test_billion_laughs_in_the_sheet_is_refused_without_expanding_an_entity(world):
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "哈">{entities}]><worksheet {NS}><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    message = refused_quickly(world, workbook_with(world, {SHEET: laughs}))
    assert f"文件：文件的部件 {SHEET} 声明了 DTD 或实体" in message


def test_malformed_sheet_xml_is_refused_as_damaged(world):
    message = refused_quickly(world, workbook_with(world, {SHEET: f"<worksheet {NS}><sheetData><row>".encode()}))
    assert "文件已损坏，无法读取" in message and "请重新从 Excel 保存后上传" in message


def test_a_workbook_missing_its_relationships_is_refused_as_damaged(world):
    message = refused_quickly(world, workbook_with(world, drop="xl/_rels/workbook.xml.rels"))
    assert "文件已损坏，无法读取" in message


def test_a_sheet_with_more_rows_than_the_limit_is_refused_before_reading(world):
    rows = "".join(f'<row r="{n}"/>' for n in range(1, MAX_ROWS + 1_100))
    message = refused_quickly(world, workbook_with(world, {SHEET: sheet_of(rows)}))
    assert message == f"文件：表格有 {MAX_ROWS + 1_099:,} 行，超过 {MAX_ROWS:,} 行的上限；请分成几个文件导入"


def test_a_lone_cell_in_the_last_row_of_excel_does_not_walk_a_million_empty_rows(world):
    header = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{title}</t></is></c>' for i, title in enumerate(SCHOOL_HEADER)
    )
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>3152000001</t></is></c></row>'
    message = refused_quickly(world, workbook_with(world, {SHEET: sheet_of(f'<row r="1">{header}</row>{far}')}))
    assert f"超过 {MAX_ROWS:,} 行的上限" in message
