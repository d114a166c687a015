"""The demo has open, met and overdue obligations in every county, and every demo account at least one
item in its inbox."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from jianfu.deadlines.models import Obligation
from jianfu.deadlines.selectors import inbox_for
from jianfu.org.demo.places import COUNTIES
from jianfu.org.management.commands.demo import NOT_PRODUCTION_FLAG

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False), django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--teachers", "800", NOT_PRODUCTION_FLAG, stdout=StringIO(), stderr=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("state", ["open", "met", "overdue"])
def test_every_county_has_obligations_in_each_state(demo, db, state):
    for code, name, *_rest in COUNTIES:
        assert Obligation.objects.filter(division__code=code, state=state).exists(), (name, state)


def test_every_demo_account_has_at_least_one_item_in_its_inbox(demo, db):
    accounts = get_user_model().objects.filter(
        username__regex=r"^[a-z]+-(bureau|approver|reviewer|requester|inspector|principal|teacher)$"
    )
    assert accounts.count() > 50
    empty = [user.username for user in accounts if inbox_for(user).count == 0]
    assert empty == []
