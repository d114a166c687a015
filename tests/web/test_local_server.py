"""`make run` serves the way production does: scripts/run.sh started for real (DEBUG off, gunicorn,
whitenoise), in a throwaway var/ and on a free port. A missing page and a failing page answer in
Chinese without a traceback, static files and the favicon answer, and the demo accounts are printed
once each."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# run.sh is started with a clean environment, so it always serves its own SQLite demo: the PostgreSQL pass of
# the suite would run the same thing again (about 200 s of one worker) and test nothing new.
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="run.sh serves its own SQLite demo whatever the suite's database; it runs in the SQLite pass",
)
DEBUG_PAGE_MARKS = ("Traceback", "DEBUG = True", "Django tried these URL patterns", "Request Method:")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, port: int, var_dir: Path, output: Path):
        self.base, self.var_dir, self.output = f"http://127.0.0.1:{port}", var_dir, output

    def get(self, path: str) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers={"Accept-Language": "zh-hans"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """scripts/run.sh --no-install (the shared .venv is there; installing would strip its test tools)
    with a clean environment: nothing of the test settings leaks into the server."""
    var_dir = tmp_path_factory.mktemp("var")
    output = var_dir / "run.out"
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "JIANFU_VAR_DIR": str(var_dir),
        "PORT": str(port),
        "JIANFU_DEMO_TEACHERS": "400",
        "DEBUG": "true",  # run.sh must turn it off whatever the caller had
    }
    with output.open("w") as out:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh"), "--no-install"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, var_dir, output)
    try:
        deadline = time.monotonic() + 240
        while True:
            if process.poll() is not None:
                pytest.fail(f"run.sh ended with {process.returncode}:\n{output.read_text()}")
            try:
                if server.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer within 240 s:\n{output.read_text()}")
            time.sleep(0.5)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def assert_no_debug_page(body: bytes) -> None:
    text = body.decode()
    for mark in DEBUG_PAGE_MARKS:
        assert mark not in text


def test_a_missing_page_answers_with_the_chinese_404_page(server):
    status, _headers, body = server.get("/no-such-page/")
    assert status == 404
    assert "找不到页面" in body.decode()
    assert_no_debug_page(body)


def test_the_local_server_serves_plain_http_without_https_redirect_or_hsts(server):
    status, headers, _body = server.get("/login/")
    assert status == 200
    assert "Strict-Transport-Security" not in headers
    assert "; secure" not in headers.get("Set-Cookie", "").lower()


def test_static_css_and_the_favicon_answer(server):
    _status, _headers, body = server.get("/login/")
    page = body.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert re.search(r"jianfu\.[0-9a-f]{12}\.css$", stylesheet)  # whitenoise's manifest, as in production
    status, headers, _ = server.get(stylesheet)
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    status, headers, _ = server.get(icon)
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    status, headers, body = server.get("/favicon.ico")
    assert status == 200 and headers["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_printed_demo_accounts_list_each_account_once(server):
    printed = re.findall(r"^  ([a-z]+-[a-z]+) ", server.output.read_text(), flags=re.MULTILINE)
    assert "xixiu-bureau" in printed and "anshun-bureau" in printed and "ziyun-teacher" in printed
    assert [name for name, n in Counter(printed).items() if n > 1] == []


def test_a_failing_page_answers_with_the_chinese_500_page(server):
    """The last test: it breaks the throwaway database (the stored verification answers' table goes
    away) so that the public verification page fails for real."""
    with sqlite3.connect(server.var_dir / "jianfu.sqlite3") as db:
        db.execute("ALTER TABLE registry_publicanswer RENAME TO registry_publicanswer_gone")
    status, _headers, body = server.get("/v/ABCDEFGH")
    assert status == 500
    assert "系统出错" in body.decode()
    assert_no_debug_page(body)
