"""The census report opens as a workbook (text cells, masked ID numbers) and as a PDF with its rows in Chinese."""

import io
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from jianfu.org.models import PostStatus, Teacher
from jianfu.secondments.census import census
from jianfu.secondments.models import PostStatusPeriod, Source
from jianfu.secondments.reports import HEADER, census_pdf, census_xlsx
from tests.secondments.census_helpers import approved_secondment, everyone_on_post

AS_OF = date(2021, 7, 15)


def a_census(world):
    everyone_on_post()
    approved_secondment(
        world, world.xixiu_teacher, date(2021, 6, 1), date(2021, 9, 30), number="安教减备〔2021〕520402-0031号"
    )
    Teacher.objects.filter(pk=world.xixiu_colleague.pk).update(name='=HYPERLINK("x")')
    PostStatusPeriod.objects.create(
        teacher=world.xixiu_colleague,
        status=PostStatus.OTHER_OFF_POST,
        since=date(2021, 3, 1),
        where="区政府办公室",
        source=Source.ROSTER,
    )
    return census(world.xixiu, AS_OF)


def test_the_census_workbook_holds_every_row_as_text_with_masked_id_numbers(world):
    rows = a_census(world)

    sheet = load_workbook(io.BytesIO(census_xlsx(world.xixiu, AS_OF, rows))).active
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]

    assert values[0][0] == "西秀区中小学教师在编不在岗情况摸底表（截至2021年7月15日）"
    assert values[1][0] == "共 2 人：已审批 1 人，逾期未返岗 0 人，无审批 1 人，休假 0 人"
    assert tuple(values[2]) == HEADER
    body = {line[1]: line for line in values[3:]}
    seconded = body[world.xixiu_teacher.name]
    assert seconded[2] == world.xixiu_teacher.id_number_masked and "**********" in seconded[2]
    assert seconded[4:] == [
        "借用",
        "2021-06-01",
        "2021-09-30",
        "西秀区卫生健康局",
        "安教减备〔2021〕520402-0031号",
        "已审批",
    ]
    flagged = body['=HYPERLINK("x")']
    assert flagged[5:] == ["2021-03-01", None, "区政府办公室", "无", "无审批"]
    assert all(cell.data_type == "s" for line in sheet.iter_rows(min_row=4) for cell in line if cell.value)


def test_the_census_pdf_prints_the_rows_in_chinese(world):
    rows = a_census(world)

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(census_pdf(world.xixiu, AS_OF, rows))).pages)

    flat = text.replace("\n", "").replace(" ", "")
    assert "西秀区中小学教师在编不在岗情况摸底表" in flat
    assert world.xixiu_teacher.id_number_masked in flat
    assert "无审批" in flat and "已审批" in flat and "第5.1条" in flat
