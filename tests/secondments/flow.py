"""Steps of a secondment's life for tests: requested by the county's 文旅局 (the world's department
clerk), approved by the county bureau and filed with the county party committee, through the registry's
own service. Dates are explicit; tests freeze time where the day matters."""

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from jianfu.registry.services import demand_act
from jianfu.secondments.models import Secondment
from jianfu.secondments.services import request_secondment
from jianfu.workflow.demand import Action


def act(user, demand, action, reason=""):
    demand.refresh_from_db()
    return demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)


def requested(world, *, kind="secondment", start=date(2025, 9, 1), end=date(2026, 2, 28), teachers=None, **kw):
    teachers = [world.xixiu_teacher] if teachers is None else teachers
    return request_secondment(
        world.department_clerk,
        kind=kind,
        title=kw.pop("title", "借用教师参与全区乡村文化振兴工作"),
        task=kw.pop("task", "协助整理乡村文化振兴项目档案"),
        start=start,
        end=end,
        teacher_ids=[t.pk for t in teachers],
        **kw,
    )


def approved(world, secondment: Secondment) -> Secondment:
    """Submitted, approved by the county bureau and (a secondment) filed with the party committee."""
    demand = secondment.demand
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.ADVANCE)
    demand.refresh_from_db()
    if demand.state != "registered":
        act(world.approver, demand, Action.ADVANCE)
    secondment.refresh_from_db()
    secondment.demand.refresh_from_db()
    return secondment


SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@contextmanager
def frozen_time(start=None):
    """Frozen time, moved by the test: `travel(at(2025, 9, 30))` (a module's `travel` fixture wraps it)."""
    with time_machine.travel(start or at(2025, 8, 20), tick=False) as traveller:
        yield lambda moment: traveller.move_to(moment, tick=False)
