"""THE test of the issue: an anonymous filing, through the page and through the API, from a distinctive
address (behind a trusted proxy, in X-Forwarded-For) with a unique user agent, leaves neither the address
nor the agent anywhere: not in the database (every table, and on SQLite the bytes of the database itself),
not in the audit log, not in any log record written during the requests, not in the web server's access
line. The same for tracking, answering and asking for review. The rate limits hold all the same."""

import io
import json
import logging
import re
import sqlite3
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings
from gunicorn.config import Config

from jianfu.audit.models import AuditEvent
from jianfu.complaints import privacy
from jianfu.complaints.access_log import ComplaintsBlindLogger
from jianfu.complaints.models import Complaint
from jianfu.complaints.services import act, ask
from jianfu.workflow.complaint import Action
from tests.world import committed_world

ADDRESS = "203.0.113.77"  # the client (documentation range), as our proxy forwards it
PROXY = "192.0.2.10"  # our own reverse proxy, trusted
PASSPHRASE = "青山绿水常在，初心依旧不变"
CONTENT = "区卫健局要求全体教师周末上街开展文明城市创建执勤，并每日上报照片。"


@pytest.fixture
def world(transactional_db):
    """Committed rows: the search reads the database file, which a transaction kept open would hide."""
    return committed_world()


@pytest.fixture
def agent() -> str:
    return f"JianfuAnonymityProbe/{uuid.uuid4().hex} (Linux; Android 14; Phone 2024)"


@pytest.fixture
def sender(agent):
    """A browser behind the trusted proxy: the proxy is the peer, the client is in X-Forwarded-For."""
    with override_settings(JIANFU_TRUSTED_PROXIES=[PROXY]):
        yield Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{ADDRESS}, {PROXY}", HTTP_USER_AGENT=agent)


class Everything(logging.Handler):
    """Keeps every record any logger writes, with whatever request it carries."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{self.format(record)} {record.__dict__!r}")
        request = getattr(record, "request", None)
        if request is not None:
            self.lines.append(repr(getattr(request, "META", "")))


def database_text() -> str:
    """Every row of every table, as text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def database_bytes() -> bytes:
    """On SQLite, the database as a file (VACUUM INTO), which is what a disk holds; elsewhere nothing more."""
    if connection.vendor != "sqlite":
        return b""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        data = copy.read_bytes() + (Path(f"{copy}-wal").read_bytes() if Path(f"{copy}-wal").exists() else b"")
        name = connection.settings_dict["NAME"]
        if name and not str(name).startswith(("file:", ":memory:")) and Path(name).exists():
            data += Path(name).read_bytes()
            wal = Path(f"{name}-wal")
            data += wal.read_bytes() if wal.exists() else b""
        sqlite3.connect(copy).close()
    return data


def assert_no_trace(agent: str, logs: Everything) -> None:
    marker = agent.split()[0]
    text = database_text()
    assert ADDRESS not in text and marker not in text
    raw = database_bytes()
    assert ADDRESS.encode() not in raw and marker.encode() not in raw
    audit = repr(list(AuditEvent.objects.values()))
    assert ADDRESS not in audit and marker not in audit
    written = "\n".join(logs.lines)
    assert ADDRESS not in written and marker not in written and PROXY not in written


def form_token(client: Client) -> str:
    page = client.get("/complaints/new/").content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def photo() -> io.BytesIO:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 0, 0)).save(out, format="JPEG")
    out.seek(0)
    out.name = "IMG_0001.jpg"
    return out


def test_an_anonymous_filing_through_the_page_leaves_no_address_and_no_agent_anywhere(world, sender, agent, logs):
    filing = {
        "accused": "520402-WJJ",
        "content": CONTENT,
        "passphrase": PASSPHRASE,
        "passphrase_again": PASSPHRASE,
        "form_token": form_token(sender),
        "intent": "file",
    }
    filed = sender.post("/complaints/new/", filing | {"evidence": photo()})
    again = sender.post("/complaints/new/", filing)  # a 409, which django.request logs with the request
    assert filed.status_code == 201 and again.status_code == 409
    assert logs.lines, "django.request wrote its warning: the capture works"
    receipt = re.search(r'data-testid="receipt"[^>]*>([^<]+)<', filed.content.decode()).group(1).strip()
    for response in (filed, again):
        assert not response.cookies

    complaint = Complaint.objects.get()
    for step in (Action.ACCEPT, Action.ASSIGN, Action.INVESTIGATE):
        act(complaint.pk, world.county_officer, step)
    ask(complaint.pk, world.county_officer, "通知是哪天下发的？")
    case = sender.post("/complaints/track/", {"receipt": receipt, "passphrase": PASSPHRASE})
    wrong = sender.post("/complaints/track/", {"receipt": receipt, "passphrase": "不是这个密码不是这个密码"})
    token = re.search(r'name="token" value="([^"]+)"', case.content.decode()).group(1)
    replied = sender.post("/complaints/track/reply/", {"token": token, "body": "3 月 5 日。", "evidence": photo()})
    assert case.status_code == 200 and wrong.status_code == 404 and replied.status_code == 200
    assert not (case.cookies or wrong.cookies or replied.cookies)

    assert_no_trace(agent, logs)


def test_an_anonymous_filing_through_the_api_leaves_no_address_and_no_agent_anywhere(world, sender, agent, logs):
    body = {"accused_unit": "520402-WJJ", "content": CONTENT, "passphrase": PASSPHRASE}
    filed = sender.post("/api/v1/complaints", json.dumps(body), content_type="application/json")
    assert filed.status_code == 201
    receipt = filed.json()["receipt"]
    tracked = sender.post(
        "/api/v1/complaints/track",
        json.dumps({"receipt": receipt, "passphrase": PASSPHRASE}),
        content_type="application/json",
    )
    unknown = sender.post(
        "/api/v1/complaints/track",
        json.dumps({"receipt": "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", "passphrase": PASSPHRASE}),
        content_type="application/json",
    )
    assert tracked.status_code == 200 and unknown.status_code == 404
    assert not (filed.cookies or tracked.cookies or unknown.cookies)

    assert_no_trace(agent, logs)


def test_the_access_log_line_of_a_complaint_request_has_no_address_and_no_agent(agent):
    """gunicorn's own line, as scripts/run.sh configures it, for a complaint path and (as a control that
    the test can fail) for another path."""
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", config.access_log_format + ' "%({x-forwarded-for}i)s" "%({x-real-ip}i)s"')
    logger = ComplaintsBlindLogger(config)
    lines = []
    capture = logging.Handler()
    capture.emit = lambda record: lines.append(record.getMessage())
    logger.access_log.addHandler(capture)

    class Response:
        status, sent, headers = "201 Created", 123, [("Content-Type", "application/json")]

    class Request:
        headers = [("USER-AGENT", agent), ("X-FORWARDED-FOR", ADDRESS), ("X-REAL-IP", ADDRESS)]

    def environ(path):
        return {
            "REMOTE_ADDR": ADDRESS,
            "HTTP_USER_AGENT": agent,
            "HTTP_X_FORWARDED_FOR": ADDRESS,
            "REQUEST_METHOD": "POST",
            "RAW_URI": path,
            "PATH_INFO": path,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "QUERY_STRING": "",
        }

    for path in ("/complaints/new/", "/api/v1/complaints", "/api/v1/complaints/track", "/demands/"):
        logger.access(Response(), Request(), environ(path), timedelta(milliseconds=12))

    *complaint_lines, other = lines
    assert len(complaint_lines) == 3
    for line in complaint_lines:
        assert ADDRESS not in line and agent not in line
        assert "POST" in line and "201" in line  # what an operator needs stays
    assert ADDRESS in other and agent in other
    assert "--logger-class jianfu.complaints.access_log.ComplaintsBlindLogger" in Path("scripts/run.sh").read_text()


def test_filing_is_limited_per_sender_and_another_sender_still_files(world, agent):
    body = json.dumps({"accused_unit": "520402-WJJ", "content": CONTENT, "passphrase": PASSPHRASE})
    one = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=agent)
    answers = [one.post("/api/v1/complaints", body, content_type="application/json").status_code for _ in range(11)]
    other = Client(REMOTE_ADDR="198.51.100.9").post("/api/v1/complaints", body, content_type="application/json")

    assert answers == [201] * privacy.FILINGS_PER_HOUR + [429]
    assert other.status_code == 201
    assert Complaint.objects.count() == privacy.FILINGS_PER_HOUR + 1


def test_passphrase_guesses_on_one_receipt_are_limited_whatever_address_sends_them(world):
    body = json.dumps({"accused_unit": "520402-WJJ", "content": CONTENT, "passphrase": PASSPHRASE})
    receipt = Client().post("/api/v1/complaints", body, content_type="application/json").json()["receipt"]

    def guess(n: int, passphrase: str):
        client = Client(REMOTE_ADDR=f"198.51.100.{n}")  # a new address for every guess
        data = json.dumps({"receipt": receipt, "passphrase": passphrase})
        return client.post("/api/v1/complaints/track", data, content_type="application/json").status_code

    guesses = [guess(n, f"猜测的密码第{n}次猜测的密码") for n in range(privacy.TRACKS_PER_RECEIPT_PER_HOUR)]
    assert guesses == [404] * privacy.TRACKS_PER_RECEIPT_PER_HOUR
    assert guess(99, PASSPHRASE) == 429  # even the right passphrase waits out the hour


def test_receipt_guessing_from_one_sender_is_limited_across_receipts(world):
    client = Client(REMOTE_ADDR=ADDRESS)

    def guess(n: int):
        data = json.dumps({"receipt": f"AAAA-AAAA-AAAA-AAAA-{n:04d}", "passphrase": PASSPHRASE})
        return client.post("/api/v1/complaints/track", data, content_type="application/json").status_code

    answers = [guess(n) for n in range(privacy.TRACKS_PER_SUBJECT_PER_HOUR + 1)]

    assert answers == [404] * privacy.TRACKS_PER_SUBJECT_PER_HOUR + [429]


def test_the_rate_limit_subject_changes_every_day_and_needs_the_secret(settings):
    today, tomorrow = date(2024, 3, 5), date(2024, 3, 6)
    ours = privacy.subject_of(ADDRESS, today)

    assert ours == privacy.subject_of(ADDRESS, today) != privacy.subject_of(ADDRESS, tomorrow)
    assert ADDRESS not in ours
    settings.SECRET_KEY = "another installation's secret, not ours at all"
    assert privacy.subject_of(ADDRESS, today) != ours
