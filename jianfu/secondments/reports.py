"""The census report (clause 5.1) as the bureau files it: a workbook (every string a text cell, ID numbers
masked) and a landscape PDF with the Noto CJK fonts, in the shape of the other official lists. Like every
official document they are Chinese whatever language the reader uses (documents/language.py)."""

import io
from collections import Counter
from datetime import date

from django.utils import timezone

from jianfu.documents.language import official_labels
from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.official import OfficialDocument, Table, chinese_date, to_pdf
from jianfu.documents.sheets import append_row
from jianfu.org.models import Division, PostStatus
from jianfu.secondments.census import CensusRow, CensusStatus

HEADER = ("序号", "姓名", "身份证号", "学校", "岗位状态", "起始日期", "截止日期", "去向", "审批备案号", "核查结论")
# Percent of a landscape page: the ID number and dates on one line, names of schools and units wrapped.
PDF_WIDTHS = (5, 8, 14, 16, 7, 9, 9, 13, 11, 8)
UNKNOWN_SINCE = "不详"
NO_APPROVAL = "无"


def census_title(county: Division, as_of: date) -> str:
    return f"{county.name}中小学教师在编不在岗情况摸底表（截至{chinese_date(as_of)}）"


def census_table_rows(rows: list[CensusRow]) -> list[tuple[str, ...]]:
    posts, statuses = official_labels(PostStatus), official_labels(CensusStatus)
    return [
        (
            str(number),
            row.name,
            row.id_number_masked,
            row.school,
            posts.get(row.post_status, row.post_status),
            row.since.isoformat() if row.since else UNKNOWN_SINCE,
            row.until.isoformat() if row.until else "",
            row.where,
            row.approval or NO_APPROVAL,
            statuses[row.status],
        )
        for number, row in enumerate(rows, start=1)
    ]


def census_summary(rows: list[CensusRow]) -> str:
    counts = Counter(row.status for row in rows)
    labels = official_labels(CensusStatus)
    parts = "，".join(f"{labels[status]} {counts.get(status, 0)} 人" for status in CensusStatus)
    return f"共 {len(rows)} 人：{parts}"


def census_xlsx(county: Division, as_of: date, rows: list[CensusRow]) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("摸底表")
    append_row(sheet, [census_title(county, as_of)])
    append_row(sheet, [census_summary(rows)])
    append_row(sheet, HEADER)
    for values in census_table_rows(rows):
        append_row(sheet, values)  # names and units are people's words: text cells, never formulas
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def census_document(county: Division, as_of: date, rows: list[CensusRow]) -> OfficialDocument:
    return OfficialDocument(
        title=census_title(county, as_of),
        number=census_summary(rows),
        paragraphs=(
            "依据《工作措施》第 5.1 条，对本县（区）中小学校教师在编不在岗情况进行摸底。"
            "未经本级教育行政部门同意、未在本级党委审批备案借用抽调的教师（核查结论为“无审批”），"
            "以及借用期满未返岗的教师（“逾期未返岗”），一律清退返岗原学校。休假教师列明情况，不作为问题。",
        ),
        table=Table(HEADER, tuple(census_table_rows(rows)), widths=PDF_WIDTHS),
        issuer=f"{county.name}教育局",
        issued_on=timezone.localdate(),
        landscape=True,
    )


def census_pdf(county: Division, as_of: date, rows: list[CensusRow]) -> bytes:
    return to_pdf(census_document(county, as_of, rows))
