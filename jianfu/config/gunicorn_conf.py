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

A request that leaves much behind is followed by a full garbage collection once its response is sent
(`post_request`): at Guizhou scale the largest worker after 1,000 pages and API calls fell from 81 to 76 MiB.
"""

import ctypes
import gc
import os
import sys

preload_app = True

MALLOC_ARENAS = 2
LEFT_BEHIND_BLOCKS = 1_500
M_ARENA_MAX = -8  # glibc's malloc.h


def _fewer_malloc_arenas() -> None:
    if "MALLOC_ARENA_MAX" in os.environ:
        return  # glibc has read it already
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl, macOS): their allocators have no arenas to limit
        return
    libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS)


_fewer_malloc_arenas()


def when_ready(server) -> None:
    """In the master, after the application is loaded and before the first worker is forked."""
    from django.db import connections

    connections.close_all()
    gc.collect()
    gc.freeze()


def pre_request(worker, req) -> None:
    req.blocks_at_start = sys.getallocatedblocks()


def post_request(worker, req, environ, resp) -> None:
    """After the response is sent: a request that left LEFT_BEHIND_BLOCKS more memory blocks than it found is
    followed by a full garbage collection. Its objects that refer to one another in cycles (a page's model
    instances and their related managers, a workbook's description) have by then been promoted to the oldest
    generation, which Python collects seldom; uncollected, they kept a worker ~5 MiB larger after 1,000 pages
    and API calls. A collection takes ~1.5 ms, after the signed-in lists and the downloads only: public
    verification leaves a few dozen blocks and never pays for one."""
    if sys.getallocatedblocks() - req.blocks_at_start > LEFT_BEHIND_BLOCKS:
        gc.collect()
