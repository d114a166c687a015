"""Public verification as it is served: requests per second and p50, in process and under gunicorn.

Each figure stands beside `/healthz` measured in the same run the same way (the ratio is the goal of
issue 17: ≥ 0.6×). Every request comes from an address of its own (the test client's REMOTE_ADDR; over
HTTP an X-Forwarded-For that gunicorn's environment trusts), so the rate limit is paid on every request
as for many schools at once, and never refuses: a figure of 429 answers would time nothing useful.
"""

import http.client
import itertools
import statistics
import threading
import time

from django.db.models import Count
from django.test import Client, override_settings

from jianfu.bench.gunicorn import served
from jianfu.bench.measure import Figure, together
from jianfu.registry.models import Demand
from jianfu.workflow.demand import State

ROUNDS = 3  # figures are medians of rounds: the machine is shared, single rounds are noisy
IN_PROCESS_REQUESTS = 300
SERVED_SECONDS = 3.0
LOAD_THREADS = 4  # keep-alive connections at once, two per gunicorn worker
WORKERS = 2
_addresses = itertools.count(1)


def next_address() -> str:
    """A fresh client address per request (10.0.0.1, 10.0.0.2, ...): no address reaches the limit."""
    n = next(_addresses)
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def served_figures() -> list[Figure]:
    paths = verification_paths()
    return in_process_figures(paths) + gunicorn_figures(paths)


def verification_paths() -> dict[str, tuple[str, ...]]:
    """The API and the page of a registered demand with a scope (counties and levels to name), asked again
    and again; and the API asked for a different registered demand each time, in turn (up to 2,000): what
    a process remembers of one answer cannot help there."""
    demand = (
        Demand.objects.filter(state=State.REGISTERED, verification_code__isnull=False)
        .annotate(levels=Count("target_levels"))
        .filter(levels__gt=0)
        .order_by("pk")
        .first()
    )
    if demand is None:
        raise RuntimeError("the served figures need a registered demand: generate demands first")
    code = demand.verification_code
    codes = Demand.objects.filter(state=State.REGISTERED, verification_code__isnull=False).values_list(
        "verification_code", flat=True
    )
    return {
        "verification API": (f"/api/v1/verify/{code}",),
        "verification page": (f"/v/{code}",),
        "verification API, a different demand each time": tuple(f"/api/v1/verify/{c}" for c in codes[:2000]),
    }


@override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)
def in_process_figures(paths: dict[str, str]) -> list[Figure]:
    client = Client()
    # One turn through each name's paths for all the rounds: a later round goes on with demands not yet asked
    # (up to 2,000, more than the 512 answers a process remembers), instead of asking the first round's again.
    turns = {name: itertools.cycle(path) for name, path in ({"/healthz": ("/healthz",)} | paths).items()}
    rounds = [{name: _in_process_round(client, turn) for name, turn in turns.items()} for _ in range(ROUNDS)]
    return _figures(rounds, paths, "in process")


def _in_process_round(client: Client, turn) -> tuple[float, float]:
    """(requests per second, p50 ms) of IN_PROCESS_REQUESTS requests one after the other, the paths taken
    from `turn` (an endless iterator)."""
    samples = []
    for path in itertools.islice(turn, IN_PROCESS_REQUESTS):
        started = time.perf_counter()
        response = client.get(path, REMOTE_ADDR=next_address())
        samples.append(time.perf_counter() - started)
        _check(path, response.status_code)
    return len(samples) / sum(samples), statistics.median(samples) * 1000


def gunicorn_figures(paths: dict[str, str]) -> list[Figure]:
    measure = {"/healthz": ("/healthz",)} | paths
    with served(workers=WORKERS, env={"JIANFU_TRUSTED_PROXIES": "127.0.0.1"}) as server:
        for path in measure.values():  # warm every worker's imports and connections first
            _load(server.port, path, seconds=0.5)
        rounds = [{name: _load(server.port, path) for name, path in measure.items()} for _ in range(ROUNDS)]
    return _figures(rounds, paths, f"gunicorn {WORKERS} workers")


def _load(port: int, paths: tuple[str, ...], seconds: float = SERVED_SECONDS) -> tuple[float, float]:
    """(requests per second, p50 ms) of LOAD_THREADS keep-alive connections requesting `paths` in turn for
    `seconds`."""
    turns = itertools.cycle(paths)  # shared by the threads: next() on a cycle holds the GIL
    samples: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.perf_counter() < deadline:
                path = next(turns)
                started = time.perf_counter()
                connection.request("GET", path, headers={"X-Forwarded-For": next_address()})
                response = connection.getresponse()
                response.read()
                samples.append(time.perf_counter() - started)
                if response.status != 200:
                    errors.append(f"{path} answered {response.status}")
                    return
        finally:
            connection.close()

    elapsed = together([threading.Thread(target=client) for _ in range(LOAD_THREADS)])
    if errors:
        raise RuntimeError(errors[0])
    return len(samples) / elapsed, statistics.median(samples) * 1000


def _figures(rounds: list[dict], paths: dict[str, str], where: str) -> list[Figure]:
    def median(name: str, index: int) -> float:
        return statistics.median(r[name][index] for r in rounds)

    figures = [
        Figure(f"/healthz {where} req/s", median("/healthz", 0), "req/s"),
        Figure(f"/healthz {where} p50", median("/healthz", 1), "ms"),
    ]
    for name in paths:
        figures.append(
            Figure(f"{name} {where} req/s", median(name, 0), "req/s", f"/healthz {where}", median("/healthz", 0))
        )
        figures.append(
            Figure(f"{name} {where} p50", median(name, 1), "ms", f"/healthz {where} p50", median("/healthz", 1))
        )
    return figures


def _check(path: str, status: int) -> None:
    """An error page answers fast: timing it would report a speed nobody gets."""
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
