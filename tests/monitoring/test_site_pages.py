"""The sites pages: each county's matrix as a grid, the naming form, the city's approval of stand-ins, a site's
waves and the single-use codes it hands out (shown once, as a printable sheet)."""

from datetime import date

import pytest
import time_machine

from jianfu.deadlines.models import Notification, NotificationKind
from jianfu.monitoring.models import MonitoringSite, SurveyCode
from jianfu.monitoring.sites import site_name
from jianfu.monitoring.survey import answer, code_digest, codes_issue
from tests.monitoring.survey_helpers import WEEK, YEAR, site_make, wave_make

NOW = "2026-11-05 10:00 +08:00"
ON = date(2026, 11, 5)


def stand_in(world) -> MonitoringSite:
    """西秀区's township junior school stands in for its (missing) village secondary cell."""
    return site_name(
        world.county_officer,
        county=world.xixiu,
        year=YEAR,
        school=world.xixiu_other_school,
        area="village",
        level="secondary",
        stand_in_reason="本县没有村中学",
        on=ON,
    )


def test_county_bureau_sees_its_matrix_with_unnamed_cells_and_the_problems(world, client_for):
    site_make(world, world.xixiu_school, area="urban", level="primary")
    page = client_for(world.county_officer).get("/monitoring/", {"year": YEAR})

    assert page.status_code == 200
    text = page.content.decode()
    assert "西秀区第一小学" in text and "未指定" in text
    assert "西秀区 2026 年缺少「城区中学」监测点" in text
    assert 'data-testid="sites-520403"' not in text  # another county's matrix is not its business


def test_city_bureau_sees_every_county_and_picks_one(world, client_for):
    client = client_for(world.city_officer)

    every = client.get("/monitoring/", {"year": YEAR}).content.decode()
    one = client.get("/monitoring/", {"year": YEAR, "county": "520403"}).content.decode()

    assert 'data-testid="sites-520402"' in every and 'data-testid="sites-520403"' in every
    assert 'data-testid="sites-520403"' in one and 'data-testid="sites-520402"' not in one


def test_bad_parameters_answer_400_naming_the_parameter(world, client_for):
    client = client_for(world.county_officer)

    bad_year = client.get("/monitoring/", {"year": "twenty"})
    other_county = client.get("/monitoring/", {"year": YEAR, "county": "520403"})

    assert bad_year.status_code == 400 and "年度（year）「twenty」无效" in bad_year.content.decode()
    assert other_county.status_code == 400 and "「县（区）」（county）520403" in other_county.content.decode()


@pytest.mark.parametrize("actor", ["teacher", "department_clerk", "approver", "outsider"])
def test_people_without_monitoring_see_not_found(world, client_for, actor):
    assert client_for(getattr(world, actor)).get("/monitoring/").status_code == 404


def test_principal_sees_its_own_schools_site(world, client_for):
    site = site_make(world, world.xixiu_school, area="urban", level="primary")
    site_make(world, world.xixiu_other_school, area="township", level="secondary")

    page = client_for(world.principal).get("/monitoring/", {"year": YEAR}).content.decode()

    assert f"/monitoring/sites/{site.pk}/" in page and "西秀区旧州镇中学" not in page


def test_county_bureau_names_a_site_through_the_form(world, client_for):
    client = client_for(world.county_officer)
    form = {"year": YEAR, "county": "520402", "area": "urban", "level": "primary", "school": world.xixiu_school.pk}

    done = client.post("/monitoring/sites/name/", form)

    assert done.status_code == 302 and done["Location"] == "/monitoring/?year=2026&county=520402"
    assert MonitoringSite.objects.get(year=YEAR, area="urban", level="primary").school == world.xixiu_school
    assert "已指定 西秀区第一小学 为监测点" in client.get(done["Location"]).content.decode()


def test_a_refused_naming_keeps_the_form_and_shows_the_error_by_its_field(world, client_for):
    form = {
        "year": YEAR,
        "county": "520402",
        "area": "village",
        "level": "secondary",
        "school": world.xixiu_other_school.pk,
        "stand_in_reason": "",
    }

    refused = client_for(world.county_officer).post("/monitoring/sites/name/", form)

    text = refused.content.decode()
    assert refused.status_code == 400
    assert 'data-testid="error-stand_in_reason"' in text and "替代理由" in text
    assert f'<option value="{world.xixiu_other_school.pk}" selected>' in text
    assert '<option value="village" selected>' in text
    assert not MonitoringSite.objects.exists()


def test_another_county_bureau_cannot_name_a_site_here(world, client_for):
    form = {"year": YEAR, "county": "520402", "area": "urban", "level": "primary", "school": world.xixiu_school.pk}

    assert client_for(world.other_county_officer).post("/monitoring/sites/name/", form).status_code == 404
    assert not MonitoringSite.objects.exists()


def test_naming_a_stand_in_tells_the_city_bureau(world):
    site = stand_in(world)

    told = Notification.objects.get(recipient=world.city_officer)
    assert "西秀区以西秀区旧州镇中学替代2026年「村中学」监测点" in told.title
    assert (
        told.kind == NotificationKind.STAND_IN_NAMED
        and told.body == "本县没有村中学"
        and told.link == "/monitoring/?year=2026&county=520402"
    )
    assert (told.subject_type, told.subject_id) == ("monitoring_site", site.pk)
    assert not Notification.objects.filter(recipient=world.county_officer).exists()


def test_naming_a_site_that_fits_its_cell_tells_nobody(world):
    site_name(
        world.county_officer, county=world.xixiu, year=YEAR, school=world.xixiu_school, area="urban", level="primary"
    )

    assert not Notification.objects.exists()


def test_city_bureau_approves_a_stand_in_with_the_button(world, client_for):
    site = stand_in(world)
    county_page = client_for(world.county_officer).get("/monitoring/", {"year": YEAR}).content.decode()
    assert "待市教育局批准" in county_page and f'data-testid="approve-{site.pk}"' not in county_page
    city = client_for(world.city_officer)
    assert f'data-testid="approve-{site.pk}"' in city.get("/monitoring/", {"year": YEAR}).content.decode()

    done = city.post(f"/monitoring/sites/{site.pk}/approve/")

    site.refresh_from_db()
    assert done.status_code == 302 and site.stand_in_approved_by == world.city_officer
    assert "已批准 西秀区旧州镇中学 作为替代监测点" in city.get(done["Location"]).content.decode()


# -- a site's page and its codes --------------------------------------------------------------------


def test_site_page_of_another_county_is_not_found(world, client_for):
    site = site_make(world, world.xixiu_school, area="urban", level="primary")

    assert client_for(world.other_county_officer).get(f"/monitoring/sites/{site.pk}/").status_code == 404
    assert client_for(world.teacher).get(f"/monitoring/sites/{site.pk}/").status_code == 404
    assert client_for(world.county_officer).get("/monitoring/sites/99999/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_site_page_shows_answers_only_from_five_on(world, client_for):
    small = site_make(world, world.xixiu_school, area="urban", level="primary")
    large = site_make(world, world.xixiu_other_school, area="township", level="secondary")
    wave = wave_make()
    for site, count in ((small, 4), (large, 5)):
        for code in codes_issue(site.pk, world.county_officer, wave_id=wave.pk, count=6, on=ON)[:count]:
            answer(code, hours=WEEK, on=ON)
    client = client_for(world.county_officer)

    small_page = client.get(f"/monitoring/sites/{small.pk}/").content.decode()
    large_page = client.get(f"/monitoring/sites/{large.pk}/").content.decode()

    # The codes used are the answers counted: a small group shows neither.
    assert "少于 5 份，不单独显示" in small_page and ">4<" not in small_page
    assert '<td data-label="回收答卷">5</td>' in large_page
    assert '<td data-label="已发放问卷码">6</td>' in large_page and '<td data-label="已使用">5</td>' in large_page


@time_machine.travel(NOW, tick=False)
def test_principal_issues_codes_shown_once_on_a_printable_sheet(world, client_for):
    site = site_make(world, world.xixiu_school, area="urban", level="primary")
    wave_make()
    client = client_for(world.principal)

    issued = client.post(f"/monitoring/sites/{site.pk}/codes/", {"count": "3"})
    assert issued.status_code == 302 and issued["Location"] == f"/monitoring/sites/{site.pk}/codes/sheet/"
    sheet = client.get(issued["Location"])
    again = client.get(issued["Location"])

    text = sheet.content.decode()
    assert text.count('class="code-slip"') == 3 and text.count("<svg") == 3
    assert "http://testserver/survey/" in text and sheet["Cache-Control"] == "no-store"
    codes = [row.split("</strong>")[0] for row in text.split('class="mono code">')[1:]]
    digests = set(SurveyCode.objects.filter(site=site).values_list("digest", flat=True))
    assert {code_digest(code) for code in codes} == digests
    assert "这些问卷码已经显示过" in again.content.decode() and 'class="code-slip"' not in again.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_qr_code_carries_the_code_in_the_fragment(world, client_for):
    from jianfu.monitoring.site_codes_views import _qr

    site = site_make(world, world.xixiu_school, area="urban", level="primary")
    wave_make()
    client = client_for(world.principal)
    client.post(f"/monitoring/sites/{site.pk}/codes/", {"count": "1"})
    text = client.get(f"/monitoring/sites/{site.pk}/codes/sheet/").content.decode()
    code = text.split('class="mono code">')[1].split("</strong>")[0]

    assert _qr(f"http://testserver/survey/#c={code}") in text


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("count", ["0", "201", "ten", ""])
def test_a_count_out_of_range_is_refused_by_its_field(world, client_for, count):
    site = site_make(world, world.xixiu_school, area="urban", level="primary")
    wave_make()

    refused = client_for(world.county_officer).post(f"/monitoring/sites/{site.pk}/codes/", {"count": count})

    assert refused.status_code == 400 and "「份数」应为 1 至 200 之间的整数" in refused.content.decode()
    assert not SurveyCode.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_another_countys_bureau_cannot_issue_codes(world, client_for):
    site = site_make(world, world.xixiu_school, area="urban", level="primary")
    wave_make()

    assert (
        client_for(world.other_county_officer).post(f"/monitoring/sites/{site.pk}/codes/", {"count": "2"}).status_code
        == 404
    )
    assert client_for(world.inspector).post(f"/monitoring/sites/{site.pk}/codes/", {"count": "2"}).status_code == 404
    assert not SurveyCode.objects.exists()
