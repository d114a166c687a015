"""Reading an uploaded workbook into rows of text, with errors a person can act on."""

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from jianfu.documents.archives import ArchiveRefused, Budget, bounded_zip, scan_every_member

MAX_BYTES = 30 * 1024 * 1024
# A workbook is inflated once and its rows counted before openpyxl reads it: a 400 KB upload can hold
# 400 MB of XML. 200,000 rows is several counties' teachers; 256 MB of XML is more than they need.
MAX_UNZIPPED = 256 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100  # the templates have at most 8; a cell far to the right must not widen every row
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and password-protected .xlsx


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = True
    hint: str = ""


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's own row number; 0 for the file as a whole
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行「{self.column}」" if self.row else (f"「{self.column}」" if self.column else "文件")
        value = f"（值：{self.value}）" if self.value else ""
        return f"{where}{value}：{self.message}"


class ImportRejected(Exception):
    """The file was refused; nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def file_problem(data: bytes) -> str | None:
    if not data:
        return "文件是空的；请选择填好的 .xlsx 文件"
    if len(data) > MAX_BYTES:
        return f"文件超过 {MAX_BYTES // 1024 // 1024} MB；请分成几个文件导入"
    if data.startswith(OLE2_MAGIC):
        return "这是旧版 .xls 文件或加密的工作簿；请在 Excel 中取消密码并「另存为」.xlsx 后重新上传"
    if not data.startswith(XLSX_MAGIC):
        return "文件不是 Excel .xlsx 工作簿；请下载模板，填好后以 .xlsx 格式上传"
    return None


def read_rows(data: bytes, columns: list[Column]) -> list[tuple[int, dict]]:
    """(row number, {key: cell value}) for every non-empty data row of the first sheet."""
    problem = file_problem(data) or bounds_problem(data)
    if problem:
        raise ImportRejected([RowError(0, "", "", problem)])
    try:
        from openpyxl import load_workbook  # loaded on the first import, not in every web worker

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            result = _data_rows(workbook.worksheets[0], columns)
        finally:
            workbook.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, TypeError, IndexError) as error:
        # SyntaxError covers malformed XML from both lxml and the standard library's parser.
        message = f"文件已损坏，无法读取（{type(error).__name__}）；请重新从 Excel 保存后上传"
        raise ImportRejected([RowError(0, "", "", message)]) from None
    if not result:
        raise ImportRejected([RowError(0, "", "", "表中没有数据行；请在表头下方逐行填写")])
    return result


def bounds_problem(data: bytes) -> str | None:
    """Why the workbook is too big to read (inflated size, hidden DTD, row count), before openpyxl sees it."""
    try:
        archive = bounded_zip(data, max_unzipped=MAX_UNZIPPED)
        rows = scan_every_member(archive, Budget(MAX_UNZIPPED), count=_ROW, within="xl/worksheets/")
    except ArchiveRefused as refused:
        return f"文件{refused}"
    if rows > MAX_ROWS + 1_000:  # + the header and the 填写说明 sheet of the template
        return too_many_rows(rows)
    return None


def too_many_rows(rows: int) -> str:
    return f"表格有 {rows:,} 行，超过 {MAX_ROWS:,} 行的上限；请分成几个文件导入"


def _data_rows(sheet, columns: list[Column]) -> list[tuple[int, dict]]:
    rows = sheet.iter_rows(max_col=min(MAX_COLUMNS, sheet.max_column or MAX_COLUMNS), values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    positions = _column_positions(header, columns)
    result = []
    for number, cells in enumerate(rows, start=2):
        # Empty rows count too: a lone cell in row 1,048,576 makes openpyxl yield every row before it.
        if number > MAX_ROWS + 1:
            raise ImportRejected([RowError(0, "", "", too_many_rows(max(sheet.max_row or 0, number)))])
        if cells.count(None) == len(cells) or all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        result.append((number, {key: cells[i] if i < len(cells) else None for key, i in positions.items()}))
    return result


def _column_positions(header: list[str], columns: list[Column]) -> dict[str, int]:
    positions, errors = {}, []
    for column in columns:
        if column.header in header:
            positions[column.key] = header.index(column.header)
        elif column.required:
            errors.append(RowError(1, column.header, "", f"缺少「{column.header}」列；请使用下载的模板，不要改动表头"))
    if errors:
        raise ImportRejected(errors)
    return positions


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value) -> date | None:
    """Cells Excel stored as dates, or text such as 2010-09-01, 2010/9/1, 2010年9月1日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_PATTERN.match(text(value))
    if not match:
        raise ValueError
    return date(*(int(part) for part in match.groups()))


def split_list(value) -> list[str]:
    return [item for item in re.split(r"[、,，;；/\s]+", text(value)) if item]
