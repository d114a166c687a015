"""One dashboard series as a workbook: a title, the column headings and the same rows the chart and the table
show (strings as text cells, never formulas)."""

import io

from jianfu.documents.office import Workbook  # written by a child process: no worker loads openpyxl
from jianfu.documents.sheets import append_row


def series_xlsx(series: dict, reach_name: str, year: int) -> bytes:
    book = Workbook()
    sheet = book.create_sheet(series["title"][:31])
    append_row(sheet, [f"{reach_name} {series['title']}（单位：{series['unit']}）"])
    append_row(sheet, [column["title"] for column in series["columns"]])
    for row in series["rows"]:
        append_row(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
