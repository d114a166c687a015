"""A gunicorn web worker's resident memory after 1,000 mixed requests, beside the same worker at boot (issue 17:
≤ 80 MiB after 1,000 requests).

The server is the bench's (jianfu/bench/gunicorn.py, 2 workers, the bench database). "At boot" is each worker
once it has answered /healthz, so its URLconf and every view module are loaded: what a worker carries before
it does any work. Memory is read from /proc/<pid>/status: VmRSS (resident now), VmHWM (the peak) and RssAnon
(the part of VmRSS that is the worker's own: the rest is files mapped from disk, such as libraries and the CJK
fonts a PDF loads, shared between workers and given back by the kernel under pressure).

Two mixes are sent, each to a fresh server:
- pages and API: public verification (API 35 %, page 15 %, its QR image 10 %), public pages (the sign-in
  page, the annual list, the complaint form, the open figures: 10 %) and a bureau officer's signed-in pages (review queue,
  demands, schools, teachers, inbox, results: 30 %);
- with downloads: the same, with one request in twenty a download (the annual list as .xlsx and .pdf, the
  school roster as .xlsx, a certificate as .docx and .pdf). Every one of them is made by a child process
  (jianfu/documents/child.py: PDFs by render_pdf, workbooks and letters by render_office), so no worker loads
  WeasyPrint, openpyxl or python-docx. That is the honest mix for a bureau's server; its figure says what a
  worker grows to once it has served one of each.
Beside RSS, the largest worker's USS (its private pages only) and PSS (shared pages divided among the processes
sharing them) are reported, from /proc/<pid>/smaps_rollup: the goal is RSS, the others say how much of it a
second worker really costs the machine.

`pdf_figures()`: the seconds a PDF takes drawn by the child (start, imports and drawing) beside the same HTML
drawn in this process with WeasyPrint already loaded, and the child's peak resident memory (median of 5).
`office_figures()`: the same for a 1,000-row workbook, written by the child beside openpyxl in this process.
Every request comes from an address of its own (X-Forwarded-For, trusted from 127.0.0.1 here), so the
verification rate limit never answers 429 instead of the page.
"""

import http.client
import io
import itertools
import json
import statistics
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from jianfu.bench.gunicorn import served
from jianfu.bench.measure import Figure, timed
from jianfu.org.models import Division, Role, School, Unit
from jianfu.org.services import role_grant
from jianfu.registry.models import Demand
from jianfu.web.two_factor import client_sign_in_verified
from jianfu.workflow.demand import State

REQUESTS = 1_000
WORKERS = 2
THREADS = 4  # connections at once: two per worker, so both workers serve
GOAL_MIB = 80.0
# The QR codes and the list's PDF print the public address; the bench's is a placeholder nobody opens.
SERVER_ENV = {"JIANFU_TRUSTED_PROXIES": "127.0.0.1", "JIANFU_PUBLIC_URL": "https://jianfu.bench.invalid"}
_addresses = itertools.count(1)


def memory_figures(requests: int = REQUESTS) -> list[Figure]:
    county = Division.objects.get(code="520102")
    paths = bench_paths(county)
    cookie = f"{settings.SESSION_COOKIE_NAME}={officer_session(county)}"
    figures = []
    for mix, downloads in (("pages and API", False), ("with downloads", True)):
        sent = mixed_requests(paths, cookie, requests, downloads=downloads)
        figures += _served_figures(mix, sent)
    return figures + pdf_figures() + office_figures()


def bench_paths(county: Division) -> dict[str, list[str]]:
    """The bench database's URLs by kind: registered demands' codes, the county's list, a school."""
    demands = list(
        Demand.objects.filter(state=State.REGISTERED, verification_code__isnull=False, division=county)
        .order_by("pk")
        .values_list("pk", "verification_code")[:20]
    )
    if not demands:
        raise RuntimeError("the memory figures need registered demands: generate demands first")
    codes = [code for _, code in demands]
    return {
        "verify_api": [f"/api/v1/verify/{code}" for code in codes],
        "verify_page": [f"/v/{code}" for code in codes],
        "qr": [f"/v/{code}/qr.svg" for code in codes],
        "public": ["/login/", f"/lists/2021/{county.code}/", "/complaints/new/", "/open/"],
        "signed_in": ["/review/", "/demands/", "/schools/", "/teachers/", "/inbox/", "/results/"],
        "downloads": [
            f"/lists/2021/{county.code}.xlsx",
            f"/lists/2021/{county.code}.pdf",
            "/roster/schools/export.xlsx",
            f"/demands/{demands[0][0]}/certificate.docx",
            f"/demands/{demands[0][0]}/certificate.pdf",
        ],
    }


@override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)
def officer_session(county: Division) -> str:
    """The session key of the county bureau's officer, signed in with the second factor as after the verify
    page; the session is in the database, so the gunicorn workers read it like any other."""
    officer = get_user_model().objects.get_or_create(username="bench-registry-officer")[0]
    role_grant(user=officer, role=Role.EDUCATION_BUREAU, unit=Unit.objects.get(code=f"{county.code}-JYJ"))
    if not School.objects.filter(county=county).exists():
        raise RuntimeError("the memory figures need the bench province: build it first")
    client = client_sign_in_verified(Client(), officer)
    return client.session.session_key


def mixed_requests(paths: dict[str, list[str]], cookie: str, total: int, *, downloads: bool) -> list[tuple]:
    """(path, headers) for `total` requests in a fixed order: out of every 20, 7 API answers, 3 verification
    pages, 2 QR images, 2 public pages, 6 signed-in pages, one of which is a download when `downloads`."""
    pattern = ["verify_api"] * 7 + ["verify_page"] * 3 + ["qr"] * 2 + ["public"] * 2 + ["signed_in"] * 6
    if downloads:
        pattern[-1] = "downloads"
    turns = {kind: itertools.cycle(urls) for kind, urls in paths.items()}
    sent = []
    for n in range(total):
        kind = pattern[n % len(pattern)]
        signed = kind in ("signed_in", "downloads")
        sent.append((next(turns[kind]), {"Cookie": cookie} if signed else {}))
    return sent


def _served_figures(mix: str, sent: list[tuple]) -> list[Figure]:
    with served(workers=WORKERS, env=SERVER_ENV) as server:
        _send(server.port, [("/healthz", {})] * (THREADS * 5))  # every worker loads its URLconf and views
        boot = {pid: _memory(pid) for pid in server.worker_pids()}
        _send(server.port, sent)
        after = {pid: _memory(pid) for pid in server.worker_pids()}
    figures = []
    for number, pid in enumerate(sorted(boot), start=1):
        if pid not in after:  # a worker that died and was replaced has no "after" to compare
            raise RuntimeError(f"gunicorn worker {pid} did not live through the {mix} requests")
        at_boot = f"worker {number} resident at boot ({mix})"
        figures.append(
            Figure(
                f"worker {number} resident after {len(sent):,} req, {mix}", after[pid][0], "MiB", at_boot, boot[pid][0]
            )
        )
        figures.append(Figure(f"worker {number} peak (VmHWM), {mix}", after[pid][1], "MiB", at_boot, boot[pid][0]))
    largest = max(after, key=lambda pid: after[pid][0])
    figures.append(Figure(f"largest worker resident, {mix}", after[largest][0], "MiB", "goal of issue 17", GOAL_MIB))
    figures.append(Figure(f"its own (RssAnon), {mix}", after[largest][2], "MiB", "its own at boot", boot[largest][2]))
    figures.append(Figure(f"its unique (USS), {mix}", after[largest][3], "MiB", "its USS at boot", boot[largest][3]))
    figures.append(
        Figure(f"its proportional (PSS), {mix}", after[largest][4], "MiB", "its PSS at boot", boot[largest][4])
    )
    return figures


def _send(port: int, requests: list[tuple]) -> None:
    """Sends every request over THREADS connections at once; any answer but 200 stops the bench, since the
    memory of a worker answering errors says nothing of one doing the work."""
    queue, errors, lock = iter(requests), [], threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while not errors:
                with lock:
                    path, headers = next(queue, (None, None))
                if path is None:
                    return
                connection.request("GET", path, headers=headers | {"X-Forwarded-For": _next_address()})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"{path} answered {response.status}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(errors[0])


def _next_address() -> str:
    """11.x.y.z: a range of its own, apart from the served figures' 10.x.y.z in the same run."""
    n = next(_addresses)
    return f"11.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def _memory(pid: int) -> tuple[float, ...]:
    """(VmRSS, VmHWM, RssAnon, USS, PSS) of a process, in MiB."""
    status, rollup = _kib(Path(f"/proc/{pid}/status")), _kib(Path(f"/proc/{pid}/smaps_rollup"))
    uss = rollup["Private_Clean"] + rollup["Private_Dirty"]
    return tuple(kib / 1024 for kib in (status["VmRSS"], status["VmHWM"], status["RssAnon"], uss, rollup["Pss"]))


def _kib(path: Path) -> dict[str, int]:
    """The `Name:  1234 kB` lines of a /proc file, as kibibytes by name."""
    pairs = (line.split(":", 1) for line in path.read_text().splitlines() if line.rstrip().endswith(" kB"))
    return {name: int(value.split()[0]) for name, value in pairs}


def pdf_figures(runs: int = 5) -> list[Figure]:
    """A certificate-sized official document drawn by the child beside the same HTML drawn in this process."""
    from jianfu.documents.official import OfficialDocument, Table, pdf_parts
    from jianfu.documents.pdf import pdf_from_html
    from jianfu.documents.render_pdf import draw

    document = OfficialDocument(
        title="涉校事项登记备案证明",
        number="黔教减备〔2026〕1号",
        paragraphs=("经审核，下列事项符合规定，准予登记备案。",) * 3,
        table=Table(("项目", "内容"), tuple((f"第{n}项", "学校食品安全专项检查，实地查看。") for n in range(12))),
        issuer="贵阳市南明区教育局",
    )
    (html, *_smaller), rows = pdf_parts(document)
    child = statistics.median(timed(lambda: pdf_from_html(html, rows=rows)) for _ in range(runs))
    draw([html], None, rows)  # WeasyPrint and its fonts loaded once, as a worker that drew PDFs had them
    in_process = statistics.median(timed(lambda: draw([html], None, rows)) for _ in range(runs))
    peak = _child_peak_mib(html, rows)
    return [
        Figure(
            "PDF drawn by a child process", child * 1000, "ms", "drawn in process, WeasyPrint loaded", in_process * 1000
        ),
        Figure("PDF child's peak resident (VmHWM)", peak, "MiB", "goal of issue 17 (worker)", GOAL_MIB),
    ]


# The child's own peak, read by the child itself as it ends. Its rusage would not do: Linux carries the
# largest resident size of the process before exec (here the bench, which holds a province) into the
# child's ru_maxrss, so the figure would be the parent's. VmHWM in /proc/self/status starts afresh at exec.
_PEAK_SAYING_CHILD = """
import runpy, sys
try:
    runpy.run_module("jianfu.documents.render_pdf", run_name="__main__")
finally:
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(peak.split()[1], file=sys.stderr)
"""


def _child_peak_mib(html: str, rows: list[list]) -> float:
    """The PDF child's own peak resident memory (VmHWM, as it ends)."""
    asked = json.dumps({"html": [html], "max_pages": None, "rows": rows}).encode()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_SAYING_CHILD], input=asked, capture_output=True, check=False, timeout=300
    )
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF-"):
        raise RuntimeError(f"the PDF child failed on the bench's certificate: {done.stderr.decode()[-500:]}")
    return int(done.stderr.split()[-1]) / 1024  # KiB


def office_figures(runs: int = 5, rows: int = 1_000) -> list[Figure]:
    """A workbook of `rows` rows of ten cells written by the child (start, openpyxl's import, writing) beside the
    same rows written in this process with openpyxl already loaded: the price of keeping it out of the worker."""
    from openpyxl import Workbook as InProcess

    from jianfu.documents.office import Workbook
    from jianfu.documents.sheets import append_row

    values = [
        [f"第{n}行", n, n * 1.5, "贵阳市南明区第一小学", "=不是公式", "2021-02-22", "", n % 7, "是", "备注"]
        for n in range(rows)
    ]

    def write(book) -> None:
        sheet = book.create_sheet("样例")
        for row in values:
            append_row(sheet, row)
        book.save(io.BytesIO())

    child = statistics.median(timed(lambda: write(Workbook())) for _ in range(runs))
    in_process = statistics.median(timed(lambda: write(InProcess(write_only=True))) for _ in range(runs))
    return [
        Figure(
            f"workbook of {rows:,} rows written by a child process",
            child * 1000,
            "ms",
            "written in process, openpyxl loaded",
            in_process * 1000,
        )
    ]
