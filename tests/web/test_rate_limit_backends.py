"""The verification rate limit (30 look-ups a minute per address) on each backend: in this process with
the limit divided among the web workers, and in the database (RATE_LIMIT_BACKEND=database); neither
lets the 31st look-up of a minute through. Redis is not installed here: its backend is untested."""

import sys
from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from jianfu.registry.verification import REQUESTS_PER_MINUTE
from jianfu.web import throttle
from jianfu.web.models import RateCounter


def look_ups(client, times: int, address: str = "198.51.100.7") -> list[int]:
    return [client.get("/api/v1/verify/ABC", REMOTE_ADDR=address).status_code for _ in range(times)]


@pytest.fixture
def one_worker(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)


@pytest.fixture
def frozen_minute():
    with time_machine.travel(timezone.now().replace(second=0, microsecond=0), tick=False) as traveller:
        yield traveller


@override_settings(RATE_LIMIT_BACKEND="memory")
def test_the_31st_look_up_in_a_minute_is_refused_by_the_process_counter_without_a_database_write(
    db, client, one_worker, frozen_minute, django_assert_num_queries
):
    assert look_ups(client, REQUESTS_PER_MINUTE - 1) == [200] * (REQUESTS_PER_MINUTE - 1)
    with django_assert_num_queries(1):  # the look-up itself; the count is not in the database
        assert look_ups(client, 1) == [200]
    refused = client.get("/api/v1/verify/ABC", REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429 and refused.json()["detail"] == "核验请求过于频繁；请一分钟后再试"
    assert client.get("/v/ABC", REMOTE_ADDR="198.51.100.7").status_code == 429
    assert look_ups(client, 1, address="198.51.100.8") == [200]  # another address has its own count
    assert not RateCounter.objects.exists()
    frozen_minute.shift(timedelta(minutes=1))
    assert look_ups(client, 1) == [200]  # a new minute, a new window


@override_settings(RATE_LIMIT_BACKEND="memory")
def test_with_two_workers_each_process_allows_half_so_the_address_gets_thirty_in_all(
    db, client, monkeypatch, frozen_minute
):
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    answers = look_ups(client, REQUESTS_PER_MINUTE // 2 + 1)
    assert answers == [200] * (REQUESTS_PER_MINUTE // 2) + [429]


@override_settings(RATE_LIMIT_BACKEND="database")
def test_the_database_fallback_refuses_the_31st_look_up_and_counts_in_its_table(db, client, frozen_minute):
    answers = look_ups(client, REQUESTS_PER_MINUTE + 1)
    assert answers == [200] * REQUESTS_PER_MINUTE + [429]
    assert RateCounter.objects.get().count == REQUESTS_PER_MINUTE + 1


@pytest.mark.parametrize(
    ("argv", "workers"),
    [
        (["/srv/.venv/bin/gunicorn", "jianfu.config.wsgi", "--workers", "4"], 4),
        (["/srv/.venv/bin/gunicorn", "jianfu.config.wsgi", "-w", "3", "-b", "127.0.0.1:8000"], 3),
        (["gunicorn", "--workers=2", "jianfu.config.wsgi"], 2),
        (["gunicorn", "jianfu.config.wsgi"], 1),
        (["manage.py", "runserver", "-w", "9"], 1),
    ],
)
def test_the_workers_sharing_the_limit_are_read_from_gunicorns_command_line(monkeypatch, one_worker, argv, workers):
    monkeypatch.setattr(sys, "argv", argv)
    assert throttle.web_workers() == workers


def test_web_concurrency_names_the_workers_when_set(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["gunicorn", "-w", "4"])
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert throttle.web_workers() == 3 and throttle.per_process_limit(REQUESTS_PER_MINUTE) == 10
