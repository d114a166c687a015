"""The results page as a workbook: one sheet of the survey's results, one of the estimate gap, each row as
results() and gap() return it (a small group keeps only its note: no answers, no rate, no hours)."""

from io import BytesIO

from django.utils.translation import gettext as _

from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row
from jianfu.monitoring.models import ACTIVITIES


def results_xlsx(found: dict, gapped: dict) -> bytes:
    book = Workbook()
    _results_sheet(book.create_sheet(_("问卷结果")), found)
    _gap_sheet(book.create_sheet(_("预计与实测")), gapped)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _kind(kind: str) -> str:
    return {"site": _("监测点"), "county": _("县（区）"), "city": _("全市")}[kind]


def _results_sheet(sheet, found: dict) -> None:
    append_row(
        sheet,
        [_("范围"), _("名称"), _("县（区）代码"), _("发放问卷码"), _("回收答卷"), _("回收率")]
        + [str(label) for label in ACTIVITIES.values()]
        + [_("说明")],
    )
    rows = found["sites"] + found["counties"] + ([found["city"]] if found["city"] else [])
    for row in rows:
        hours = row["hours"] or {}
        append_row(
            sheet,
            [
                _kind(row["kind"]),
                row["name"],
                row["county"] or row["key"],
                row["codes"],
                row["answers"],
                row["response_rate"],
            ]
            + [hours.get(activity) for activity in ACTIVITIES]
            + [row["note"]],
        )


def _gap_sheet(sheet, gapped: dict) -> None:
    append_row(sheet, [_("各监测点（学期教师工时）")])
    head = [
        _("预计工时"),
        _("回收答卷"),
        _("实测：已登记"),
        _("实测：未登记"),
        _("差额（实测已登记 − 预计）"),
        _("说明"),
    ]
    append_row(sheet, [_("学校"), _("县（区）代码"), _("学期"), _("教师人数"), *head])
    for row in gapped["sites"]:
        append_row(sheet, [row["school_name"], row["county"], row["label"], row["teachers"], *_gap_figures(row)])
    append_row(sheet, [])
    append_row(sheet, [_("各县（区）")])
    append_row(sheet, [_("县（区）"), _("学期"), _("有答卷的监测点"), *head])
    for row in gapped["counties"]:
        append_row(sheet, [row["county_name"], row["label"], row["sites_answered"], *_gap_figures(row)])
    append_row(sheet, [])
    append_row(sheet, [_("按提出单位类别（预计工时）")])
    append_row(sheet, [_("县（区）代码"), _("提出单位类别"), _("预计工时")])
    for row in gapped["by_requester"]:
        append_row(sheet, [row["county"], row["requester_label"], row["estimated"]])
    append_row(sheet, [])
    append_row(sheet, [_("按学期")])
    append_row(sheet, [_("学期"), _("有答卷的监测点"), *head])
    for row in gapped["trend"]:
        append_row(sheet, [row["label"], row["sites_answered"], *_gap_figures(row)])


def _gap_figures(row: dict) -> list:
    return [
        row["estimated"],
        row["answers"],
        row["measured_registered"],
        row["measured_unregistered"],
        row["gap"],
        row["note"],
    ]
