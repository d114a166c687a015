"""gunicorn settings every server of the platform shares (scripts/run.sh, the bench, production):

    gunicorn -c python:jianfu.config.gunicorn_conf jianfu.config.wsgi -w 4 ...

The application is loaded once, in the master, and the workers are forked from it (`preload_app`): the code,
Django's apps and the URLconf are shared between the workers instead of loaded by each. Measured on 2 workers
(jianfu/bench/memory_figures.py), a worker at boot fell from ~72 to ~66 MiB resident and from ~54 to ~25 MiB
of its own (USS). Before forking, the master closes any database connection it opened (a forked connection
would be shared by every worker) and freezes the garbage collector's objects, so no worker's collection writes
to those shared pages and copies them into its own memory.

glibc gives each thread that allocates its own malloc arena (up to 8 per core), and a gthread worker's threads
(`--threads 4`, as scripts/run.sh serves) each keep freed memory in theirs. The master limits them to
MALLOC_ARENAS (2) before anything is loaded, and the workers inherit it: measured with 4 threads at 2,000
schools, the largest worker after 1,000 requests fell from 89.5 to 88.2 MiB (medians of three runs; the bench's
own figure serves one thread a worker, where it changes nothing). An operator's own MALLOC_ARENA_MAX in the
environment is left as it is.

glibc also raises its mmap threshold each time a large block is freed, up to 32 MiB, so that a download's
buffers (a county's annual list: its HTML, the JSON sent to the PDF child, the PDF read back, each a few MiB)
are later carved out of the heap, whose freed middle is never given back. The master fixes the threshold at
glibc's starting 128 KiB (MMAP_FROM_BYTES): every block that large is mapped on its own and unmapped when
freed. In one process, thirty annual-list PDFs left it 89 MiB instead of 98.

A request that leaves much behind is followed by a full garbage collection once its response is sent
(`post_request`): at Guizhou scale the largest worker after 1,000 pages and API calls fell from 81 to 76 MiB.
A download is followed by one too, and by `malloc_trim`, which gives back the free pages in the middle of the
heap. With the fixed threshold and the trim (and the annual list's QR codes drawn by the PDF child), the largest
worker after 1,000 requests with downloads fell from 90.1 to 84.2 MiB at Guizhou scale, from 119 to 103 MiB at
four times it (2 workers, SQLite, the bench's mix).
"""

import ctypes
import gc
import os
import sys

preload_app = True

MALLOC_ARENAS = 2
MMAP_FROM_BYTES = 128 * 1024  # glibc's own starting threshold, kept fixed
LEFT_BEHIND_BLOCKS = 1_500
M_ARENA_MAX, M_MMAP_THRESHOLD = -8, -3  # glibc's malloc.h


def _glibc():
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl, macOS): their allocators have no arenas, threshold or trim to set
        return None


LIBC = _glibc()


def _malloc_tuned() -> None:
    if LIBC is None:
        return
    if "MALLOC_ARENA_MAX" not in os.environ:  # else glibc has read the operator's own already
        LIBC.mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        LIBC.mallopt(M_MMAP_THRESHOLD, MMAP_FROM_BYTES)


_malloc_tuned()


def when_ready(server) -> None:
    """In the master, after the application is loaded and before the first worker is forked."""
    from django.db import connections

    connections.close_all()
    gc.collect()
    gc.freeze()


def pre_request(worker, req) -> None:
    req.blocks_at_start = sys.getallocatedblocks()


def post_request(worker, req, environ, resp) -> None:
    """After the response is sent: a request that left LEFT_BEHIND_BLOCKS more memory blocks than it found, or
    that answered a file, is followed by a full garbage collection and a trim of glibc's heap.

    Its objects that refer to one another in cycles (a page's model instances and their related managers, a
    workbook's description) have by then been promoted to the oldest generation, which Python collects seldom;
    uncollected, they kept a worker ~5 MiB larger after 1,000 pages and API calls. A download leaves little
    behind but passes through much (a county's list: its rows, their HTML, the file read back from the child),
    and the heap's freed middle stays resident until `malloc_trim` gives its pages back. Both take ~1.5 ms, after
    the signed-in lists and the downloads only: public verification leaves a few dozen blocks, answers no file
    and never pays for either."""
    left_behind = sys.getallocatedblocks() - req.blocks_at_start > LEFT_BEHIND_BLOCKS
    if left_behind or answered_a_file(resp):
        gc.collect()
        if LIBC is not None:
            LIBC.malloc_trim(0)


def answered_a_file(resp) -> bool:
    """A download: its response names the file (Content-Disposition)."""
    return any(name.lower() == "content-disposition" for name, _value in getattr(resp, "headers", None) or ())
