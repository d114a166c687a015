"""The .xlsx and .docx downloads, described in the worker and written by a child process
(`python -m jianfu.documents.render_office`, run by documents/child.py as PDFs are): a web worker never imports
openpyxl (~34 MiB with numpy) or python-docx (~16 MiB with lxml), which stayed in it for the rest of its life
after one download (issue 17: a worker at 143 MiB after 1,000 requests with downloads).

    book = Workbook()                    # the writers' code reads as it did with openpyxl's write-only book
    sheet = book.create_sheet("名单")
    append_row(sheet, ["学校", 42])      # documents/sheets.py: every string a text cell, in the child
    book.save(buffer)                    # or book.xlsx() -> bytes

    docx_file(WordDocument(...)) -> bytes

A workbook's rows go to a temporary file as JSON lines as they are appended, so a long export (the audit trail,
complaints) holds no more in the worker than it did with openpyxl's write-only book; the child reads that file
as its stdin. Values are JSON, with dates, times and decimals tagged so openpyxl writes them typed as before.
A file is accepted only if it is a whole zip (its central directory read, every member's checksum right);
otherwise FileNotMade: a 503 page naming the fix, never half a file.
"""

import io
import json
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.utils.functional import Promise

from jianfu.documents.child import made_by_child
from jianfu.documents.qr import QrCode

CHILD = [sys.executable, "-m", "jianfu.documents.render_office"]


class Sheet:
    """A sheet of a Workbook: append_row (documents/sheets.py) hands it each row's values as they are."""

    written_in_child = True  # its strings are made text cells by the child, not here

    def __init__(self, lines):
        self._lines = lines

    def append(self, values) -> None:
        self._lines.write(_line(["row", list(values)]))


class Workbook:
    """A workbook described line by line to a temporary file, written as .xlsx by the child on save()."""

    def __init__(self):
        self._lines = tempfile.TemporaryFile()  # noqa: SIM115  closed by xlsx(), or with the book
        self._lines.write(_line(["xlsx", None]))

    def create_sheet(self, title) -> Sheet:
        self._lines.write(_line(["sheet", str(title)]))
        return Sheet(self._lines)

    def xlsx(self) -> bytes:
        try:
            return made_by_child(_command(), self._lines, is_whole_zip)
        finally:
            self._lines.close()

    def save(self, buffer) -> None:
        buffer.write(self.xlsx())


@dataclass
class WordDocument:
    """A .docx as blocks, in order: paragraphs, tables and pictures (see render_office.write_docx)."""

    landscape: bool = False
    blocks: list = field(default_factory=list)

    def paragraph(self, text: str, *, size: float, bold=False, align=None, indent=False, font: str) -> None:
        block = {"text": str(text), "size": size, "bold": bold, "align": align, "indent": indent, "font": font}
        self.blocks.append({"paragraph": block})

    def table(self, header, rows, picture_cm: float = 2) -> None:
        """Rows of strings, or of pictures (PNG bytes, a QrCode) `picture_cm` wide in their cells."""
        cells = [[_picture(cell) if isinstance(cell, bytes | QrCode) else str(cell) for cell in row] for row in rows]
        self.blocks.append({"table": {"header": [str(h) for h in header], "rows": cells, "picture_cm": picture_cm}})

    def picture(self, picture: bytes | QrCode, *, width_cm: float, align=None) -> None:
        self.blocks.append({"picture": _picture(picture) | {"width_cm": width_cm, "align": align}})


def docx_file(document: WordDocument) -> bytes:
    described = _line(["docx", {"landscape": document.landscape, "blocks": document.blocks}])
    return made_by_child(_command(), described, is_whole_zip)


def is_whole_zip(data: bytes) -> bool:
    """An .xlsx or .docx is a zip: its central directory must be there (a file cut short has none) and every
    member must inflate to its checksum."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.namelist() and archive.testzip() is None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _command() -> list[str]:
    from django.conf import settings

    return list(getattr(settings, "OFFICE_RENDER_COMMAND", None) or CHILD)


def _picture(picture: bytes | QrCode) -> dict:
    """A PNG as base64, or a QR code as its text for the child to draw (documents/qr.py)."""
    import base64

    if isinstance(picture, QrCode):
        return {"qr": picture.text}
    return {"png": base64.b64encode(picture).decode()}


def _line(item) -> bytes:
    return json.dumps(item, default=_tagged).encode() + b"\n"


def _tagged(value):
    """Values JSON has no word for, tagged so the child writes them typed (render_office.untagged)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, time):
        return {"$": "time", "v": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$": "decimal", "v": str(value)}
    raise TypeError(f"a spreadsheet cell cannot hold {type(value).__name__}")
