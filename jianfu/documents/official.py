"""Official documents (GB/T 9704 layout, simplified): one description, rendered to .docx and .pdf.

Shared by registration certificates, annual lists, refusal letters and reports. The PDF is drawn by
WeasyPrint from HTML with the Noto CJK fonts (Debian's fonts-noto-cjk); the .docx by python-docx.
"""

import base64
import io
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


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


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def to_pdf(document: OfficialDocument) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s, paid only when a PDF is made

    qr = base64.b64encode(document.qr_png).decode() if document.qr_png else ""
    html = render_to_string(
        "documents/official.html",
        {"doc": document, "qr": qr, "issued": chinese_date(document.issued_on) if document.issued_on else ""},
    )
    return HTML(string=html).write_pdf()


def to_docx(document: OfficialDocument) -> bytes:
    docx = Document()
    section = docx.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
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
    grid = docx.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = text
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = str(text)
