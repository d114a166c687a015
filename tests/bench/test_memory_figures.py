"""The web worker's memory figures at toy scale: gunicorn serves the test database a short mix, and each
worker's memory after it stands beside the same worker's at boot."""

from jianfu.bench import memory_figures as memory
from tests.other_processes import url_of_the_test_database

PATHS = {
    "verify_api": ["/api/v1/verify/A"],
    "verify_page": ["/v/A"],
    "qr": ["/v/A/qr.svg"],
    "public": ["/login/"],
    "signed_in": ["/demands/"],
    "downloads": ["/lists/2021/520102.xlsx", "/lists/2021/520102.pdf"],
}


def test_each_worker_is_reported_after_the_requests_beside_itself_at_boot(a_small_registry, monkeypatch):
    # gunicorn serves the test database itself: the workers must find the sessions the bench signs in meanwhile.
    monkeypatch.setenv("DATABASE_URL", url_of_the_test_database())
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "jianfu.config.settings_test")

    figures = {f.name: f for f in memory.memory_figures(requests=40)}

    for mix in ("pages and API", "with downloads"):
        for worker in (1, 2):
            after = figures[f"worker {worker} resident after 40 req, {mix}"]
            peak = figures[f"worker {worker} peak (VmHWM), {mix}"]
            assert after.value > 0 and after.baseline > 0 and after.baseline_name.startswith(f"worker {worker}")
            assert peak.value >= after.value and peak.baseline == after.baseline
        assert figures[f"largest worker resident, {mix}"].baseline == memory.GOAL_MIB


def test_the_mix_has_one_download_in_twenty_signed_in_and_none_without_downloads():
    with_downloads = memory.mixed_requests(PATHS, "sessionid=x", 40, downloads=True)
    without = memory.mixed_requests(PATHS, "sessionid=x", 40, downloads=False)

    downloads = [path for path, _ in with_downloads if path in PATHS["downloads"]]
    assert downloads == PATHS["downloads"]
    assert not [path for path, _ in without if path in PATHS["downloads"]]
    assert all(headers == {"Cookie": "sessionid=x"} for path, headers in with_downloads if path in downloads)
    assert all(headers == {} for path, headers in without if path.startswith(("/v/", "/api/", "/login/")))


def test_the_pdf_child_s_own_peak_is_reported_not_the_parent_s_carried_over_at_exec():
    """Linux carries the parent's largest resident size into a child's rusage; the child reads its own."""
    ballast = bytearray(400 * 1024 * 1024)  # this process holds 400 MiB more than any PDF child needs
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so it is resident
    figures = {figure.name: figure for figure in memory.pdf_figures(runs=1)}
    peak = figures["PDF child's peak resident (VmHWM)"].value
    assert 20 < peak < 400, peak
    assert figures["PDF drawn by a child process"].value > 0
    del ballast


def test_the_workbook_written_by_the_child_stands_beside_the_same_rows_written_in_process():
    (figure,) = memory.office_figures(runs=1, rows=50)
    assert figure.name == "workbook of 50 rows written by a child process"
    assert figure.value > 0 and figure.baseline > 0 and figure.baseline_name == "written in process, openpyxl loaded"
