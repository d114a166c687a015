"""The demo has open, met and overdue obligations in every county, and every demo account at least one
item in its inbox."""

import pytest
from django.contrib.auth import get_user_model

from jianfu.deadlines.models import Obligation
from jianfu.deadlines.selectors import inbox_for
from jianfu.org.demo.places import COUNTIES
from tests.demo_day import demo_day_fixture

READS_THE_DEMO_DAY = True
demo = demo_day_fixture()


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
