"""Official documents (GB/T 9704 layout, simplified): one description, rendered to .docx and .pdf.

Shared by registration certificates, annual lists, refusal letters and reports. The PDF is drawn by
WeasyPrint from HTML with the Noto CJK fonts (Debian's fonts-noto-cjk), in a child process (documents/pdf.py);
the .docx by python-docx.
"""

import base64
import io
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"


@dataclass(frozen=True)
class Picture:
    """A picture in a table cell (the annual list's QR code of each row), as PNG."""

    png: bytes
    alt: str = ""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str | Picture, ...], ...]
    widths: tuple[int, ...] = ()  # percent of the page's width per column; empty: the columns share it by content


@dataclass(frozen=True)
class OfficialDocument:
    title: str
    number: str = ""  # 发文字号 or registration number
    recipients: str = ""  # 主送机关
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    issuer: str = ""
    issued_on: date | None = None
    qr_png: bytes | None = None
    qr_caption: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    landscape: bool = False  # wide tables (the annual list) read across the long side
    max_pages: int | None = None  # the PDF is drawn smaller, step by step, until it fits (a certificate: 1)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# Font scales tried in turn for a document that must fit in max_pages; below the last one print is
# too small to read, so the caller shortens its text instead (a certificate cuts its longest fields).
SCALES = (1.0, 0.9, 0.8, 0.72)


def to_pdf(document: OfficialDocument) -> bytes:
    """Drawn by a child process (documents/pdf.py), so the worker never loads WeasyPrint; raises PdfNotMade."""
    from jianfu.documents.pdf import pdf_from_html

    scales = SCALES if document.max_pages else SCALES[:1]
    return pdf_from_html([_html(document, scale) for scale in scales], max_pages=document.max_pages)


def _html(document: OfficialDocument, scale: float) -> str:
    sizes = {name: round(points * scale, 2) for name, points in {"body": 16, "title": 22, "table": 10.5}.items()}
    return render_to_string(
        "documents/official.html",
        {
            "doc": document,
            "qr": _base64(document.qr_png) if document.qr_png else "",
            "rows": [[_cell(cell) for cell in row] for row in document.table.rows] if document.table else [],
            "issued": chinese_date(document.issued_on) if document.issued_on else "",
            "size": sizes,
            "line": 1.75 if scale == 1.0 else 1.5,
        },
    )


def _cell(cell) -> dict:
    if isinstance(cell, Picture):
        return {"png": _base64(cell.png), "alt": cell.alt}
    return {"text": str(cell)}


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def to_docx(document: OfficialDocument) -> bytes:
    # python-docx (~16 MiB with lxml) is loaded by the first .docx a worker writes, not by every worker
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    docx = Document()
    section = docx.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _paragraph(docx, document.title, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=SANS)
    if document.number:
        _paragraph(docx, document.number, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    if document.recipients:
        _paragraph(docx, document.recipients + "：", size=16)
    for text in document.paragraphs:
        _paragraph(docx, text, size=16, indent=True)
    if document.table:
        _table(docx, document.table)
    if document.qr_png:
        docx.add_picture(io.BytesIO(document.qr_png), width=Cm(3))
        _paragraph(docx, document.qr_caption, size=10)
    if document.issuer:
        _paragraph(docx, document.issuer, size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if document.issued_on:
        _paragraph(docx, chinese_date(document.issued_on), size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for note in document.notes:
        _paragraph(docx, note, size=10)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _paragraph(docx, text: str, *, size: int, bold: bool = False, align=None, indent: bool = False, font=SERIF):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = docx.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)  # CJK text takes the East Asian font slot
    return paragraph


def _table(docx, table: Table) -> None:
    from docx.shared import Cm

    grid = docx.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = text
    for row in table.rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            if isinstance(value, Picture):
                cell.paragraphs[0].add_run().add_picture(io.BytesIO(value.png), width=Cm(2))
            else:
                cell.text = str(value)
