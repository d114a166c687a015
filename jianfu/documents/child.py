"""Files made by a short-lived child process, never in the web worker: PDFs (documents/pdf.py) and the .xlsx and
.docx downloads (documents/office.py).

A worker that had imported WeasyPrint, openpyxl or python-docx kept them (and what they allocated) for the rest
of its life (issue 17: 400–600 MiB after a PDF, +30–60 MiB after a workbook or a letter); a child gives its
memory back when it exits.

    made_by_child(command, stdin, is_whole, not_made=FileNotMade) -> bytes

`stdin` is bytes, or an open file read from its start (a long export spooled to disk, so the worker never holds
its rows). The output is accepted only if `is_whole(output)` says it is a complete file. Anything else raises
`not_made` (FileNotMade, or PdfNotMade with its own words) with a message for the person: a child that fails, that writes half a file, that does
not finish within settings.PDF_RENDER_SECONDS (default 120, waiting for a place included), or that finds no
place. The web answers it as a 503 page (documents/pdf.py FileNotMadeMiddleware), a management command prints
it (it is a CommandError), and nobody is ever handed half a file. At most settings.PDF_CHILDREN_AT_ONCE children
(default 2) run at once on one machine, whatever they make and whatever the number of workers and threads.
"""

import fcntl
import logging
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)


class FileNotMade(CommandError):
    """The file could not be made; str() is the message for the person who asked for it, `title` the page's."""

    title = gettext_lazy("文件未能生成")
    too_slow = gettext_lazy("文件未能在 {seconds} 秒内生成，未下载任何内容；请稍后重试，如仍失败请联系系统管理员。")
    failed = gettext_lazy("文件生成失败，未下载任何内容；请稍后重试，如仍失败请联系系统管理员。")
    busy = gettext_lazy("正在生成的文件过多，未下载任何内容；请过一两分钟再试。")


def made_by_child(
    command: list[str], stdin, is_whole: Callable[[bytes], bool], not_made: type[FileNotMade] = FileNotMade
) -> bytes:
    seconds = settings.PDF_RENDER_SECONDS
    deadline = time.monotonic() + seconds
    place = _place(deadline, not_made)
    try:
        return _run(command, stdin, is_whole, not_made, seconds, deadline)
    finally:
        place.close()  # closing the file gives the place back (and so does the worker's death)


def _run(command, stdin, is_whole, not_made: type[FileNotMade], seconds: float, deadline: float) -> bytes:
    given = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    if not isinstance(stdin, bytes):
        stdin.seek(0)
    try:
        child = subprocess.run(
            command, **given, capture_output=True, timeout=max(deadline - time.monotonic(), 0.01), check=False
        )
    except subprocess.TimeoutExpired:  # run() has killed the child already
        log.error("%s child stopped after %s s", command[-1], seconds)
        raise not_made(str(not_made.too_slow).format(seconds=f"{seconds:g}")) from None
    except OSError as error:  # the interpreter itself could not be started (out of memory, no such file)
        log.error("%s child did not start: %s", command[-1], error)
        raise not_made(str(not_made.failed)) from None
    if child.returncode != 0 or not is_whole(child.stdout):
        log.error(
            "%s child failed (exit %s): %s",
            command[-1],
            child.returncode,
            child.stderr.decode(errors="replace")[-2000:],
        )
        raise not_made(str(not_made.failed))
    return child.stdout


def _place(deadline: float, not_made: type[FileNotMade]):
    """One of settings.PDF_CHILDREN_AT_ONCE places on this machine, held as an flock on a file under VAR_DIR:
    a child subsetting the CJK fonts reaches ~220 MiB, so four workers of four threads must not start sixteen.
    Waits for a place until the deadline; returns the open file that holds it."""
    folder = Path(settings.VAR_DIR) / "pdf-slots"
    folder.mkdir(parents=True, exist_ok=True)
    places = range(settings.PDF_CHILDREN_AT_ONCE)
    while True:
        for place in places:
            handle = open(folder / f"{place}.lock", "a")  # noqa: SIM115  held open until the file is made
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                handle.close()
        if time.monotonic() >= deadline:
            log.error("no place for a child process before the deadline")
            raise not_made(str(not_made.busy))
        time.sleep(0.1)
