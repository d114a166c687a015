"""Draw a PDF from complete HTML, in a process of its own: `python -m jianfu.documents.render_pdf`.

WeasyPrint costs a process ~53 MiB to import, and a worker that has drawn PDFs grows to 400–600 MiB (font
subsetting, the mapped CJK fonts) and keeps it for as long as it lives. So no web worker draws one: each PDF is
drawn by a short-lived child that exits when it is done (jianfu/documents/pdf.py starts it and waits for it).

The child needs no Django: the HTML arrives complete, its fonts named by family (fontconfig finds the Noto CJK
fonts), its pictures inline as data: URLs or, for QR codes, as `qr:` addresses this child draws (documents/qr.py).
Only these modules, WeasyPrint and segno are imported. Nothing else is fetched (`fetcher`): the HTML carries
requesters' words, and nothing in it may make the child read a file or the network.

stdin: JSON {"html": [candidate, ...], "max_pages": n or null, "rows": [[cell, ...], ...]}. The candidates are
       the same document drawn smaller step by step; the first whose PDF has at most max_pages pages is written
       (the last one if none fits, or the first when max_pages is null). `rows`, if given, are a table's body,
       written here where each candidate says ROWS: a cell is text, or {"qr": text, "alt": alt} for a QR code.
       A county's list has thousands of cells: made into HTML by Django's templates in the worker, they cost it
       time and left its memory larger; as data they are one json.dumps there and one join here.
stdout: the PDF's bytes, and nothing else. Exit status 0 on success; otherwise 1, with the reason on stderr
        and nothing on stdout, so the parent never takes half a file for a whole one.
"""

import json
import sys
from html import escape

from jianfu.documents.qr import SCHEME, QrCode, qr_png, text_of  # segno itself only when a code is drawn

ROWS = "<!--rows-->"


def draw(candidates: list[str], max_pages: int | None, rows: list[list] = ()) -> bytes:
    from weasyprint import HTML

    if not candidates:
        raise ValueError("no HTML to draw")
    if rows:
        body = table_body(rows)
        candidates = [html.replace(ROWS, body, 1) for html in candidates]
    fetched = fetcher()
    for html in candidates if max_pages else candidates[:1]:
        rendered = HTML(string=html, url_fetcher=fetched).render()
        if not max_pages or len(rendered.pages) <= max_pages:
            break
    return rendered.write_pdf()


def fetcher():
    """WeasyPrint's pictures: QR codes drawn here, data: URLs read as they are. Anything else, or a code that
    cannot be drawn, stops the drawing (the parent answers that no file was made): the HTML is built to hold
    nothing else, and a document missing a picture is not to be handed out."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(SCHEME):
                return URLFetcherResponse(url, qr_png(text_of(url)), {"Content-Type": "image/png"})
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols={"data"}, fail_on_errors=True)


def table_body(rows: list[list]) -> str:
    """The rows as HTML, every text escaped as Django's templates escape it (quotes too)."""
    return "".join("<tr>" + "".join(map(_cell, row)) + "</tr>" for row in rows)


def _cell(cell) -> str:
    if isinstance(cell, dict):
        picture = QrCode(cell["qr"], cell.get("alt", ""))
        return f'<td class="picture"><img src="{escape(picture.src)}" alt="{escape(picture.alt)}"></td>'
    return f"<td>{escape(str(cell))}</td>"


def main() -> int:
    return answer(lambda: _asked(json.loads(sys.stdin.buffer.read())))


def _asked(asked: dict) -> bytes:
    return draw(list(asked["html"]), asked.get("max_pages"), asked.get("rows") or [])


def answer(make) -> int:
    """How every child answers (this one and render_office.py): the bytes `make()` returns on stdout and exit
    status 0, or on any failure nothing on stdout, the reason on stderr and exit status 1."""
    try:
        made = make()
    except Exception as error:  # any failure is the parent's to report; the child only says why
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(made)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
