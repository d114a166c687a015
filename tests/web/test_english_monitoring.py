"""English on the monitoring pages beyond what opening them shows (issue 15): the slips of new survey codes a
principal prints, what a teacher is told when an answer is refused and the thanks after it, what a county is
told when a naming is refused, and the report's sections numbered for the reader; and what stays Chinese
whoever reads: the county report as a document."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document

from jianfu.monitoring.models import SurveyAnswer
from jianfu.monitoring.report_services import report_draft
from jianfu.monitoring.survey import codes_issue
from tests.monitoring.survey_helpers import sites_make, wave_make
from tests.web.every_page import chinese_interface, in_english

IN_THE_AUTUMN_WAVE = datetime(2026, 11, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def in_the_autumn_wave():
    with time_machine.travel(IN_THE_AUTUMN_WAVE, tick=False):
        yield


def test_a_principal_prints_new_survey_codes_in_english_and_is_told_in_english_they_were_shown(world, client_for):
    site, _, _ = sites_make(world)
    wave_make()
    client = in_english(client_for(world.principal))
    issued = client.post(f"/monitoring/sites/{site.pk}/codes/", {"count": "3"})
    assert issued.status_code == 302
    sheet = client.get(issued["Location"]).content.decode()
    assert "3 new survey codes. They are shown this once only" in sheet and sheet.count("<svg") >= 3
    assert chinese_interface(sheet) == []
    again = client.get(issued["Location"]).content.decode()
    assert "These survey codes were shown already" in again and chinese_interface(again) == []


def test_a_principal_asking_for_no_codes_is_told_the_range_in_english(world, client_for):
    site, _, _ = sites_make(world)
    wave_make()
    page = in_english(client_for(world.principal)).post(f"/monitoring/sites/{site.pk}/codes/", {"count": "很多"})
    html = page.content.decode()
    assert page.status_code == 400 and "“Number of codes” must be a whole number from 1 to 200, not “很多”" in html
    assert chinese_interface(html, "很多") == []


def test_a_teacher_is_told_in_english_which_hours_are_wrong_then_thanked_in_english(world, client):
    site, _, _ = sites_make(world)
    (code,) = codes_issue(site.pk, world.principal, wave_id=wave_make().pk, count=1)
    client = in_english(client)
    typed = {"code": code, "hours_teaching": "十六", "hours_marking": "6", "comment": "会议太多"}
    refused = client.post("/survey/", typed)
    html = refused.content.decode()
    assert refused.status_code == 400 and not SurveyAnswer.objects.exists()
    assert "Hours for “Teaching” must be a number (one decimal place allowed), not “十六”" in html
    assert chinese_interface(html, "十六", "会议太多") == []
    thanked = client.post("/survey/", typed | {"hours_teaching": "16"}, follow=True)
    assert thanked.status_code == 200 and SurveyAnswer.objects.count() == 1
    assert "Survey submitted, thank you" in thanked.content.decode()
    assert chinese_interface(thanked.content.decode()) == []


def test_a_county_naming_a_site_without_a_school_is_told_in_english(world, client_for):
    client = in_english(client_for(world.county_officer))
    named = {"year": "2026", "county": world.xixiu.code, "area": "urban", "level": "primary", "school": ""}
    page = client.post("/monitoring/sites/name/", named)
    html = page.content.decode()
    assert page.status_code == 400 and "Choose one of the county&#x27;s schools under “School”." in html
    assert chinese_interface(html) == []


def test_the_report_s_sections_are_numbered_1_2_in_english_and_一_二_in_chinese(world, client_for):
    report = report_draft(world.xixiu, 2026, world.county_officer)
    chinese = client_for(world.county_officer).get(f"/monitoring/reports/{report.pk}/").content.decode()
    english = in_english(client_for(world.county_officer)).get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "一、基数与总量" in chinese and "二、拒绝与违规" in chinese
    assert "1. Baseline and quota" in english and "2. Refusals and violations" in english
    assert chinese_interface(english) == []


def test_the_county_report_an_english_reader_downloads_stays_chinese(world, client_for):
    report = report_draft(world.xixiu, 2026, world.county_officer)
    client = in_english(client_for(world.county_officer))
    document = Document(io.BytesIO(client.get(f"/monitoring/reports/{report.pk}/report.docx").content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "基数与总量" in text and "监测结果" in text
    assert "Baseline" not in text and "Monitoring results" not in text
