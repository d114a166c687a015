"""The measures' pages: the 28 measures with their units' standing in the period, one measure, one unit, one
report (the unit writes, uploads and submits; the inspectorate returns with a remark); a bad ?period= answers
400 naming the parameter, anyone outside the scope 404."""

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from jianfu.accountability.measures import period_parse
from jianfu.accountability.models import MeasureReport
from jianfu.accountability.progress import report_decide, report_edit, report_submit
from jianfu.accountability.progress_timers import period_obligations_open

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DONE = "本期取消填表任务 5 项。"
NOW = "2026-11-27 10:00 +0800"  # 2026-H1 is the reporting period (due 10 July), 2026-H2 is in progress


def report_of(code: str, measure: str = "1.2", period: str = "2026-H1") -> MeasureReport:
    return MeasureReport.objects.get(measure=measure, unit__code=code, period=period)


def standing(world):
    """2026-H1: xixiu's 1.2 accepted, pingba's 1.2 returned, xixiu's 1.3 submitted."""
    period_obligations_open(period_parse("2026-H1"))
    for code, measure in (("520402-DW", "1.2"), ("520402-DW", "1.3")):
        report = report_edit(world.approver, report_of(code, measure).pk, done=DONE, links=[])
        report_submit(world.approver, report.pk)
    report_decide(world.inspector, report_of("520402-DW").pk, accept=True)


@time_machine.travel(NOW, tick=False)
def test_the_city_bureau_sees_the_28_measures_with_their_standing_in_the_reporting_period(world, client_for):
    standing(world)
    page = client_for(world.city_officer).get("/accountability/measures/")
    assert page.status_code == 200 and page.context["period"].id == "2026-H1"
    rows = {row.measure.id: row for row in page.context["rows"]}
    assert len(rows) == 28
    assert (rows["1.2"].standing.accepted, rows["1.2"].standing.missing, rows["1.2"].standing.owed) == (1, 3, 4)
    assert rows["1.3"].standing.submitted == 1
    html = page.content.decode()
    assert "依法依规开展督查检查评比考核" in html and 'href="/accountability/units/520400-JYJ/"' in html


@time_machine.travel(NOW, tick=False)
def test_the_county_inspector_counts_only_the_units_of_its_county(world, client_for):
    standing(world)
    page = client_for(world.inspector).get("/accountability/measures/?period=2026-H1")
    row = next(r for r in page.context["rows"] if r.measure.id == "1.2")
    assert (row.standing.accepted, row.standing.missing) == (1, 0)


@time_machine.travel(NOW, tick=False)
def test_a_bad_period_answers_400_naming_the_parameter(world, client_for):
    page = client_for(world.city_officer).get("/accountability/measures/?period=2026-Q9")
    assert page.status_code == 400
    assert "参数 period：报告期「2026-Q9」无效；请写成 2026-H1、2026-H2 这样的形式" in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_schools_and_outsiders_see_no_measures_and_another_county_no_unit(world, client_for, client):
    for person in (world.principal, world.teacher, world.outsider):
        client.force_login(person)
        assert client.get("/accountability/measures/").status_code == 404
        assert client.get("/accountability/measures/1.2/").status_code == 404
    other = client_for(world.other_county_officer)
    assert other.get("/accountability/units/520402-DW/").status_code == 404
    assert other.get("/accountability/units/520403-DW/").status_code == 200
    assert other.get("/accountability/measures/9.9/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_measures_page_shows_each_units_report_of_each_period(world, client_for):
    standing(world)
    page = client_for(world.inspector).get("/accountability/measures/1.2/")
    assert page.status_code == 200
    grid = {row["unit"].code: row for row in page.context["grid"]}
    assert list(grid) == ["520402-DW"]
    cell = next(c for c in grid["520402-DW"]["cells"] if c["period"] == "2026-H1")
    assert cell["report"].state == "accepted"
    assert f'href="/accountability/reports/{cell["report"].pk}/"' in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_unit_opens_writes_uploads_and_submits_its_report_from_its_page(world, client_for):
    client = client_for(world.approver)
    page = client.get("/accountability/units/520402-DW/")
    assert page.status_code == 200 and page.context["may_write"] and len(page.context["measures"]) == 28
    opened = client.post("/accountability/units/520402-DW/reports/", {"measure": "2.3", "period": "2026-H2"})
    report = report_of("520402-DW", "2.3", "2026-H2")
    assert opened.status_code == 302 and opened["Location"] == f"/accountability/reports/{report.pk}/"
    refused = client.post(f"/accountability/reports/{report.pk}/save/", {"done": "", "links": "", "then": "submit"})
    assert refused.status_code == 400 and "工作进展：请写明" in refused.content.decode()
    refused = client.post(
        f"/accountability/reports/{report.pk}/save/", {"done": DONE, "links": "外链 http://x.cn/", "then": "save"}
    )
    assert refused.status_code == 400 and DONE in refused.content.decode()  # what was typed is kept
    uploaded = client.post(
        f"/accountability/reports/{report.pk}/evidence/", {"file": SimpleUploadedFile("清单.pdf", PDF)}
    )
    assert uploaded.status_code == 302
    saved = client.post(
        f"/accountability/reports/{report.pk}/save/",
        {"done": DONE, "links": "年度计划 /registry/plans/", "then": "submit"},
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.links == [{"label": "年度计划", "url": "/registry/plans/"}]
    evidence = report.evidence.get()
    download = client.get(f"/accountability/reports/{report.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download["Content-Security-Policy"] == "sandbox"


@time_machine.travel(NOW, tick=False)
def test_the_inspector_returns_with_a_remark_and_the_unit_sees_it(world, client_for, client):
    standing(world)
    report = report_of("520402-DW", "1.3")
    inspector = client_for(world.inspector)
    page = inspector.get(f"/accountability/reports/{report.pk}/")
    assert page.context["may_decide"] and not page.context["may_write"]
    refused = inspector.post(f"/accountability/reports/{report.pk}/decide/", {"decision": "return", "remarks": ""})
    assert refused.status_code == 400 and "退回意见：退回报告须写明理由" in refused.content.decode()
    returned = inspector.post(
        f"/accountability/reports/{report.pk}/decide/", {"decision": "return", "remarks": "请附上清理后的清单"}
    )
    assert returned.status_code == 302
    client.logout()
    unit = client_for(world.approver).get(f"/accountability/reports/{report.pk}/")
    html = unit.content.decode()
    assert unit.context["may_write"] and "已退回" in html and "请附上清理后的清单" in html


@time_machine.travel(NOW, tick=False)
def test_a_department_clerk_cannot_open_a_countys_report_or_decide(world, client_for):
    standing(world)
    report = report_of("520402-DW", "1.3")
    clerk = client_for(world.department_clerk)
    assert clerk.get(f"/accountability/reports/{report.pk}/").status_code == 404
    assert clerk.post(f"/accountability/reports/{report.pk}/decide/", {"decision": "accept"}).status_code == 404
    bureau = client_for(world.county_officer)
    assert bureau.get(f"/accountability/reports/{report.pk}/").status_code == 200
    refused = bureau.post(f"/accountability/reports/{report.pk}/decide/", {"decision": "accept"})
    assert refused.status_code == 400 and "只有督导部门" in refused.content.decode()
