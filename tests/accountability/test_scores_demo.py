"""The demo's adjustments: one for a county, one for a department, each with its reason, by the inspectorate."""

import time_machine

from jianfu.accountability.demo_scores import scores_demo_is_loaded, scores_demo_load
from jianfu.accountability.models import ScoreAdjustment
from jianfu.accountability.scores import scores
from tests.accountability.test_indicators import DAY, YEAR, a_scored_year


@time_machine.travel(DAY, tick=False)
def test_the_demo_adjusts_a_county_and_a_department_with_reasons(world):
    a_scored_year(world)
    assert not scores_demo_is_loaded()
    assert scores_demo_load() == 2 and scores_demo_is_loaded()
    assert all(a.reason and a.made_by == world.inspector for a in ScoreAdjustment.objects.all())
    totals = {row["unit"]: row["total"] for row in scores(YEAR)}
    assert (totals["520402-ZF"], totals["520402-WJJ"]) == (52.83, 70.67)
