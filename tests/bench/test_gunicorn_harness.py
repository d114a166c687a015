"""The gunicorn harness the served figures (and the worker-memory figures) run on."""

import http.client
import os

from jianfu.bench.gunicorn import served


def test_served_starts_the_asked_workers_answers_healthz_and_stops_when_the_block_ends():
    with served(workers=2) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/healthz")
        assert connection.getresponse().read() == b"ok"
        connection.close()
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert len(server.worker_pids()) == 2
        master = server.pid
    assert not os.path.exists(f"/proc/{master}")  # stopped and reaped
