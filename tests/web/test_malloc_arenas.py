"""gunicorn's master limits glibc to two malloc arenas before it forks the workers (jianfu/config/gunicorn_conf.py):
each thread of a gthread worker otherwise takes an arena of its own and keeps its freed memory there (issue 17)."""

import subprocess
import sys

# Eight threads allocate at once, then glibc lists its arenas ("Arena 0:", "Arena 1:", ...) on stderr.
PROBE = """
import ctypes, sys, threading
if sys.argv[1] == "served":
    import jianfu.config.gunicorn_conf  # as gunicorn's master reads it, before any worker
start, kept = threading.Barrier(8), []
def work():
    start.wait()
    kept.append([bytearray(4000) for _ in range(2000)])
threads = [threading.Thread(target=work) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL("libc.so.6").malloc_stats()
"""


def arenas(how: str) -> int:
    done = subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True, check=True)
    return sum(line.startswith(b"Arena ") for line in done.stderr.splitlines())


def test_the_gunicorn_settings_leave_eight_threads_two_malloc_arenas_where_glibc_alone_gives_more():
    assert arenas("plain") > 2  # the probe can tell: without the settings the threads spread out
    assert arenas("served") <= 2
