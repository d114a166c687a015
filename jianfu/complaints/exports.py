"""The officials' list of complaints as .xlsx: what each case is about and how far it has come.

Nothing of the filer is written, whether anonymous or named: no identity, no account, no receipt or
passphrase data, no messages (a filer's answers can name them), no evidence. Every string is a text cell
(jianfu.documents.sheets), so words the filer typed can never become a formula.
"""

import io
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jianfu.complaints.filters import dues_of
from jianfu.complaints.models import Complaint
from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row

CHUNK = 500


def _headers() -> list[str]:
    return [
        _("编号"),
        _("收到日期"),
        _("县（区）"),
        _("层级"),
        _("被举报单位"),
        _("被要求做的事"),
        _("减负清单条目"),
        _("依据条款"),
        _("关联备案号"),
        _("状态"),
        _("调查单位"),
        _("协办单位"),
        _("期限"),
        _("逾期天数"),
        _("认定"),
        _("查明的事实"),
        _("处理措施"),
        _("答复日期"),
        _("办结日期"),
        _("已延期"),
    ]


def _row(complaint: Complaint, due) -> list:
    return [
        complaint.pk,
        complaint.received_on,
        complaint.division.name,
        complaint.get_level_display(),
        complaint.accused_name,
        complaint.content,
        _("、").join(str(no) for no in complaint.items),
        _("、").join(complaint.clauses),
        (complaint.demand.registration_number or "") if complaint.demand_id else "",
        complaint.get_state_display(),
        complaint.investigating_unit.name if complaint.investigating_unit_id else "",
        complaint.assisting_unit.name if complaint.assisting_unit_id else "",
        due.on if due else None,
        due.days_overdue if due and due.overdue else 0,
        complaint.get_finding_display() if complaint.finding else "",
        complaint.facts,
        complaint.measures,
        complaint.answered_on,
        complaint.closed_on,
        _("是") if complaint.extended else _("否"),
    ]


def complaints_xlsx(complaints: QuerySet[Complaint], today: date) -> bytes:
    """The workbook of the given complaints (already scoped to the reader by the caller)."""
    book = Workbook()
    sheet = book.create_sheet(_("举报案件"))
    append_row(sheet, _headers())
    complaints = complaints.select_related("division", "demand", "investigating_unit", "assisting_unit")
    batch: list[Complaint] = []
    for complaint in complaints.iterator(chunk_size=CHUNK):
        batch.append(complaint)
        if len(batch) == CHUNK:
            _write(sheet, batch, today)
            batch = []
    _write(sheet, batch, today)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(sheet, batch: list[Complaint], today: date) -> None:
    dues = dues_of([c.pk for c in batch], today) if batch else {}
    for complaint in batch:
        append_row(sheet, _row(complaint, dues.get(complaint.pk)))
