from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jianfu.registry.forms import DemandForm
from jianfu.registry.services import demand_create


def inspection_data(world, **overrides) -> dict:
    data = {
        "requester": world.unit("520402-WJJ").pk,
        "category": "inspection",
        "title": "2021 年学校食品安全专项检查",
        "content": "对城区中小学食堂开展食品安全专项检查，实地查看，不要求提供照片。",
        "legal_basis": "《食品安全法》",
        "target_counties": [world.xixiu.pk],
        "target_levels": ["primary"],
        "target_areas": ["urban"],
        "target_schools": "",
        "start": date(2021, 9, 6),
        "end": date(2021, 9, 10),
        "estimated_hours": "2",
        "fields": "",
        "in_annual_plan": True,
        "emergency": False,
        "declared": {"kind": "check", "evaluation_methods": ["on_site"]},
    }
    return data | overrides


def filed(world, **overrides):
    form = DemandForm(data=inspection_data(world, **overrides), user=world.department_clerk)
    assert form.is_valid(), form.errors
    return demand_create(acting_user=world.department_clerk, data=form.cleaned_data)


@pytest.fixture
def file_demand(world):
    return lambda **overrides: filed(world, **overrides)


@pytest.fixture(autouse=True)
def during_the_2021_collection_window():
    """The registry's tests live in February 2021: the year's plan is being collected (until 15 March),
    so demands of 2021 may still enter it. Tests that need another day travel on from here."""
    with time_machine.travel(datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True) as traveller:
        yield traveller
