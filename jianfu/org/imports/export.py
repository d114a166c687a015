"""Writing the roster (or an empty template) as .xlsx, with the same headers the import reads; every
string is written as text (jianfu.documents.sheets), so a name beginning with "=" is never a formula."""

import io

from django.utils.translation import gettext_lazy

from jianfu.documents.language import official_language
from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row
from jianfu.org.access import can_see_full_id_number, schools_for, teachers_for, units_for
from jianfu.org.identity import decrypt_id_number
from jianfu.org.imports import schools, teachers, units

SPECS = {"schools": schools, "teachers": teachers, "units": units}
TITLES = {"schools": gettext_lazy("学校"), "teachers": gettext_lazy("教师"), "units": gettext_lazy("单位")}


def _rows(kind: str, user):
    if kind == "schools":
        for s in schools_for(user).prefetch_related("levels"):
            yield [
                s.code,
                s.name,
                s.county.code,
                "、".join(lv.name for lv in s.levels.all()),
                s.get_area_display(),
                s.pupil_count,
                s.staff_quota,
            ]
    elif kind == "teachers":
        full = can_see_full_id_number(user)
        for t in teachers_for(user).iterator(chunk_size=2000):
            id_number = decrypt_id_number(t.id_number_cipher) if full else t.id_number_masked
            yield [
                t.school.code,
                t.name,
                id_number,
                t.get_staffing_status_display(),
                t.get_post_status_display(),
                t.subject,
                "、".join(t.duties),
                t.started_on.isoformat() if t.started_on else "",
            ]
    else:
        for u in units_for(user):
            yield [u.code, u.name, u.get_kind_display(), u.division.code]


def workbook_bytes(kind: str, user, *, template: bool = False) -> bytes:
    """The user's visible rows of one kind; an empty sheet with a 填写说明 sheet if `template`. Always
    in Chinese, the language the import reads back."""
    with official_language():
        return _workbook_bytes(kind, user, template=template)


def _workbook_bytes(kind: str, user, *, template: bool) -> bytes:
    columns = SPECS[kind].COLUMNS
    book = Workbook()
    sheet = book.create_sheet(str(TITLES[kind]))
    append_row(sheet, [column.header for column in columns])
    if not template:
        for row in _rows(kind, user):
            append_row(sheet, row)
    notes = book.create_sheet("填写说明")
    append_row(notes, ["列", "是否必填", "填写要求"])
    for column in columns:
        append_row(notes, [column.header, "必填" if column.required else "选填", column.hint])
    append_row(notes, [])
    append_row(notes, ["导入时任何一行有错，整个文件都不会写入；请按错误清单逐条改正后重新上传。"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
