"""The year's figures, from real complaints taken through their steps on real days."""

import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from jianfu.complaints.services import act
from jianfu.complaints.stats import stats
from jianfu.workflow.complaint import Action, Finding
from tests.complaints.helpers import filed
from tests.deadlines.conftest import at

pytestmark = pytest.mark.django_db


def _on(day, fn, *args, **kwargs):
    with time_machine.travel(day, tick=False):
        return fn(*args, **kwargs)


def _through(complaint, user, finding, answered_at):
    for action, text, found in (
        (Action.ASSIGN, "", None),
        (Action.INVESTIGATE, "", None),
        (Action.RECORD_FINDING, "经查", finding),
        (Action.TAKE_MEASURES, "已责令改正", None),
    ):
        act(complaint.pk, user, action, text=text, finding=found)
    _on(answered_at, act, complaint.pk, user, Action.ANSWER, text="答复如下")


@pytest.fixture
def year_2025(world):
    """A: a department, answered in 10 days; B: not accepted; C: the county bureau (city level), partly
    substantiated, answered after the conclusion's due day (Tuesday 3 June, past the Dragon Boat holiday);
    D: filed in 2024."""
    a = _on(at(2025, 3, 3), filed, world, items=[7]).complaint
    _on(at(2025, 3, 3), act, a.pk, world.county_officer, Action.ACCEPT)
    _through(a, world.county_officer, Finding.SUBSTANTIATED, at(2025, 3, 13))
    b = _on(at(2025, 3, 10), filed, world, items=[]).complaint
    _on(at(2025, 3, 11), act, b.pk, world.county_officer, Action.NOT_ACCEPT, text="不属于涉校事项")
    c = _on(at(2025, 4, 1), filed, world, accused="520402-JYJ", items=[3, 7]).complaint
    _on(at(2025, 4, 1), act, c.pk, world.city_officer, Action.ACCEPT)
    _through(c, world.city_officer, Finding.PARTLY, at(2025, 6, 10))
    _on(at(2024, 12, 30), filed, world, items=[7])
    return world


def test_the_years_totals_count_real_records(year_2025):
    totals = stats(2025)["totals"]
    assert totals == {
        "received": 3,
        "accepted": 2,
        "substantiated": 2,
        "answered": 2,
        "answered_on_time": 1,
        "median_days_to_answer": 40,  # 10 and 70 days
    }


def test_the_figures_by_level_county_unit_item_and_month(year_2025):
    figures = stats(2025)
    by_level = {row["level"]: row["received"] for row in figures["by_level"]}
    assert by_level == {"county": 2, "city": 1}
    assert [(row["code"], row["received"]) for row in figures["by_county"]] == [("520402", 3)]
    units = {row["code"]: (row["received"], row["substantiated"]) for row in figures["by_unit"]}
    assert units == {"520402-WJJ": (2, 1), "520402-JYJ": (1, 1)}
    items = {row["item"]: row["received"] for row in figures["by_item"]}
    assert items == {7: 2, 3: 1, None: 1}
    assert [(row["month"], row["received"]) for row in figures["by_month"]] == [("2025-03", 2), ("2025-04", 1)]
    late = next(row for row in figures["by_level"] if row["level"] == "city")
    assert late["answered"] == 1 and late["answered_on_time"] == 0


def test_the_figures_of_another_county_are_empty(year_2025):
    assert stats(2025, division=year_2025.pingba)["totals"]["received"] == 0
    assert stats(2025, division=year_2025.xixiu)["totals"]["received"] == 3


def test_the_stats_command_prints_the_same_figures_as_json(year_2025):
    out = StringIO()
    call_command("complaints", "stats", "--year", "2025", "--json", stdout=out)
    assert json.loads(out.getvalue())["totals"]["answered_on_time"] == 1
    text = StringIO()
    call_command("complaints", "stats", "--year", "2025", stdout=text)
    assert "收到 3，受理 2，属实 2，答复 2（按时 1），答复用时中位数 40 天" in text.getvalue()
