"""Official documents (GB/T 9704 layout, simplified): one description, rendered to .docx and .pdf.

Shared by registration certificates, annual lists, refusal letters and reports. The PDF is drawn by
WeasyPrint from HTML with the Noto CJK fonts (Debian's fonts-noto-cjk), in a child process (documents/pdf.py);
the .docx by python-docx, in a child process too (documents/office.py).
"""

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string

from jianfu.documents.qr import QrCode
from jianfu.documents.render_pdf import ROWS  # the child's own module: json and html.escape, no WeasyPrint

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str | QrCode, ...], ...]  # the annual list's rows end with their QR code
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
    qr: QrCode | None = None  # printed beside the signature (a certificate's verification address)
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

    pages, rows = pdf_parts(document)
    return pdf_from_html(pages, max_pages=document.max_pages, rows=rows)


def pdf_parts(document: OfficialDocument) -> tuple[list[str], list[list]]:
    """What the PDF child takes: the page at each scale it may try, and the table's rows as data."""
    scales = SCALES if document.max_pages else SCALES[:1]
    rows = [[_cell(cell) for cell in row] for row in document.table.rows] if document.table else []
    return [page_html(document, scale) for scale in scales], rows


def page_html(document: OfficialDocument, scale: float) -> str:
    """The page without its table's rows: the child writes them where it says ROWS (render_pdf.table_body)."""
    sizes = {name: round(points * scale, 2) for name, points in {"body": 16, "title": 22, "table": 10.5}.items()}
    return render_to_string(
        "documents/official.html",
        {
            "doc": document,
            "rows": ROWS,
            "issued": chinese_date(document.issued_on) if document.issued_on else "",
            "size": sizes,
            "line": 1.75 if scale == 1.0 else 1.5,
        },
    )


def _cell(cell) -> str | dict:
    """A table cell as the child takes it: text, or a QR code by the text it holds."""
    if isinstance(cell, QrCode):
        return {"qr": cell.text, "alt": cell.alt}
    return str(cell)


def to_docx(document: OfficialDocument) -> bytes:
    """Written by a child process (documents/office.py), so the worker never loads python-docx; raises
    FileNotMade."""
    from jianfu.documents.office import WordDocument, docx_file

    docx = WordDocument(landscape=document.landscape)
    docx.paragraph(document.title, size=22, bold=True, align="center", font=SANS)
    if document.number:
        docx.paragraph(document.number, size=16, align="center", font=SERIF)
    if document.recipients:
        docx.paragraph(document.recipients + "：", size=16, font=SERIF)
    for text in document.paragraphs:
        docx.paragraph(text, size=16, indent=True, font=SERIF)
    if document.table:
        docx_table(docx, document.table)
    if document.qr:
        docx.picture(document.qr, width_cm=3)
        docx.paragraph(document.qr_caption, size=10, font=SERIF)
    if document.issuer:
        docx.paragraph(document.issuer, size=16, align="right", font=SERIF)
    if document.issued_on:
        docx.paragraph(chinese_date(document.issued_on), size=16, align="right", font=SERIF)
    for note in document.notes:
        docx.paragraph(note, size=10, font=SERIF)
    return docx_file(docx)


def docx_table(docx, table: Table) -> None:
    """A table of the description, its QR codes (the annual list's) 2 cm wide in their cells."""
    docx.table(table.header, table.rows)
