"""Failed sign-ins: each account locks on its own failures from any address; each address is throttled
on its failures over any accounts; the client address comes from X-Forwarded-For only through a trusted
proxy; a bureau unlocks the locked accounts it manages; rate limits count across processes."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings

from jianfu.audit.models import AuditEvent
from tests.other_processes import database_for_other_processes
from tests.world import PASSWORD

SPRAYER = "203.0.113.9"
NOON = datetime(2021, 9, 6, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def login(client, username, password=PASSWORD, address="198.51.100.1", forwarded=None):
    extra = {"REMOTE_ADDR": address} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    return client.post("/login/", {"username": username, "password": password}, **extra)


def lock(client, username, addresses=5):
    for n in range(addresses):
        login(client, username, "wrong", address=f"198.51.100.{10 + n}")


def test_failing_from_many_addresses_locks_the_account(world, client):
    lock(client, "principal")
    response = login(client, "principal", address="198.51.100.99")
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_the_lock_ends_by_itself_after_the_cool_down(world, client):
    with time_machine.travel(NOON, tick=False) as traveller:
        lock(client, "principal")
        traveller.shift(timedelta(minutes=14))
        assert login(client, "principal").status_code == 429
        traveller.shift(timedelta(minutes=2))
        assert login(client, "principal").status_code == 302


def test_spraying_one_password_across_ten_accounts_from_one_address_is_throttled(world, client):
    accounts = ["city_officer", "county_officer", "other_county_officer", "department_clerk", "approver"]
    accounts += ["joint_reviewer", "inspector", "teacher", "outsider", "principal"]
    for username in accounts:
        assert login(client, username, "Spring2021!", address=SPRAYER).status_code == 200
    response = login(client, "principal", PASSWORD, address=SPRAYER)
    assert response.status_code == 429
    assert "本网络地址在 15 分钟内登录失败已达 10 次" in response.content.decode()
    # No account was locked by it: its owner, elsewhere, signs in.
    assert login(client, "principal", PASSWORD, address="198.51.100.2").status_code == 302


def test_the_address_may_try_again_when_the_window_has_passed(world, client):
    with time_machine.travel(NOON, tick=False) as traveller:
        for n in range(10):
            login(client, f"nobody-{n}", "guess", address=SPRAYER)
        assert login(client, "principal", address=SPRAYER).status_code == 429
        traveller.shift(timedelta(minutes=15))
        assert login(client, "principal", address=SPRAYER).status_code == 302


@override_settings(JIANFU_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_a_trusted_proxy_each_client_is_counted_by_its_forwarded_address(world, client):
    for n in range(10):
        login(client, f"nobody-{n}", "guess", address="10.0.0.2", forwarded=f"{SPRAYER}, 10.0.0.3")
    assert login(client, "principal", address="10.0.0.2", forwarded=SPRAYER).status_code == 429
    # Another teacher behind the same proxy is not shut out by the sprayer.
    assert login(client, "principal", address="10.0.0.2", forwarded="198.51.100.3").status_code == 302


def test_a_forwarded_address_from_anyone_else_is_ignored(world, client):
    for n in range(10):
        login(client, f"nobody-{n}", "guess", address=SPRAYER, forwarded=f"192.0.2.{n}")
    assert login(client, "principal", address=SPRAYER, forwarded="192.0.2.200").status_code == 429


def test_the_bureau_sees_and_unlocks_a_locked_account_of_its_county(world, client_for):
    lock(Client(), "principal")
    client = client_for(world.county_officer)
    page = client.get("/accounts/locked/").content.decode()
    assert "principal" in page and "解锁" in page
    response = client.post("/accounts/locked/", {"username": "principal"}, follow=True)
    assert "账号 principal 已解锁" in response.content.decode()
    event = AuditEvent.objects.get(action="account.unlock")
    assert event.actor_label == "county_officer" and event.object_id == str(world.principal.pk)
    client.logout()
    assert login(client, "principal", address="198.51.100.50").status_code == 302


def test_another_county_s_bureau_neither_sees_nor_unlocks_the_account(world, client_for):
    lock(Client(), "principal")
    other = client_for(world.other_county_officer)
    assert "principal" not in other.get("/accounts/locked/").content.decode()
    assert other.post("/accounts/locked/", {"username": "principal"}).status_code == 404
    assert not AuditEvent.objects.filter(action="account.unlock").exists()


def test_only_a_bureau_opens_the_locked_accounts_page(world, client_for):
    response = client_for(world.principal).get("/accounts/locked/")
    assert response.status_code == 403 and "只有教育行政部门工作人员" in response.content.decode()


def test_jianfu_unlock_user_unlocks_and_is_audited(world, client):
    lock(client, "principal")
    out = StringIO()
    call_command("unlock", "principal", stdout=out)
    assert "已解锁 principal" in out.getvalue()
    assert AuditEvent.objects.filter(action="account.unlock", actor_label="system").exists()
    assert login(client, "principal").status_code == 302


WORKER = """
import django, os, sys, time_machine
from datetime import datetime, UTC
django.setup()
from django.core.cache import cache
from jianfu.registry.verification import over_the_limit
with time_machine.travel(datetime(2021, 9, 6, 4, 0, 30, tzinfo=UTC), tick=False):
    allowed = sum(not over_the_limit("198.51.100.77") for _ in range(20))
cache.set("worker-" + sys.argv[1], allowed, 600)
print(allowed)
"""

READER = """
import django, json
django.setup()
from django.core.cache import cache
print(json.dumps([cache.get("worker-1"), cache.get("worker-2")]))
"""


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_count_verification_look_ups_together_and_share_the_cache(tmp_path):
    env = os.environ | {
        "DATABASE_URL": database_for_other_processes(tmp_path),
        "DJANGO_SETTINGS_MODULE": "jianfu.config.settings_test",
    }
    env["WEB_CONCURRENCY"] = "2"  # as gunicorn -w 2 says: without Redis, each worker counts its half of the limit
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(n)], env=env, stdout=subprocess.PIPE, text=True)
        for n in (1, 2)
    ]
    allowed = [json.loads(worker.communicate(timeout=120)[0].strip().splitlines()[-1]) for worker in workers]
    assert sum(allowed) == 30, allowed  # 40 look-ups in one minute from one address: 30 pass, in total
    # A third process finds in the shared cache what each worker put there.
    read = subprocess.run(
        [sys.executable, "-c", READER], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(read.stdout.strip().splitlines()[-1]) == allowed


def test_the_bureau_home_page_links_to_the_locked_accounts(world, client_for):
    assert "/accounts/locked/" in client_for(world.county_officer).get("/").content.decode()
    assert "/accounts/locked/" not in client_for(world.principal).get("/").content.decode()
