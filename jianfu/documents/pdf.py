"""Every PDF the platform makes is drawn here, by a short-lived child process (jianfu/documents/render_pdf.py).

A web worker never imports WeasyPrint: a worker that had drawn PDFs carried 400–600 MiB for the rest of its
life (issue 17), where a child gives its memory back when it exits. The price is the child's start, about
0.3–0.5 s a PDF (measured in jianfu/bench/memory_figures.py's report).

    pdf_from_html(candidates, max_pages=None, rows=None) -> bytes

`candidates` is complete HTML (fonts by family name, pictures inline), one version or several drawn smaller
step by step (the child keeps the first that fits `max_pages`); `rows`, a table's cells, are written by the child
where the HTML says render_pdf.ROWS. The child is run by documents/child.py, as the
.xlsx and .docx children are: one place among settings.PDF_CHILDREN_AT_ONCE per machine, settings.PDF_RENDER_SECONDS
at most, and a failure, a timeout or half a PDF raises PdfNotMade with a message for the person, answered as a
503 page by PdfNotMadeMiddleware (which answers any FileNotMade), printed by a management command; nobody is
ever handed half a file. settings.PDF_RENDER_COMMAND replaces the child's command line (a list).
"""

import json
import sys

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from jianfu.documents.child import FileNotMade, made_by_child

CHILD = [sys.executable, "-m", "jianfu.documents.render_pdf"]
PDF_START, PDF_END = b"%PDF-", b"%%EOF"


class PdfNotMade(FileNotMade):
    """The PDF could not be drawn; str() is the message for the person who asked for it."""

    title = gettext_lazy("PDF 文件未能生成")
    too_slow = gettext_lazy("PDF 文件未能在 {seconds} 秒内生成，未下载任何内容；请稍后重试，如仍失败请联系系统管理员。")
    failed = gettext_lazy("PDF 文件生成失败，未下载任何内容；请稍后重试，如仍失败请联系系统管理员。")
    busy = gettext_lazy("正在生成的 PDF 文件过多，未下载任何内容；请过一两分钟再试。")


def pdf_from_html(candidates: str | list[str], max_pages: int | None = None, rows: list | None = None) -> bytes:
    candidates = [candidates] if isinstance(candidates, str) else list(candidates)
    asked = json.dumps({"html": candidates, "max_pages": max_pages, "rows": rows or []}).encode()
    return made_by_child(_command(), asked, _whole, PdfNotMade)


def _command() -> list[str]:
    return list(getattr(settings, "PDF_RENDER_COMMAND", None) or CHILD)


def _whole(data: bytes) -> bool:
    """A PDF from its header to its end-of-file mark: a child killed midway leaves no %%EOF at the end."""
    return data.startswith(PDF_START) and data.rstrip().endswith(PDF_END)


class PdfNotMadeMiddleware:
    """A file that could not be made (a PDF, a workbook, a letter) answers 503 with its message, on any page that
    offers one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, FileNotMade):
            context = {"message": str(exception), "title": str(exception.title)}
            return render(request, "documents/pdf_not_made.html", context, status=503)
        return None
