"""The demo: a submitted report for the previous year in every county with a bureau, and this year's owed."""

import time_machine

from jianfu.deadlines.models import Obligation, ObligationKind, ObligationState
from jianfu.monitoring.demo_report import report_demo_is_loaded, report_demo_load
from jianfu.monitoring.models import CountyReport


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_the_demo_submits_last_years_report_in_every_county_and_opens_this_years(world):
    assert not report_demo_is_loaded()
    assert report_demo_load() == 2
    submitted = CountyReport.objects.filter(year=2025, state="submitted")
    assert {r.county.code for r in submitted} == {"520402", "520403"}
    assert all(r.submitted_on.isoformat() == "2025-11-25" and r.sections["monitoring"] for r in submitted)
    owed = Obligation.objects.filter(kind=ObligationKind.COUNTY_REPORT)
    assert owed.filter(state=ObligationState.MET, subject_id__in=submitted.values("pk")).count() == 2
    assert owed.filter(state=ObligationState.OPEN, due_on="2026-11-25").count() == 2
