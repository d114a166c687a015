"""Write an .xlsx or a .docx from its description, in a process of its own: `python -m jianfu.documents.render_office`.

openpyxl (~34 MiB with numpy) and python-docx (~16 MiB with lxml) stay in a process once imported, so no web
worker writes a workbook or a letter: each is written by a short-lived child that exits when it is done
(jianfu/documents/office.py describes the file and documents/child.py runs this). No Django is imported here.

stdin: JSON lines. The first is ["xlsx", null] or ["docx", {"landscape": bool, "blocks": [...]}].
       A workbook's next lines are ["sheet", title] and ["row", [value, ...]] in order; values are JSON, or
       {"$": "date"|"datetime"|"time"|"decimal", "v": text}. Every string is written as a text cell, never a
       formula (documents/sheets.py literal_cell).
       A document's blocks are {"paragraph": {text, size, bold, align, indent, font}},
       {"table": {header, rows, picture_cm}} (a cell is a string, {"png": base64} or {"qr": text}) and
       {"picture": {png or qr, width_cm, align}}; align is null, "center" or "right". A QR code is drawn here.
stdout: the file's bytes, and nothing else. Exit status 0 on success; otherwise 1, with the reason on stderr
        and nothing on stdout, so the parent never takes half a file for a whole one.
"""

import base64
import io
import json
import sys
from datetime import date, datetime, time
from decimal import Decimal

from jianfu.documents.qr import qr_png
from jianfu.documents.render_pdf import answer  # the one way a child answers

UNTAG = {"date": date.fromisoformat, "datetime": datetime.fromisoformat, "time": time.fromisoformat, "decimal": Decimal}


def untagged(value):
    if isinstance(value, dict) and "$" in value:
        return UNTAG[value["$"]](value["v"])
    return value


def write_xlsx(lines) -> bytes:
    from openpyxl import Workbook

    from jianfu.documents.sheets import literal_cell

    book, sheet = Workbook(write_only=True), None
    for line in lines:
        kind, value = json.loads(line)
        if kind == "sheet":
            sheet = book.create_sheet(value)
        elif kind == "row":
            sheet.append([literal_cell(sheet, untagged(cell)) for cell in value])
        else:
            raise ValueError(f"unknown line {kind!r}")
    return _saved(book)


def write_docx(described: dict) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    docx = Document()
    section = docx.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if described["landscape"]:  # wide tables (the annual list) read across the long side
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    # GB/T 9704: margins top 37 mm, bottom 35, left 28, right 26
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    for block in described["blocks"]:
        ((kind, value),) = block.items()
        {"paragraph": _paragraph, "table": _table, "picture": _picture}[kind](docx, value)
    return _saved(docx)


def _paragraph(docx, block: dict) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = docx.add_paragraph()
    if block["align"]:
        paragraph.alignment = _alignment(block["align"])
    if block["indent"]:
        paragraph.paragraph_format.first_line_indent = Pt(block["size"] * 2)
    run = paragraph.add_run(block["text"])
    run.font.size, run.font.bold, run.font.name = Pt(block["size"]), block["bold"], block["font"]
    run._element.rPr.rFonts.set(qn("w:eastAsia"), block["font"])  # CJK text takes the East Asian font slot


def _table(docx, block: dict) -> None:
    from docx.shared import Cm

    grid = docx.add_table(rows=1, cols=len(block["header"]))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, block["header"], strict=True):
        cell.text = text
    for row in block["rows"]:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            if isinstance(value, dict):
                cell.paragraphs[0].add_run().add_picture(_png(value), width=Cm(block["picture_cm"]))
            else:
                cell.text = value


def _picture(docx, block: dict) -> None:
    from docx.shared import Cm

    docx.add_picture(_png(block), width=Cm(block["width_cm"]))
    if block["align"]:
        docx.paragraphs[-1].alignment = _alignment(block["align"])


def _png(picture: dict) -> io.BytesIO:
    """A picture block's PNG: given as base64, or a QR code drawn here from its text (documents/qr.py)."""
    if "qr" in picture:
        return io.BytesIO(qr_png(picture["qr"]))
    return io.BytesIO(base64.b64decode(picture["png"]))


def _alignment(name: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[name]


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> int:
    return answer(lambda: written(iter(sys.stdin.buffer)))


def written(lines) -> bytes:
    kind, described = json.loads(next(lines))
    if kind == "xlsx":
        return write_xlsx(lines)
    if kind == "docx":
        return write_docx(described)
    raise ValueError(f"unknown file kind {kind!r}")


if __name__ == "__main__":
    sys.exit(main())
