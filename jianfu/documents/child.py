"""Files made by a short-lived child process, never in the web worker: PDFs (documents/pdf.py) and the .xlsx and
.docx downloads (documents/office.py).

A worker that had imported WeasyPrint, openpyxl or python-docx kept them (and what they allocated) for the rest
of its life (issue 17: 400–600 MiB after a PDF, +30–60 MiB after a workbook or a letter); a child gives its
memory back when it exits.

    made_by_child(command, stdin, is_whole, words) -> bytes

`stdin` is bytes, or an open file read from its start (a long export spooled to disk, so the worker never holds
its rows). The output is accepted only if `is_whole(output)` says it is a complete file. Anything else raises
FileNotMade with a message for the person in `words`: a child that fails, that writes half a file, that does
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
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

log = logging.getLogger(__name__)


class FileNotMade(CommandError):
    """The file could not be made; str() is the message for the person who asked for it, `title` the page's."""

    title = ""


@dataclass(frozen=True)
class Words:
    """What the person is told, in their language, when their file is not made."""

    not_made: type[FileNotMade]
    too_slow: Callable[[str], str]  # given the seconds allowed
    failed: Callable[[], str]
    busy: Callable[[], str]


def made_by_child(command: list[str], stdin, is_whole: Callable[[bytes], bool], words: Words) -> bytes:
    seconds = settings.PDF_RENDER_SECONDS
    deadline = time.monotonic() + seconds
    place = _place(deadline, words)
    try:
        return _run(command, stdin, is_whole, words, seconds, deadline)
    finally:
        place.close()  # closing the file gives the place back (and so does the worker's death)


def _run(command, stdin, is_whole, words: Words, seconds: float, deadline: float) -> bytes:
    given = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    if not isinstance(stdin, bytes):
        stdin.seek(0)
    try:
        child = subprocess.run(
            command, **given, capture_output=True, timeout=max(deadline - time.monotonic(), 0.01), check=False
        )
    except subprocess.TimeoutExpired:  # run() has killed the child already
        log.error("%s child stopped after %s s", command[-1], seconds)
        raise words.not_made(words.too_slow(f"{seconds:g}")) from None
    except OSError as error:  # the interpreter itself could not be started (out of memory, no such file)
        log.error("%s child did not start: %s", command[-1], error)
        raise words.not_made(words.failed()) from None
    if child.returncode != 0 or not is_whole(child.stdout):
        log.error(
            "%s child failed (exit %s): %s",
            command[-1],
            child.returncode,
            child.stderr.decode(errors="replace")[-2000:],
        )
        raise words.not_made(words.failed())
    return child.stdout


def _place(deadline: float, words: Words):
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
            raise words.not_made(words.busy())
        time.sleep(0.1)
