"""Fixed-window rate limits: counted in the database, in Redis, or in each process.

`over(name, subject, limit=, seconds=)` is for limits checked on every request of a busy public page
(verification): it writes nothing to the database. RATE_LIMIT_BACKEND chooses how it counts:

- `redis` (the default when REDIS_URL is set): one INCR in Redis, shared exactly by every worker and
  app server;
- `memory` (the default without Redis): a counter in each process, the limit divided among the web
  workers (`web_workers()`), so that however the requests of one address spread over the workers the
  total stays within the limit (a client whose requests all land on one worker is refused sooner);
- `database`: the exact database counter below, the fallback where neither fits.

`hit` and `count` are the database counter itself, exact under concurrency: the increment is one
UPDATE in a transaction that holds the row until the count has been read back. The sign-in lockout,
complaints and survey answers keep it on purpose: their limits are a handful an hour (too few to divide
among workers), the lockout reads the count from another request (`count`), and those requests write
to the database anyway.
"""

import os
import re
import sys
import threading
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jianfu.web.models import RateCounter


def over(name: str, subject: str, *, limit: int, seconds: int) -> bool:
    """Count one event of `subject` and say whether it goes beyond `limit` in the current window."""
    backend = settings.RATE_LIMIT_BACKEND
    if backend == "redis":
        return _redis_hit(window_key(name, subject, seconds), seconds) > limit
    if backend == "memory":
        return _memory.hit(window_key(name, subject, seconds), seconds) > per_process_limit(limit)
    return hit(name, subject, seconds=seconds) > limit


def window_key(name: str, subject: str, seconds: int) -> str:
    """The key of the current window: `name:subject:<window number>`."""
    return f"{name}:{subject}:{int(timezone.now().timestamp() // seconds)}"[:200]


def hit(name: str, subject: str, *, seconds: int) -> int:
    """Count one event of `subject` (an address, an account) in the current window; the new count."""
    key = window_key(name, subject, seconds)
    with transaction.atomic():
        if RateCounter.objects.filter(key=key).update(count=F("count") + 1) == 0:
            try:
                with transaction.atomic():  # a savepoint: another worker may create the row first
                    RateCounter.objects.create(key=key, count=1, expires_at=_expiry(seconds))
                _forget_expired()
                return 1
            except IntegrityError:
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
        return RateCounter.objects.filter(key=key).values_list("count", flat=True).get()


def count(name: str, subject: str, *, seconds: int) -> int:
    key = window_key(name, subject, seconds)
    return RateCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0


def _expiry(seconds: int):
    return timezone.now() + timedelta(seconds=seconds * 2)


def _forget_expired() -> None:
    """Old windows go when a new one opens, so the table stays as small as the active windows."""
    RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()


def _redis_hit(key: str, seconds: int) -> int:
    """INCR is atomic in Redis; `add` creates the key with its expiry only if it is not there yet."""
    cache = caches["ratelimit"]
    cache.add(key, 0, timeout=seconds * 2)
    return cache.incr(key)


class _MemoryCounts:
    """This process's counters: key -> [count, end of its window]. Ended windows are swept out whenever
    the table has doubled since the last sweep, so it stays about as large as the current windows."""

    def __init__(self):
        self._lock = threading.Lock()  # gunicorn threads share the process
        self._counts: dict[str, list] = {}
        self._sweep_at = 1024

    def hit(self, key: str, seconds: int) -> int:
        now = timezone.now().timestamp()
        with self._lock:
            entry = self._counts.get(key)
            if entry is None:
                entry = self._counts[key] = [0, (now // seconds + 1) * seconds]
                if len(self._counts) >= self._sweep_at:
                    self._sweep(now)
            entry[0] += 1
            return entry[0]

    def _sweep(self, now: float) -> None:
        self._counts = {key: entry for key, entry in self._counts.items() if entry[1] > now}
        self._sweep_at = max(1024, 2 * len(self._counts))

    def forget(self) -> None:
        with self._lock:
            self._counts.clear()


_memory = _MemoryCounts()


def forget_counts() -> None:
    """Drop this process's counters (tests start each with none, as the rolled-back database has)."""
    _memory.forget()


def per_process_limit(limit: int) -> int:
    return max(1, limit // web_workers())


def web_workers() -> int:
    """How many web worker processes share the limit: WEB_CONCURRENCY when set (gunicorn reads it too),
    else gunicorn's `-w`/`--workers` on this process's command line (workers are forks of the master and
    keep its arguments), else 1."""
    if os.environ.get("WEB_CONCURRENCY", "").strip().isdigit():
        return max(1, int(os.environ["WEB_CONCURRENCY"]))
    arguments = " ".join(sys.argv)
    if "gunicorn" not in arguments:
        return 1
    found = re.search(r"(?:^|\s)(?:-w\s*|--workers[=\s]\s*)(\d+)", arguments)
    return max(1, int(found.group(1))) if found else 1
