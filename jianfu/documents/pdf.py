"""Every PDF the platform makes is drawn here, by a short-lived child process (jianfu/documents/render_pdf.py).

A web worker never imports WeasyPrint: a worker that had drawn PDFs carried 400–600 MiB for the rest of its
life (issue 17), where a child gives its memory back when it exits. The price is the child's start, about
0.3–0.5 s a PDF (measured in jianfu/bench/memory_figures.py's report).

    pdf_from_html(candidates, max_pages=None) -> bytes

`candidates` is complete HTML (fonts by family name, pictures inline), one version or several drawn smaller
step by step (the child keeps the first that fits `max_pages`). A child that fails, or does not finish within
settings.PDF_RENDER_SECONDS (default 120, waiting for a place included), raises PdfNotMade with a Chinese message for the person: the web
answers it as a 503 page (PdfNotMadeMiddleware), a management command prints it (it is a CommandError), and
nobody is ever handed half a file. At most settings.PDF_CHILDREN_AT_ONCE children (default 2) draw at once on
one machine, whatever the number of workers and threads; the others wait for a place within the same time.
settings.PDF_RENDER_COMMAND replaces the child's command line (a list).
"""

import fcntl
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.shortcuts import render
from django.utils.translation import gettext as _

CHILD = [sys.executable, "-m", "jianfu.documents.render_pdf"]
PDF_START, PDF_END = b"%PDF-", b"%%EOF"

log = logging.getLogger(__name__)


class PdfNotMade(CommandError):
    """The PDF could not be drawn; str() is the message for the person who asked for it."""


def pdf_from_html(candidates: str | list[str], max_pages: int | None = None) -> bytes:
    candidates = [candidates] if isinstance(candidates, str) else list(candidates)
    seconds = settings.PDF_RENDER_SECONDS
    deadline = time.monotonic() + seconds
    slot = _slot(deadline)
    try:
        return _drawn(candidates, max_pages, seconds, deadline)
    finally:
        slot.close()  # closing the file gives the place back (and so does the worker's death)


def _drawn(candidates: list[str], max_pages: int | None, seconds: float, deadline: float) -> bytes:
    asked = json.dumps({"html": candidates, "max_pages": max_pages}).encode()
    try:
        child = subprocess.run(
            _command(), input=asked, capture_output=True, timeout=max(deadline - time.monotonic(), 0.01), check=False
        )
    except subprocess.TimeoutExpired:  # run() has killed the child already
        log.error("PDF child stopped after %s s", seconds)
        raise PdfNotMade(
            _("PDF 文件未能在 {seconds} 秒内生成，未下载任何内容；请稍后重试，如仍失败请联系系统管理员。").format(
                seconds=_seconds(seconds)
            )
        ) from None
    except OSError as error:  # the interpreter itself could not be started (out of memory, no such file)
        log.error("PDF child did not start: %s", error)
        raise PdfNotMade(_failed()) from None
    if child.returncode != 0 or not _whole(child.stdout):
        log.error("PDF child failed (exit %s): %s", child.returncode, child.stderr.decode(errors="replace")[-2000:])
        raise PdfNotMade(_failed())
    return child.stdout


def _slot(deadline: float):
    """One of settings.PDF_CHILDREN_AT_ONCE places on this machine, held as an flock on a file under VAR_DIR:
    a child subsetting the CJK fonts reaches ~220 MiB, so four workers of four threads must not start sixteen.
    Waits for a place until the deadline; returns the open file that holds it."""
    folder = Path(settings.VAR_DIR) / "pdf-slots"
    folder.mkdir(parents=True, exist_ok=True)
    places = range(settings.PDF_CHILDREN_AT_ONCE)
    while True:
        for place in places:
            handle = open(folder / f"{place}.lock", "a")  # noqa: SIM115  held open until the PDF is drawn
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                handle.close()
        if time.monotonic() >= deadline:
            log.error("no place for a PDF child before the deadline")
            raise PdfNotMade(_("正在生成的 PDF 文件过多，未下载任何内容；请过一两分钟再试。"))
        time.sleep(0.1)


def _command() -> list[str]:
    return list(getattr(settings, "PDF_RENDER_COMMAND", None) or CHILD)


def _whole(data: bytes) -> bool:
    """A PDF from its header to its end-of-file mark: a child killed midway leaves no %%EOF at the end."""
    return data.startswith(PDF_START) and data.rstrip().endswith(PDF_END)


def _failed() -> str:
    return _("PDF 文件生成失败，未下载任何内容；请稍后重试，如仍失败请联系系统管理员。")


def _seconds(seconds: float) -> str:
    return f"{seconds:g}"


class PdfNotMadeMiddleware:
    """A PDF that could not be drawn answers 503 with its message, on any page that offers one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PdfNotMade):
            return render(request, "documents/pdf_not_made.html", {"message": str(exception)}, status=503)
        return None
