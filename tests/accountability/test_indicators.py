"""Every indicator of the scoring sheet, counted by hand over a small year of records made through the
services: 西秀区 and its 卫生健康局 (the world's department clerk) in 2021, 平坝区 with nothing at all."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from jianfu.accountability.scores import scores
from jianfu.complaints.services import act as complaint_act
from jianfu.deadlines.models import Obligation, ObligationKind
from jianfu.deadlines.services import obligation_meet
from jianfu.gate.services import refusal_record
from jianfu.monitoring.models import MonitoringSite, SurveyAnswer, Wave
from jianfu.monitoring.report_services import report_draft, report_submit
from jianfu.registry.quotas import quota_baseline_set, quota_rows_for
from jianfu.secondments.timers import return_owed
from jianfu.workflow.complaint import Action
from tests.complaints.helpers import TO_ANSWER, carried
from tests.complaints.helpers import filed as complaint_filed
from tests.registry.conftest import filed
from tests.registry.test_lifecycle import register
from tests.secondments.census_helpers import approved_secondment

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2021
DAY = datetime(2021, 2, 22, 10, 0, tzinfo=SHANGHAI)  # the registry's collection window: plans may be filed
NOTICE = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"


def at(month: int, day: int) -> datetime:
    return datetime(YEAR, month, day, 10, 0, tzinfo=SHANGHAI)


def a_scored_year(world) -> dict:
    """Records of 西秀区's 2021, each by its service, on its own day; returns the things tests name."""
    with time_machine.travel(at(1, 8), tick=False):
        # Two secondments by the 卫生健康局: the first back on time, the second not (its return is overdue).
        back = approved_secondment(world, world.xixiu_colleague, date(2021, 1, 4), date(2021, 1, 29), number="借-1")
        late = approved_secondment(world, world.xixiu_teacher, date(2021, 1, 4), date(2021, 2, 5), number="借-2")
        for placement in (back, late):
            return_owed(placement.secondment, world.department_clerk)
    with time_machine.travel(at(1, 29), tick=False):
        obligation_meet(
            kind=ObligationKind.SECONDMENT_RETURN,
            subject_type="secondment",
            subject_id=back.secondment.pk,
            acting_user=world.department_clerk,
        )
    with time_machine.travel(DAY, tick=False):
        inspections = [register(world, filed(world)), register(world, filed(world, title="第二项检查"))]
        # The 2020 baseline entered only after both were registered: the 2021 limit (half) is then exceeded.
        quota_baseline_set(
            acting_user=world.county_officer, division=world.xixiu, category="inspection", year=2020, count=2
        )
        refusal = refusal_record(
            acting_user=world.principal,
            school=world.xixiu_school,
            channel="wechat_group",
            received_on=date(2021, 2, 20),
            content=NOTICE,
            requester_unit=world.unit("520402-WJJ"),
        )
        upheld = carried(complaint_filed(world).complaint, world.county_officer, *TO_ANSWER)
        waiting = complaint_filed(world, content="卫健局要求教师下载并每日打卡某健康应用。").complaint
        complaint_act(waiting.pk, world.county_officer, Action.ACCEPT)
        wave = Wave.objects.create(
            year=YEAR,
            term="2021-spring",
            label="2021年春季学期",
            opens_on=date(2021, 2, 1),
            closes_on=date(2021, 6, 30),
        )
        sites = [
            MonitoringSite.objects.create(
                year=YEAR,
                county=world.xixiu,
                school=school,
                area=area,
                level=level,
                named_by=world.county_officer,
                named_on=date(2021, 2, 1),
            )
            for school, area, level in (
                (world.xixiu_school, "urban", "primary"),
                (world.xixiu_other_school, "township", "secondary"),
            )
        ]
        SurveyAnswer.objects.create(site=sites[0], wave=wave, hours={"teaching": 16}, answered_on=date(2021, 2, 22))
        report = report_draft(world.xixiu, YEAR, world.county_officer)
        report_submit(report.pk, world.county_officer, on=date(2021, 2, 22))
    return {"inspections": inspections, "refusal": refusal, "upheld": upheld, "waiting": waiting, "sites": sites}


def by_id(row: dict) -> dict:
    return {i["id"]: (i["value"], i["points"], i["records"]) for i in row["indicators"]}


@time_machine.travel(DAY, tick=False)
def test_every_county_indicator_counts_the_records_by_hand(world):
    a_scored_year(world)
    (inspection,) = quota_rows_for([world.xixiu], YEAR, {"inspection"})
    assert (inspection["used"], inspection["limit"]) == (2, 1)  # 2020's 2 halved (1.2): one over
    xixiu = next(row for row in scores(YEAR) if row["unit"] == "520402-ZF")
    assert (xixiu["kind"], xixiu["name"], xixiu["county"]) == ("county", "西秀区", "520402")
    assert by_id(xixiu) == {
        "quota_kept": (0.5, 7.5, 2),  # 1 of 2 registered inspections within the limit of 1
        "registered_share": (
            0.667,
            13.33,
            6,
        ),  # 4 registered (2 inspections, 2 secondments) of 4 + 1 refusal + 1 upheld
        "cases_closed_on_time": (0.0, 0.0, 1),  # the refusal's case, still open
        "returned_on_time": (0.5, 7.5, 2),  # 借-1 back by 29 January, 借-2 overdue since 5 February
        "complaints_answered_on_time": (0.5, 7.5, 2),  # the upheld one answered the same day, one waiting
        "survey_done": (0.5, 5.0, 2),  # one of two sites answered
        "report_on_time": (1.0, 10.0, 1),  # submitted 22 February, due 25 November
    }
    assert xixiu["total"] == 50.83 and xixiu["adjustments"] == []


@time_machine.travel(DAY, tick=False)
def test_a_county_with_no_records_scores_everything_but_the_survey_and_the_report(world):
    a_scored_year(world)
    pingba = next(row for row in scores(YEAR) if row["unit"] == "520403-ZF")
    assert by_id(pingba) == {
        "quota_kept": (1.0, 15.0, 0),
        "registered_share": (1.0, 20.0, 0),
        "cases_closed_on_time": (1.0, 15.0, 0),
        "returned_on_time": (1.0, 15.0, 0),
        "complaints_answered_on_time": (1.0, 15.0, 0),
        "survey_done": (0.0, 0.0, 0),  # no site named is no survey done
        "report_on_time": (0.0, 0.0, 0),
    }
    assert pingba["total"] == 80.0


@time_machine.travel(DAY, tick=False)
def test_every_department_indicator_counts_the_records_by_hand(world):
    a_scored_year(world)
    departments = [row for row in scores(YEAR) if row["kind"] == "department"]
    assert [row["unit"] for row in departments] == ["520402-WJJ"]  # the only unit that made a demand
    assert by_id(departments[0]) == {
        "registered_share": (0.667, 26.67, 6),  # its 4 registered of 4 + its refused one + the upheld complaint
        "planned_or_merged": (1.0, 20.0, 2),  # both inspections in the annual plan
        "returned_on_time": (0.5, 10.0, 2),
        "cases_against": (0.75, 15.0, 1),  # one case (the refusal's) takes a quarter off
    }
    assert departments[0]["total"] == 71.67


@time_machine.travel(DAY, tick=False)
def test_a_case_closed_before_its_handling_deadline_counts_as_closed_on_time(world):
    from jianfu.gate.models import CaseState, ViolationCase

    records = a_scored_year(world)
    case = ViolationCase.objects.get(refusal=records["refusal"])
    due = Obligation.objects.get(kind=ObligationKind.CASE_HANDLING, subject_id=case.pk).due_on
    ViolationCase.objects.filter(pk=case.pk).update(state=CaseState.CLOSED, closed_at=DAY, action_taken="约谈")
    assert due >= DAY.date()
    xixiu = next(row for row in scores(YEAR, units=["520402-ZF"]))
    assert by_id(xixiu)["cases_closed_on_time"] == (1.0, 15.0, 1)
