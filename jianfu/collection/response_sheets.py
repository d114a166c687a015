"""The spreadsheets of a form: the school's template (prefilled, only the open cells to type), the upload of
that template filled in, and the requester's aggregate (one row per school; one sheet of teacher rows when
the form asks teacher-level fields). Every string is written as text, never a formula; ID numbers are the
masked ones the records hold."""

import io
import zipfile

from django.utils.translation import gettext as _

from jianfu.collection.fields import FormField
from jianfu.collection.models import ResponseState
from jianfu.collection.responses import FormView, ResponseRejected
from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row
from jianfu.org.imports.sheet import bounds_problem, file_problem

SCHOOL_SHEET = "学校填报"
TEACHER_SHEET = "教师填报"
SCHOOL_HEADER = ("字段", "填写值", "单位", "说明", "来源")
TEACHER_ID = "教师编号"
TEACHER_NAME = "教师"  # not 姓名: a form may ask 姓名 as a field of its own
HELD_NOTE = "已由平台填好，无需填写"  # the source column of a held field starts with its system


def _source(f: FormField) -> str:
    return f"{f.owner}（{HELD_NOTE}）" if f.held else "请填写"


def template_xlsx(view: FormView) -> bytes:
    """The form as a workbook, filled with what the platform holds."""
    book = Workbook()
    sheet = book.create_sheet(SCHOOL_SHEET)
    append_row(sheet, SCHOOL_HEADER)
    for f in view.school_fields:
        append_row(sheet, [f.label, view.values.get(f.key, ""), f.unit, f.definition, _source(f)])
    if view.teacher_fields:
        rows = book.create_sheet(TEACHER_SHEET)
        append_row(rows, [TEACHER_ID, TEACHER_NAME] + [f.label for f in view.teacher_fields])
        for row in view.rows:
            append_row(rows, [row.teacher_id, row.name] + [row.values.get(f.key, "") for f in view.teacher_fields])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_upload(data: bytes, view: FormView) -> dict:
    """The typed values of a filled template, as `response_save` takes them; every problem of the file
    itself (not of the values, which the save checks) listed at once."""
    problem = file_problem(data) or bounds_problem(data)
    if problem:
        raise ResponseRejected({"file": problem})
    from openpyxl import load_workbook  # loaded on the first upload, not in every web worker

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _typed(book, view)
        finally:
            book.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, TypeError, IndexError) as error:
        message = _("文件已损坏，无法读取（%(kind)s）；请重新从 Excel 保存后上传") % {"kind": type(error).__name__}
        raise ResponseRejected({"file": message}) from None


def _typed(book, view: FormView) -> dict:
    errors: dict[str, str] = {}
    typed: dict = {"values": {}, "rows": []}
    if SCHOOL_SHEET not in book.sheetnames:
        errors["file"] = _("缺少「%(sheet)s」工作表；请使用下载的模板，不要改动工作表名称") % {"sheet": SCHOOL_SHEET}
    else:
        for cells in book[SCHOOL_SHEET].iter_rows(min_row=2, max_col=2, values_only=True):
            if cells and cells[0] is not None:
                typed["values"][str(cells[0]).strip()] = cells[1] if len(cells) > 1 else None
    if view.teacher_fields:
        if TEACHER_SHEET not in book.sheetnames:
            errors["teachers"] = _("缺少「%(sheet)s」工作表；请使用下载的模板，不要改动工作表名称") % {
                "sheet": TEACHER_SHEET
            }
        else:
            typed["rows"] = _teacher_rows(book[TEACHER_SHEET], errors)
    if errors:
        raise ResponseRejected(errors)
    return typed


def _teacher_rows(sheet, errors: dict) -> list[dict]:
    lines = sheet.iter_rows(max_col=100, values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(lines, ())]
    if TEACHER_ID not in header:
        errors["teachers"] = _("「%(sheet)s」缺少「%(column)s」列；请使用下载的模板，不要改动表头") % {
            "sheet": TEACHER_SHEET,
            "column": TEACHER_ID,
        }
        return []
    rows = []
    for number, cells in enumerate(lines, start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        row = {label: cells[i] for i, label in enumerate(header) if label and i < len(cells)}
        rows.append({"teacher": row.pop(TEACHER_ID), "name": row.pop(TEACHER_NAME, ""), "line": number} | row)
    return rows


STATE_WORDS = {ResponseState.SUBMITTED: "已提交", ResponseState.DRAFT: "填写中", "": "未填写"}


def aggregate_workbook(demand, fields: list[FormField], progress) -> bytes:
    """One row per school the form reaches (its state, and its values once it has answered); the
    teacher rows of every school that answered on a second sheet."""
    school_fields = [f for f in fields if not f.per_teacher]
    teacher_fields = [f for f in fields if f.per_teacher]

    book = Workbook()
    sheet = book.create_sheet("学校汇总")
    append_row(sheet, ["学校标识码", "学校名称", "县（区）", "填报状态", "提交日期"] + [f.label for f in school_fields])
    for p in progress:
        values = p.response.values if p.response else {}
        submitted = p.submitted_on.isoformat() if p.submitted_on else ""
        append_row(
            sheet,
            [p.school.code, p.school.name, p.school.county.name, STATE_WORDS[p.state], submitted]
            + [values.get(f.label, "") for f in school_fields],
        )
    if teacher_fields:
        rows = book.create_sheet("教师明细")
        append_row(rows, ["学校标识码", "学校名称", "填报状态"] + [f.label for f in teacher_fields])
        for p in progress:
            for row in p.response.rows if p.response else []:
                append_row(
                    rows,
                    [p.school.code, p.school.name, STATE_WORDS[p.state]]
                    + [row.get(f.label, "") for f in teacher_fields],
                )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
