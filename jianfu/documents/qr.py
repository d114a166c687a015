"""QR codes in documents, drawn by the child process that makes the file, never by the web worker.

A county's annual list prints a QR code on each of its hundreds of rows. Drawn in the worker (segno builds each
code's matrix from thousands of small objects), they left it ~2.4 MiB larger for good after five lists; so a
document names each code by the text it holds (`QrCode`), and the child draws it: the PDF child when WeasyPrint
asks for a `qr:` picture (render_pdf.fetcher), the .docx child when it places the picture (render_office).

No Django here: both children import this module, and only segno besides.
"""

import io
from dataclasses import dataclass
from urllib.parse import quote, unquote

SCHEME = "qr:"


@dataclass(frozen=True)
class QrCode:
    """A QR code holding `text` (a verification address), as a picture in a document."""

    text: str
    alt: str = ""

    @property
    def src(self) -> str:
        """The picture's address in a document's HTML: the text, percent-encoded behind `qr:`."""
        return SCHEME + quote(self.text, safe="")


def text_of(src: str) -> str:
    return unquote(src.removeprefix(SCHEME))


def qr_png(text: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()
