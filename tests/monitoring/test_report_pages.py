"""The yearly report's pages (7.4): the county bureau lists, drafts, writes, refreshes and submits its report;
the city reads every county's and downloads the summary; the page shows the figures the document prints;
anyone else meets a 404."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from docx import Document

from jianfu.gate.services import refusal_record
from jianfu.monitoring.models import CountyReport, ReportState
from jianfu.monitoring.report_documents import report_sections
from jianfu.monitoring.report_services import (
    SECTION_MAX,
    report_draft,
    report_obligations_open,
    report_submit,
)
from tests.monitoring.report_world import NOTICE, a_year_of_records

DAY = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LATE = datetime(2021, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
HEADINGS = ("基数与总量", "拒绝与违规", "举报", "借用与抽调", "监测结果")


def page_text(response) -> str:
    """The page's visible words, without tags and spaces (Chinese sentences compare without spaces)."""
    html = response.content.decode()
    return "".join(re.sub(r"<[^>]+>", " ", html).split())


def bare(text: str) -> str:
    return "".join(text.split())


def a_refusal_on(world, day: date) -> None:
    refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="wechat_group",
        received_on=day,
        content=NOTICE,
        requester_unit=world.unit("520402-WMB"),
    )


@time_machine.travel(DAY, tick=False)
def test_the_county_bureau_sees_its_years_report_with_the_due_date_and_a_draft_button(world, client_for):
    report_obligations_open(2021)
    response = client_for(world.county_officer).get("/monitoring/reports/?year=2021")
    text = page_text(response)
    assert response.status_code == 200
    assert "西秀区的报告" in text and "2021-11-25" in text and "未报送（草稿）" in text
    assert "起草本年度报告" in text and "平坝区" not in text


@time_machine.travel(DAY, tick=False)
def test_drafting_from_the_list_opens_the_report_with_every_heading_and_the_documents_figures(world, client_for):
    a_year_of_records(world)
    client = client_for(world.county_officer)
    response = client.post("/monitoring/reports/new/", {"county": "520402", "year": "2021"})
    report = CountyReport.objects.get(county=world.xixiu, year=2021)
    assert response.status_code == 302 and response["Location"] == f"/monitoring/reports/{report.pk}/"
    text = page_text(client.get(response["Location"]))
    for section in report_sections(report.figures, {}):
        assert bare(section.heading) in text
        assert all(bare(paragraph) in text for paragraph in section.paragraphs)
        for table in section.tables:
            assert all(bare(str(cell)) in text for row in table.rows for cell in row)
    assert all(heading in text for heading in HEADINGS)
    assert "学校拒绝1次" in text and "西秀区文明办" in text
    assert "刷新数据" in text and "报送市教育局" in text


@time_machine.travel(DAY, tick=False)
def test_drafting_twice_from_the_list_keeps_one_report(world, client_for):
    client = client_for(world.county_officer)
    client.post("/monitoring/reports/new/", {"county": "520402", "year": "2021"})
    client.post("/monitoring/reports/new/", {"county": "520402", "year": "2021"})
    assert CountyReport.objects.filter(county=world.xixiu, year=2021).count() == 1


@time_machine.travel(DAY, tick=False)
def test_a_saved_section_is_shown_under_its_heading_after_a_redirect(world, client_for):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    client = client_for(world.county_officer)
    response = client.post(f"/monitoring/reports/{report.pk}/sections/refusals/", {"text": "拒绝均已核查。"})
    assert response.status_code == 302 and response["Location"].endswith("#section-refusals")
    assert "拒绝均已核查。" in client.get(f"/monitoring/reports/{report.pk}/").content.decode()
    report.refresh_from_db()
    assert report.sections == {"refusals": "拒绝均已核查。"}


@time_machine.travel(DAY, tick=False)
def test_a_refused_section_keeps_the_typed_text_and_says_why(world, client_for):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    typed = "减" * (SECTION_MAX + 1)
    response = client_for(world.county_officer).post(
        f"/monitoring/reports/{report.pk}/sections/baseline/", {"text": typed}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"「基数与总量」部分不能超过 {SECTION_MAX} 个字" in html and typed in html
    report.refresh_from_db()
    assert report.sections == {}


@time_machine.travel(DAY, tick=False)
def test_refreshing_assembles_the_drafts_figures_again(world, client_for):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    a_refusal_on(world, date(2021, 2, 21))
    client = client_for(world.county_officer)
    assert "学校拒绝0次" in page_text(client.get(f"/monitoring/reports/{report.pk}/"))
    response = client.post(f"/monitoring/reports/{report.pk}/refresh/")
    assert response.status_code == 302
    assert "学校拒绝1次" in page_text(client.get(f"/monitoring/reports/{report.pk}/"))


@time_machine.travel(DAY, tick=False)
def test_a_draft_document_prints_the_figures_its_page_shows(world, client_for):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    a_refusal_on(world, date(2021, 2, 21))  # not in the draft until it is refreshed
    response = client_for(world.county_officer).get(f"/monitoring/reports/{report.pk}/report.docx")
    words = "".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert response.status_code == 200 and "学校拒绝 0 次" in words


@time_machine.travel(DAY, tick=False)
def test_submitting_asks_to_confirm_then_submits_and_a_second_submit_says_it_was_submitted(world, client_for):
    report_obligations_open(2021)
    report = report_draft(world.xixiu, 2021, world.county_officer)
    client = client_for(world.county_officer)
    confirm = client.get(f"/monitoring/reports/{report.pk}/submit/")
    assert confirm.status_code == 200 and "确认报送" in confirm.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT  # looking at the confirm step submits nothing
    response = client.post(f"/monitoring/reports/{report.pk}/submit/", follow=True)
    text = page_text(response)
    assert "已报送" in text and "2021-02-22报送市教育局" in text and "刷新数据" not in text
    again = client.post(f"/monitoring/reports/{report.pk}/submit/", follow=True)
    assert "报告已于2021-02-22报送" in page_text(again)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_on == date(2021, 2, 22)


@time_machine.travel(LATE, tick=False)
def test_a_draft_past_the_25th_of_november_is_shown_late(world, client_for):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    text = page_text(client_for(world.county_officer).get(f"/monitoring/reports/{report.pk}/"))
    assert "报送期限：2021-11-25" in text and "已逾期，请尽快报送" in text


@time_machine.travel(DAY, tick=False)
def test_a_submitted_reports_downloads_print_its_frozen_figures(world, client_for):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    report = report_submit(report.pk, world.county_officer)
    a_refusal_on(world, date(2021, 2, 21))
    client = client_for(world.county_officer)
    response = client.get(f"/monitoring/reports/{report.pk}/report.docx")
    words = "".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "学校拒绝 0 次" in words
    pdf = client.get(f"/monitoring/reports/{report.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="report-520402-2021.pdf"'


@time_machine.travel(DAY, tick=False)
def test_another_county_a_department_and_an_outsider_see_not_found(world, client_for):
    report = report_draft(world.xixiu, 2021, world.county_officer)
    for user in (world.other_county_officer, world.department_clerk, world.outsider):
        client = client_for(user)
        assert client.get(f"/monitoring/reports/{report.pk}/").status_code == 404
        assert client.get(f"/monitoring/reports/{report.pk}/report.pdf").status_code == 404
        assert client.post(f"/monitoring/reports/{report.pk}/submit/").status_code == 404
        assert client.post(f"/monitoring/reports/{report.pk}/sections/baseline/", {"text": "x"}).status_code == 404
    assert client_for(world.outsider).get("/monitoring/reports/").status_code == 404
    assert client_for(world.county_officer).get("/monitoring/reports/999999/").status_code == 404
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.sections == {}


@time_machine.travel(DAY, tick=False)
def test_the_city_sees_every_county_opens_the_submitted_and_downloads_the_summary(world, client_for):
    report_obligations_open(2021)
    submitted = report_submit(report_draft(world.xixiu, 2021, world.county_officer).pk, world.county_officer)
    draft = CountyReport.objects.get(county=world.pingba, year=2021)
    client = client_for(world.city_officer)
    html = client.get("/monitoring/reports/?year=2021").content.decode()
    assert f'href="/monitoring/reports/{submitted.pk}/"' in html
    assert f'href="/monitoring/reports/{draft.pk}/"' not in html  # a draft is listed, not opened
    assert "平坝区" in html and "未报送（草稿）" in html and "起草本年度报告" not in html
    summary = client.get("/monitoring/reports/city/2021.docx")
    words = "".join(p.text for p in Document(io.BytesIO(summary.content)).paragraphs)
    assert summary.status_code == 200 and "西秀区：基数与总量" in words and "平坝区：举报" in words
    assert client_for(world.county_officer).get("/monitoring/reports/city/2021.pdf").status_code == 404


@time_machine.travel(DAY, tick=False)
def test_a_year_that_is_not_one_answers_400_naming_the_parameter(world, client_for):
    response = client_for(world.county_officer).get("/monitoring/reports/?year=20x1")
    assert response.status_code == 400 and "年度（year）「20x1」无效" in response.content.decode()


# --- Done when: the CLI's pdf and the report's page show the same figures, each named ---------------------

FIGURES = {  # name -> the pattern of its sentence (text without spaces), shared by the page and the pdf
    "baseline": r"(\d{4})年基数(\d+|—)项",
    "quota_limit": r"总量上限(\d+|—)项",
    "quota_used": r"已登记(\d+)项",
    "refusals": r"学校拒绝(\d+)次",
    "violation_cases": r"违规线索(\d+)件",
    "complaints": r"收到举报(\d+)件",
    "complaints_answered": r"已答复(\d+)件",
    "secondments_away": r"不在岗教师(\d+)人",
    "secondments_approved": r"已审批(\d+)人",
    "survey_answers": r"监测点教师答卷(\d+)份",
    "survey_codes": r"发放答题码(\d+)个",
    "survey_rate": r"应答率([\d.]+%)",
    "survey_registered_hours": r"已登记的外部事项([\d.]+)小时",
    "survey_unregistered_hours": r"未登记的外部事项([\d.]+)小时",
}
SPRING = datetime(2021, 5, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def figures_in(text: str) -> dict[str, str]:
    found = {}
    for name, pattern in FIGURES.items():
        match = re.search(pattern, text)
        found[name] = match.group(match.lastindex) if match else None
    return found


def a_surveyed_year(world) -> None:
    """A year of every kind of record: the registry's, a refusal, a complaint, a secondment (in February) and a
    monitoring site whose teachers answered the spring wave (six of eight codes, in May)."""
    from jianfu.monitoring.survey import answer, codes_issue
    from tests.monitoring.survey_helpers import WEEK, sites_make, wave_make

    with time_machine.travel(DAY, tick=False):
        a_year_of_records(world)
    with time_machine.travel(SPRING, tick=False):
        site, *_others = sites_make(world, year=2021)
        wave = wave_make(2021, "spring")
        for code in codes_issue(site.pk, world.principal, wave_id=wave.pk, count=8)[:6]:
            answer(code, hours=WEEK)


def test_the_cli_pdf_and_the_report_page_show_the_same_figures(world, client_for, tmp_path):
    import subprocess

    from django.core.management import call_command

    a_surveyed_year(world)
    with time_machine.travel(SPRING, tick=False):
        report = report_draft(world.xixiu, 2021, world.county_officer)
        page = figures_in(page_text(client_for(world.county_officer).get(f"/monitoring/reports/{report.pk}/")))
        output = tmp_path / "report.pdf"
        call_command("report", "county", "--county", "520402", "--year", "2021", "--format", "pdf", "--output", output)
    layout = subprocess.run(["pdftotext", "-layout", str(output), "-"], capture_output=True, check=True).stdout
    pdf = figures_in("".join(layout.decode().split()))
    for name in FIGURES:
        assert pdf[name] == page[name], f"{name}: the pdf says {pdf[name]}, the page {page[name]}"
    assert page == {
        "baseline": "12",
        "quota_limit": "6",
        "quota_used": "1",
        "refusals": "1",
        "violation_cases": "1",
        "complaints": "1",
        "complaints_answered": "0",
        "secondments_away": "1",
        "secondments_approved": "1",
        "survey_answers": "6",
        "survey_codes": "8",
        "survey_rate": "75.0%",
        "survey_registered_hours": "2.0",
        "survey_unregistered_hours": "3.0",
    }
