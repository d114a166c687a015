"""Pay figures from a workbook: all or nothing, every error named by its row and column."""

import io
from datetime import date

import pytest
import time_machine
from openpyxl import Workbook, load_workbook

from jianfu.accountability.models import PayFigure
from jianfu.accountability.pay_import import COLUMNS, pay_import
from jianfu.org.imports.sheet import ImportRejected
from tests.world import pay_readers


@pytest.fixture(autouse=True)
def in_2026():
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


def workbook(*rows, headers=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers or [column.header for column in COLUMNS])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_good_file_writes_every_row(world):
    bureau = pay_readers(world.county_officer)
    data = workbook(("520402", 2024, 96000, 99000.5, 3600), ("520402", "2025", "98000", "102500", None))
    assert pay_import(bureau, data) == 2
    figures = {f.year: f for f in PayFigure.objects.filter(county=world.xixiu)}
    assert str(figures[2024].civil_servant_average) == "99000.50"
    assert figures[2025].rural_subsidy_average is None


def test_one_wrong_row_rejects_the_whole_file_naming_every_error_by_row_and_column(world):
    bureau = pay_readers(world.county_officer)
    data = workbook(
        ("520402", 2024, 96000, 99000, 3600),  # good
        ("520403", 2025, 98000, 102500, None),  # another county
        ("520402", 2030, -5, "abc", None),  # a future year, a negative and a non-amount
        ("520402", 2024, 97000, 99000, None),  # the same county and year as row 2
    )
    with pytest.raises(ImportRejected) as rejected:
        pay_import(bureau, data)
    where = {(e.row, e.column) for e in rejected.value.errors}
    assert where == {
        (3, "县（区）代码"),
        (4, "年度"),
        (4, "义务教育教师年平均工资（元）"),
        (4, "当地公务员年平均工资（元）"),
        (5, "年度"),
    }
    messages = {(e.row, e.column): e.message for e in rejected.value.errors}
    assert "520402" in messages[(3, "县（区）代码")]
    assert "第 2 行" in messages[(5, "年度")]
    assert "第 4 行「年度」（值：2030）" in str(next(e for e in rejected.value.errors if e.row == 4))
    assert not PayFigure.objects.exists()


def test_a_workbook_without_the_templates_headers_is_refused_by_column(world):
    bureau = pay_readers(world.county_officer)
    with pytest.raises(ImportRejected) as rejected:
        pay_import(bureau, workbook(("520402", 2024), headers=["县（区）代码", "年度"]))
    assert {e.column for e in rejected.value.errors} == {"义务教育教师年平均工资（元）", "当地公务员年平均工资（元）"}


def test_the_template_reads_back_as_an_empty_import(world, client_for):
    bureau = pay_readers(world.county_officer)
    response = client_for(bureau).get("/accountability/pay/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
