"""Progress reports on the measures: a unit's people draft, attach evidence and submit; the inspectorate over
the unit accepts or returns with remarks (the unit told); a returned report is edited and submitted again;
each write audited; scope by unit, inspectorate and bureau, 404 for everyone else."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.http import Http404

from jianfu.accountability.models import MeasureReport
from jianfu.accountability.progress import (
    ProgressError,
    evidence_add,
    report_decide,
    report_edit,
    report_save,
    report_submit,
)
from jianfu.accountability.progress_access import report_get_for_user, reports_for
from jianfu.audit.models import AuditEvent
from jianfu.deadlines.models import Notification, Obligation, ObligationState
from jianfu.documents.uploads import UploadRejected
from jianfu.org.models import Role, Unit
from jianfu.org.services import role_grant
from tests.race import race
from tests.world import committed_world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DONE = "本期清理督查检查评比考核事项 12 项，取消 7 项，合并 3 项，清单已在平台公示。"
LINKS = [{"label": "年度计划", "url": "/registry/plans/"}]


def draft(world, **overrides):
    fields = {"measure": "1.2", "period": "2026-H1", "done": DONE, "links": LINKS, "unit": world.unit("520402-DW")}
    return report_save(world.approver, **(fields | overrides))


def city_inspector(username="city_inspector"):
    user = get_user_model().objects.create_user(username)
    role_grant(user=user, role=Role.INSPECTOR, unit=Unit.objects.get(code="520400-DDS"))
    return user


@time_machine.travel("2026-07-01 10:00 +0800", tick=False)
def test_the_countys_party_committee_drafts_submits_and_the_inspectorate_is_told(world):
    report = draft(world)
    assert report.state == "draft" and report.links == LINKS
    owed = Obligation.objects.get(kind="measure_report", subject_id=report.pk)
    assert owed.due_on == date(2026, 7, 10) and owed.clause == "7.2" and owed.owner_unit.code == "520402-DW"
    report = report_submit(world.approver, report.pk)
    assert report.state == "submitted" and report.submitted_on == date(2026, 7, 1)
    owed.refresh_from_db()
    assert owed.state == ObligationState.MET
    told = Notification.objects.get(recipient=world.inspector, kind="measure_report_submitted")
    assert told.link == f"/accountability/reports/{report.pk}/" and "第1.2条措施2026-H1" in told.title
    actions = AuditEvent.objects.filter(object_type="measure_report", object_id=str(report.pk))
    assert sorted(actions.values_list("action", flat=True)) == ["measure_report.save", "measure_report.submit"]


@time_machine.travel("2026-07-01 10:00 +0800", tick=False)
def test_a_returned_report_shows_the_remark_is_owed_again_and_can_be_submitted_again(world):
    report = report_submit(world.approver, draft(world).pk)
    with pytest.raises(ProgressError, match="退回意见：退回报告须写明理由"):
        report_decide(world.inspector, report.pk, accept=False, remarks="  ")
    report = report_decide(world.inspector, report.pk, accept=False, remarks="请补充取消事项的清单文件")
    assert report.state == "returned" and report.remarks == "请补充取消事项的清单文件"
    told = Notification.objects.get(recipient=world.approver, kind="measure_report_decided")
    assert "被退回" in told.title and told.body == "请补充取消事项的清单文件"
    again = Obligation.objects.get(kind="measure_report", subject_id=report.pk, state="open")
    assert again.due_on == date(2026, 7, 11)  # ten days after the return, later than 10 July
    report = report_edit(world.approver, report.pk, done=DONE + "清单见附件。", links=LINKS)
    assert report.state == "returned"
    evidence = evidence_add(world.approver, report.pk, name="清单.pdf", data=PDF)
    assert evidence.name == "证明材料1.pdf" and evidence.kind == "pdf"
    report = report_submit(world.approver, report.pk)
    assert report.state == "submitted"
    report = report_decide(world.inspector, report.pk, accept=True, remarks="")
    assert report.state == "accepted" and report.decided_by == world.inspector
    with pytest.raises(ProgressError, match="已认可，不能再修改"):
        report_edit(world.approver, report.pk, done="改写", links=[])


@time_machine.travel("2026-07-01 10:00 +0800", tick=False)
def test_only_the_inspectorate_over_the_unit_decides(world):
    report = report_submit(world.approver, draft(world).pk)
    for reader in (world.city_officer, world.county_officer, world.approver):
        with pytest.raises(ProgressError, match="只有督导部门可以认可或退回"):
            report_decide(reader, report.pk, accept=True)
    city_report = report_save(
        world.city_officer, measure="1.2", period="2026-H1", done=DONE, links=[], unit=world.unit("520400-JYJ")
    )
    report_submit(world.city_officer, city_report.pk)
    with pytest.raises(Http404):  # the county's inspectorate does not read the city's own bureau
        report_decide(world.inspector, city_report.pk, accept=True)
    assert report_decide(city_inspector(), city_report.pk, accept=True).state == "accepted"


@time_machine.travel("2026-07-01 10:00 +0800", tick=False)
def test_a_unit_reads_its_own_reports_the_bureau_and_inspectorate_their_area_and_others_nothing(world):
    report = draft(world)
    for reader in (world.approver, world.inspector, world.county_officer, world.city_officer):
        assert report_get_for_user(report.pk, reader) == report
    for outsider in (
        world.other_county_officer,
        world.department_clerk,
        world.principal,
        world.teacher,
        world.outsider,
    ):
        with pytest.raises(Http404):
            report_get_for_user(report.pk, outsider)
    assert list(reports_for(world.joint_reviewer)) == []


@time_machine.travel("2026-07-01 10:00 +0800", tick=False)
def test_refusals_name_the_field_and_the_fix(world):
    with pytest.raises(ProgressError, match=r"措施「A\.3」不存在"):
        draft(world, measure="A.3")
    with pytest.raises(ProgressError, match=r"西秀区卫生健康局不承担第 1\.2 条措施"):
        report_save(
            world.department_clerk, measure="1.2", period="2026-H1", done=DONE, links=[], unit=world.unit("520402-WJJ")
        )
    with pytest.raises(ProgressError, match="报告期「2026-Q3」无效"):
        draft(world, period="2026-Q3")
    with pytest.raises(ProgressError, match="报告期 2027-H1 尚未开始"):
        draft(world, period="2027-H1")
    with pytest.raises(ProgressError, match=r"相关记录第 1 行「https://example\.com/x」不是本平台的页面"):
        draft(world, links=[{"label": "外链", "url": "https://example.com/x"}])
    for elsewhere in ("//example.com/x", "/\\example.com/x", "/registry/ plans/"):
        with pytest.raises(ProgressError, match="不是本平台的页面"):
            draft(world, links=[{"label": "外链", "url": elsewhere}])
    with pytest.raises(ProgressError, match="只有中共西秀区委员会的工作人员"):
        report_save(
            world.county_officer, measure="1.2", period="2026-H1", done=DONE, links=[], unit=world.unit("520402-DW")
        )
    with pytest.raises(Http404):
        report_save(
            world.other_county_officer,
            measure="1.2",
            period="2026-H1",
            done=DONE,
            links=[],
            unit=world.unit("520402-DW"),
        )
    empty = draft(world, done="")
    with pytest.raises(ProgressError, match="工作进展：请写明"):
        report_submit(world.approver, empty.pk)
    with pytest.raises(UploadRejected, match="不是可接受的类型"):
        evidence_add(world.approver, empty.pk, name="x.exe", data=b"MZ\x90\x00binary")
    assert MeasureReport.objects.count() == 1


@time_machine.travel("2026-07-01 10:00 +0800", tick=False)
def test_two_inspectors_deciding_at_once_cannot_both_win(transactional_db):
    world = committed_world()
    report = report_submit(world.approver, draft(world).pk)
    other = city_inspector()
    outcomes = race(
        lambda: report_decide(world.inspector, report.pk, accept=True),
        lambda: report_decide(other, report.pk, accept=False, remarks="材料不全"),
    )
    assert outcomes == ["ProgressError", "won"]
    report.refresh_from_db()
    decided = AuditEvent.objects.filter(action__in=["measure_report.accept", "measure_report.return"])
    assert decided.count() == 1 and report.state in ("accepted", "returned")
