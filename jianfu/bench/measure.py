"""Timing helpers: every figure is reported beside a baseline measured in the same run."""

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db import connection


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    def as_dict(self) -> dict:
        return asdict(self) | {"ratio": self.ratio}


def planner_statistics_refreshed() -> None:
    """After bulk writes, PostgreSQL's planner is shown the tables as they are, as autovacuum would soon: at
    every size alike, or a growth ratio compares a plan made blind with one made knowing (the base size's
    similar search took 21.6 ms, four times the data 8.7). SQLite is left as an operator's would be, with
    no statistics."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def together(threads: list[threading.Thread]) -> float:
    """Starts the threads at once and waits for all of them: the seconds they took together."""
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def percentiles_ms(action: Callable[[], object], runs: int, warmup: int = 3) -> tuple[float, float]:
    """(p50, p95) in milliseconds over `runs` calls, after a few unmeasured warm-up calls."""
    for _ in range(warmup):
        action()
    samples = sorted(timed(action) * 1000 for _ in range(runs))
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]


def render_table(figures: list[Figure]) -> str:
    lines = [f"{'figure':<58} {'value':>12} {'unit':<10} {'baseline':>12}  {'ratio':>7}  baseline is"]
    for f in figures:
        base = f"{f.baseline:12.2f}" if f.baseline is not None else " " * 12
        ratio = f"{f.ratio:7.2f}" if f.ratio is not None else " " * 7
        lines.append(f"{f.name:<58} {f.value:12.2f} {f.unit:<10} {base}  {ratio}  {f.baseline_name}")
    return "\n".join(lines)


def page_percentiles(client, url: str, runs: int) -> tuple[float, float]:
    """(p50, p95) of a page through the test client; a page that does not answer 200 stops the bench,
    since timing an error page would report a speed nobody gets."""

    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    return percentiles_ms(fetch, runs)
