"""Pay figures from a workbook: one row per county and year with the three averages. All or nothing: every row
is checked first, every error is named by its row and column, and nothing is written if any row is wrong."""

import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.accountability.pay import below_parity, figure_write, parity_gap, pay_entry_counties, pay_values_check
from jianfu.documents.language import official_language
from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row
from jianfu.org.imports.sheet import Column, ImportRejected, RowError, read_rows, text

# The headers are the workbook's contract with the people who fill it in: Chinese, whatever the page's language.
COLUMNS = [
    Column("县（区）代码", "county", hint="六位行政区划代码，如 520402；只能填本县（区）"),
    Column("年度", "year", hint="四位年份，如 2025；不能是将来的年份"),
    Column("义务教育教师年平均工资（元）", "teacher_average", hint="元/年，最多两位小数"),
    Column("当地公务员年平均工资（元）", "civil_servant_average", hint="元/年，最多两位小数"),
    Column("乡村教师年平均生活补助（元）", "rural_subsidy_average", required=False, hint="元/年；没有可空着"),
]
HEADERS = {column.key: column.header for column in COLUMNS}


def pay_template_bytes() -> bytes:
    """The empty workbook to fill in, with a 填写说明 sheet."""
    with official_language():
        book = Workbook()
        sheet = book.create_sheet("工资数据")
        append_row(sheet, [column.header for column in COLUMNS])
        notes = book.create_sheet("填写说明")
        append_row(notes, ["列", "是否必填", "填写要求"])
        for column in COLUMNS:
            append_row(notes, [column.header, "必填" if column.required else "选填", column.hint])
        append_row(notes, [])
        append_row(notes, ["同一县（区）同一年度已有数据的，导入后以本表为准（原数据保留在审计日志中）。"])
        append_row(notes, ["任何一行有错，整个文件都不会写入；请按错误清单逐条改正后重新上传。"])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


EXPORT_HEADERS = [
    "县（区）代码",
    "县（区）",
    "年度",
    "义务教育教师年平均工资（元）",
    "当地公务员年平均工资（元）",
    "差额（元）",
    "是否低于当地公务员平均工资",
    "乡村教师年平均生活补助（元）",
    "来源文件",
]


def pay_workbook_bytes(figures) -> bytes:
    """The figures a person reads, one row per county and year, in Chinese (an official table)."""
    with official_language():
        book = Workbook()
        sheet = book.create_sheet("工资数据")
        append_row(sheet, EXPORT_HEADERS)
        for figure in figures:
            append_row(
                sheet,
                [
                    figure.county.code,
                    figure.county.name,
                    figure.year,
                    figure.teacher_average,
                    figure.civil_servant_average,
                    parity_gap(figure),
                    "是" if below_parity(figure) else "否",
                    figure.rural_subsidy_average,
                    "、".join(document.name for document in figure.documents.all()),
                ],
            )
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def pay_import(user, data: bytes, *, today=None) -> int:
    """Writes every row's figure (creating or correcting) and returns how many; ImportRejected listing every
    problem, and nothing written, if any row is wrong."""
    today = today or timezone.localdate()
    rows = read_rows(data, COLUMNS)
    counties = {county.code: county for county in pay_entry_counties(user)}
    errors, planned, seen = [], [], {}
    for number, row in rows:
        code = text(row["county"])
        county = counties.get(code)
        if county is None:
            errors.append(RowError(number, HEADERS["county"], code, _not_yours(counties)))
        values, problems = pay_values_check(
            year=text(row["year"]),
            teacher_average=text(row["teacher_average"]),
            civil_servant_average=text(row["civil_servant_average"]),
            rural_subsidy_average=text(row.get("rural_subsidy_average")),
            today=today,
        )
        for field, message in problems.items():
            errors.append(RowError(number, HEADERS[field], text(row.get(field)), message))
        if county and values:
            key = (code, values.year)
            if key in seen:
                message = _("与第 %(row)s 行是同一县（区）同一年度；每个县（区）每年只填一行") % {"row": seen[key]}
                errors.append(RowError(number, HEADERS["year"], str(values.year), message))
            seen.setdefault(key, number)
            planned.append((county, values))
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        for county, values in planned:
            figure_write(user, county, values, today=today, via="import")
    return len(planned)


def _not_yours(counties: dict) -> str:
    if not counties:
        return _("只有县（区）教育局可以导入本县（区）的工资数据")
    return _("不是您可以填报的县（区）；请填写 %(codes)s") % {"codes": _("、").join(sorted(counties))}
