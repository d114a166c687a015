"""The audit trail in scope as a workbook: the same filters as the page, newest first, at most SHEET_MAX rows;
a 说明 sheet gives the filters, the count and, when the rows were cut, says so and how to get the rest."""

import io

from jianfu.accountability.trail import SHEET_MAX, TrailFilters, TrailScope, trail_events, trail_rows
from jianfu.documents.language import official_language
from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row

HEADERS = ["序号", "时间", "操作人", "所在单位", "操作", "对象类型", "对象编号", "变更前", "变更后"]
CELL_MAX = 32_000  # an .xlsx cell holds at most 32,767 characters
CHUNK = 2_000


def trail_workbook_bytes(scope: TrailScope, filters: TrailFilters, *, limit: int = SHEET_MAX) -> bytes:
    with official_language():
        book = Workbook()
        sheet = book.create_sheet("审计记录")
        append_row(sheet, HEADERS)
        events = trail_events(scope, filters)
        written, last = 0, None
        while written < limit:  # in chunks by sequence number, so memory stays flat and no OFFSET is scanned
            window = events if last is None else events.filter(seq__lt=last)
            chunk = list(window[: min(CHUNK, limit - written)])
            if not chunk:
                break
            for row in trail_rows(chunk, scope):
                append_row(sheet, _cells(row))
            written, last = written + len(chunk), chunk[-1].seq
        cut = written == limit and last is not None and events.filter(seq__lt=last).exists()
        _notes(book.create_sheet("说明"), filters, written, cut, limit)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _cells(row) -> list:
    return [
        row.seq,
        row.at.strftime("%Y-%m-%d %H:%M:%S"),
        row.actor,
        row.places,
        row.action,
        row.object_type,
        row.object_id,
        row.withheld or row.before_text[:CELL_MAX],
        row.withheld or row.after_text[:CELL_MAX],
    ]


def _notes(sheet, filters: TrailFilters, written: int, cut: bool, limit: int) -> None:
    append_row(sheet, ["项目", "内容"])
    for key, value in filters.query.items():
        append_row(sheet, [f"筛选：{key}", value])
    append_row(sheet, ["导出条数", written])
    if cut:
        append_row(
            sheet,
            [
                "已截断",
                f"符合条件的记录超过 {limit:,} 条，只导出了最新的 {limit:,} 条；"
                "请缩小日期范围（from、to）或加上其他筛选条件分批导出",
            ],
        )
    append_row(sheet, ["说明", "举报事项只列出操作、对象和时间，不显示内容，以保护举报人。"])
