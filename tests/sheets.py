"""Real .xlsx files for the import tests, written with openpyxl."""

import io

from openpyxl import Workbook

from jianfu.org.identity import check_digit

SCHOOL_HEADER = ["学校标识码", "学校名称", "所属县（区）", "学段", "区域", "在校学生数", "核定编制数"]
TEACHER_HEADER = ["学校标识码", "姓名", "身份证号", "编制情况", "岗位状态", "任教学科", "兼任职务", "参加工作日期"]
UNIT_HEADER = ["单位代码", "单位名称", "单位类别", "所属区划"]


def xlsx(header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def id_number(region: str = "520402", born: str = "19850312", seq: int = 123) -> str:
    first17 = f"{region}{born}{seq:03d}"
    return first17 + check_digit(first17)


def teacher_row(school_code: str, seq: int, **overrides) -> list:
    row = {
        "school": school_code,
        "name": f"测试教师{seq}",
        "id": id_number(seq=seq),
        "staffing": "在编",
        "post": "在岗",
        "subject": "数学",
        "duties": "班主任",
        "started": "2008-09-01",
    } | overrides
    return list(row.values())
