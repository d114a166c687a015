"""The results page and its workbook: the survey's results and the estimate gap exactly as computed by hand on
a small world, a group of four answers shown nowhere, and each reader kept to its own jurisdiction."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from jianfu.monitoring.survey import answer, codes_issue
from tests.monitoring.survey_helpers import WEEK, sites_make, wave_make
from tests.monitoring.test_gap import answers_at, registered

ON = date(2026, 11, 10)


@pytest.fixture
def small_world(world):
    """西秀区's first school: 3 teachers, five answers (registered 1,1,2,2,4 a week, unregistered 3 each), and
    registered demands estimated at 4 + 6 hours this autumn; its other school: four answers (5 registered
    hours each), a group too small to show; 平坝区: no answers."""
    first, other, pingba = sites_make(world)
    wave = wave_make()
    registered(
        world,
        requester="520402-WJJ",
        start=date(2026, 9, 10),
        hours="4",
        counties=[world.xixiu],
        levels=["primary"],
        areas="urban",
    )
    registered(world, requester="520402-JYJ", start=date(2026, 10, 5), hours="6")
    answers_at(world, first, wave, [(1, 3), (1, 3), (2, 3), (2, 3), (4, 3)])
    answers_at(world, other, wave, [(5, 0), (5, 0), (5, 0), (5, 0)])
    return world, first, other, pingba


def cell(page: str, testid: str, css: str) -> str:
    row = page.split(f'data-testid="{testid}"')[1].split("</tr>")[0]
    return row.split(f'class="{css}">')[1].split("<")[0]


def test_the_pages_gap_figures_equal_the_ones_computed_by_hand(small_world, client_for):
    world, *_ = small_world

    page = client_for(world.county_officer).get("/monitoring/results/", {"year": 2026}).content.decode()

    first_row = f"gap-site-{world.xixiu_school.code}-2026-autumn"
    assert cell(page, first_row, "estimated") == str(4.0 + 6.0)  # 10.0
    assert cell(page, first_row, "measured-registered") == str(2.0 * 3 * 20)  # mean 2 a week, 3 teachers, 20 weeks
    assert cell(page, first_row, "measured-unregistered") == str(3.0 * 3 * 20)  # 180.0
    assert cell(page, first_row, "gap") == str(120.0 - 10.0)
    county_row = "gap-county-520402-2026-autumn"
    assert cell(page, county_row, "estimated") == str(10.0 + 6.0)
    assert cell(page, county_row, "measured-registered") == str(120.0 + 5 * 2 * 20)  # 320.0
    assert cell(page, county_row, "gap") == str(320.0 - 16.0)
    assert cell(page, "gap-trend-2026-autumn", "gap") == str(304.0)
    assert "gap-requester-520402-department" in page and "gap-county-520403" not in page


def test_a_group_of_four_answers_is_shown_neither_on_the_page_nor_in_the_workbook(small_world, client_for):
    world, first, other, _pingba = small_world
    client = client_for(world.county_officer)

    page = client.get("/monitoring/results/", {"year": 2026}).content.decode()
    download = client.get("/monitoring/results.xlsx", {"year": 2026})

    small_row = page.split(f'data-testid="result-site-{other.pk}"')[1].split("</tr>")[0]
    # Its codes issued (4) are shown, as results() gives them; its answers, rate and hours are not.
    assert "少于 5 份，不单独显示" in small_row and 'class="hours"' not in small_row
    assert 'data-label="回收答卷">4<' not in small_row and 'data-label="回收率"' not in small_row
    gap_row = page.split(f'data-testid="gap-site-{world.xixiu_other_school.code}-2026-autumn"')[1].split("</tr>")[0]
    assert "少于 5 份，不单独显示" in gap_row and "measured" not in gap_row
    first_row = page.split(f'data-testid="result-site-{first.pk}"')[1].split("</tr>")[0]
    assert '<td data-label="回收答卷">5</td>' in first_row
    assert download.status_code == 200 and download["Content-Disposition"].endswith('2026-520402.xlsx"')
    book = load_workbook(BytesIO(download.content))
    (small,) = [row for row in book["问卷结果"].iter_rows(values_only=True) if row[1] == "西秀区旧州镇中学"]
    assert small[3] == 4 and set(small[4:-1]) == {None} and small[-1] == "少于 5 份，不单独显示"  # 4 codes issued
    (small_gap,) = [row for row in book["预计与实测"].iter_rows(values_only=True) if row[0] == "西秀区旧州镇中学"]
    assert small_gap[4:9] == (6.0, None, None, None, None) and small_gap[9] == "少于 5 份，不单独显示"
    (first_gap,) = [row for row in book["预计与实测"].iter_rows(values_only=True) if row[0] == "西秀区第一小学"]
    assert first_gap[4:9] == (10.0, 5, 120.0, 180.0, 110.0)


def test_the_city_bureau_reads_every_county_and_the_city(small_world, client_for):
    world, *_ = small_world

    page = client_for(world.city_officer).get("/monitoring/results/", {"year": 2026}).content.decode()

    assert 'data-testid="result-city-city"' in page and 'data-testid="result-county-520403"' in page


def test_a_county_inspector_reads_its_county_only(small_world, client_for):
    world, *_ = small_world
    client = client_for(world.inspector)

    page = client.get("/monitoring/results/", {"year": 2026})

    assert page.status_code == 200 and 'data-testid="result-county-520402"' in page.content.decode()
    assert 'data-testid="result-county-520403"' not in page.content.decode()
    assert client.get("/monitoring/results/", {"year": 2026, "county": "520403"}).status_code == 400


@pytest.mark.parametrize("actor", ["principal", "teacher", "department_clerk", "approver", "outsider"])
def test_others_see_not_found(small_world, client_for, actor):
    world, *_ = small_world
    client = client_for(getattr(world, actor))

    assert client.get("/monitoring/results/", {"year": 2026}).status_code == 404
    assert client.get("/monitoring/results.xlsx", {"year": 2026}).status_code == 404


def test_a_wave_filter_narrows_the_results_and_a_bad_one_answers_400(world, client_for):
    site, _other, _pingba = sites_make(world)
    spring, autumn = wave_make(season="spring"), wave_make()
    for code in codes_issue(site.pk, world.county_officer, wave_id=autumn.pk, count=5, on=ON):
        answer(code, hours=WEEK, on=ON)
    client = client_for(world.county_officer)

    in_spring = client.get("/monitoring/results/", {"year": 2026, "wave": spring.term}).content.decode()
    in_autumn = client.get("/monitoring/results/", {"year": 2026, "wave": autumn.term}).content.decode()
    bad = client.get("/monitoring/results/", {"year": 2026, "wave": "2026-winter"})
    bad_year = client.get("/monitoring/results.xlsx", {"year": "1900"})

    row = f'data-testid="result-site-{site.pk}"'
    assert "少于 5 份" in in_spring.split(row)[1].split("</tr>")[0]
    assert '<td data-label="回收答卷">5</td>' in in_autumn.split(row)[1].split("</tr>")[0]
    assert bad.status_code == 400 and "「轮次」（wave）2026-winter" in bad.content.decode()
    assert bad_year.status_code == 400 and "年度（year）「1900」无效" in bad_year.content.decode()
