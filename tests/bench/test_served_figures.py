"""The served figures at toy scale: verification over the test client and over gunicorn, each beside
/healthz measured the same way in the same run."""

import pytest

from jianfu.bench import served_figures as served
from tests.other_processes import database_for_other_processes


@pytest.fixture
def briefly(monkeypatch):
    monkeypatch.setattr(served, "ROUNDS", 1)
    monkeypatch.setattr(served, "IN_PROCESS_REQUESTS", 5)
    monkeypatch.setattr(served, "SERVED_SECONDS", 0.3)


def test_verification_is_served_in_process_and_by_gunicorn_beside_healthz(
    a_small_registry, tmp_path, briefly, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", database_for_other_processes(tmp_path))  # gunicorn serves the test data
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "jianfu.config.settings_test")
    figures = {f.name: f for f in served.served_figures()}
    for where in ("in process", "gunicorn 2 workers"):
        for name in ("verification API", "verification page", "verification API, a different demand each time"):
            rate = figures[f"{name} {where} req/s"]
            assert rate.value > 0 and rate.baseline == figures[f"/healthz {where} req/s"].value and rate.ratio
            assert figures[f"{name} {where} p50"].baseline_name == f"/healthz {where} p50"


def test_every_served_request_comes_from_an_address_of_its_own_so_the_limit_never_answers_instead():
    addresses = {served.next_address() for _ in range(100)}
    assert len(addresses) == 100 and all(a.startswith("10.") for a in addresses)


def test_the_api_is_also_asked_for_a_different_registered_demand_each_time(a_small_registry):
    paths = served.verification_paths()
    several = paths["verification API, a different demand each time"]
    assert len(several) == len(set(several)) > 1 and paths["verification API"][0] in several
