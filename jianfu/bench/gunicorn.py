"""Serve the bench database with gunicorn, as production serves, for figures taken over real HTTP.

API::

    from jianfu.bench.gunicorn import served

    with served(workers=2) as server:
        server.url            # "http://127.0.0.1:<free port>", answering /healthz already
        server.port           # the port
        server.pid            # the gunicorn master
        server.worker_pids()  # the workers' process ids now (read from /proc, children of the master)
    # leaving the block stops gunicorn (TERM, then KILL after `stop_seconds`) and waits for it

`served(workers=2, threads=1, env=None, start_seconds=60, stop_seconds=10)`: the server runs
`jianfu.config.wsgi` with the platform's gunicorn settings (jianfu/config/gunicorn_conf.py: preloaded), with
this process's environment (so the same DATABASE_URL: inside `jianfu bench`
that is the bench database, see jianfu/cli.py), DEBUG off and no https redirect (it is plain http on
127.0.0.1), WEB_CONCURRENCY set to the number of workers (the per-process rate limit divides by it),
plus whatever `env` adds. A server that does not answer /healthz within `start_seconds` raises
`ServerDidNotStart` with the end of its log.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class ServerDidNotStart(RuntimeError):
    pass


@dataclass
class Server:
    port: int
    pid: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The master's children (gunicorn's workers), as /proc lists them now."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(
    workers: int = 2, threads: int = 1, env: dict | None = None, start_seconds: float = 60, stop_seconds: float = 10
) -> Iterator[Server]:
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            _command(port, workers, threads),
            env=_environment(workers, env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(process, port, start_seconds, log)
            yield Server(port=port, pid=process.pid)
        finally:
            _stop(process, stop_seconds)


def _command(port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config=python:jianfu.config.gunicorn_conf",  # as production: the app preloaded, workers forked
        "jianfu.config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--timeout=120",
        "--log-level=warning",
    ]


def _environment(workers: int, extra: dict | None) -> dict:
    # Plain http on this machine: no redirect to https, as scripts/run.sh serves locally.
    return (
        os.environ
        | {"DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0"}
        | {"WEB_CONCURRENCY": str(workers)}
        | (extra or {})
    )


def _wait_until_healthy(process: subprocess.Popen, port: int, seconds: float, log) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if _healthz_answers(port):
            return
        time.sleep(0.1)
    log.seek(0)
    tail = log.read().decode(errors="replace")[-2000:]
    raise ServerDidNotStart(f"gunicorn did not answer /healthz on port {port} within {seconds}s:\n{tail}")


def _healthz_answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen, seconds: float) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
