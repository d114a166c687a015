"""The scores as workbooks: `scores.xlsx`, one row per scored unit with each indicator's points and the
total; `assessment.xlsx`, the year-end assessment of units (7.2), one row per unit and indicator (value,
weight, points, the count of records, the clause), then one row per adjustment with its reason."""

from io import BytesIO

from django.utils.translation import gettext as _

from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row


def _kind(kind: str) -> str:
    return {"county": _("县（区）"), "department": _("部门")}.get(kind, kind)


def _saved(book) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def scores_xlsx(rows: list[dict], year: int) -> bytes:
    book = Workbook()
    for kind in ("county", "department"):
        of_kind = [row for row in rows if row["kind"] == kind]
        if not of_kind:
            continue
        sheet = book.create_sheet(_("%(year)s年%(kind)s得分") % {"year": year, "kind": _kind(kind)})
        labels = [i["label"] for i in of_kind[0]["indicators"]]
        append_row(sheet, [_("单位代码"), _("名称"), *labels, _("加减分"), _("总分")])
        for row in of_kind:
            adjusted = round(sum(a["points"] for a in row["adjustments"]), 2)
            append_row(
                sheet, [row["unit"], row["name"]] + [i["points"] for i in row["indicators"]] + [adjusted, row["total"]]
            )
    if not rows:
        append_row(book.create_sheet(_("得分")), [_("这一年没有参加评分的单位")])
    return _saved(book)


def assessment_xlsx(rows: list[dict], year: int) -> bytes:
    book = Workbook()
    sheet = book.create_sheet(_("%(year)s年度考核") % {"year": year})
    append_row(
        sheet,
        [
            _("单位代码"),
            _("名称"),
            _("类别"),
            _("指标"),
            _("指标名称"),
            _("依据条款"),
            _("比值"),
            _("权重"),
            _("得分"),
            _("记录数"),
            _("理由"),
        ],
    )
    for row in rows:
        for i in row["indicators"]:
            append_row(
                sheet,
                [
                    row["unit"],
                    row["name"],
                    _kind(row["kind"]),
                    i["id"],
                    i["label"],
                    i["clause"],
                    i["value"],
                    i["weight"],
                    i["points"],
                    i["records"],
                    "",
                ],
            )
        for a in row["adjustments"]:
            append_row(
                sheet,
                [
                    row["unit"],
                    row["name"],
                    _kind(row["kind"]),
                    a["indicator"] or _("总分"),
                    _("督导加减分（%(by)s，%(on)s）") % {"by": a["by"], "on": a["on"]},
                    "7.2",
                    None,
                    None,
                    a["points"],
                    None,
                    a["reason"],
                ],
            )
        append_row(sheet, [row["unit"], row["name"], _kind(row["kind"]), _("合计"), "", "", None, 100, row["total"]])
    return _saved(book)
