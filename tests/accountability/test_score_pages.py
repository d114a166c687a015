"""The scores' pages: who reads which rows, every figure linking to its records and each record to its own
page, the inspectorate's adjustment form (refused input kept), the workbooks, and 400 for a bad parameter."""

from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from jianfu.accountability.models import ScoreAdjustment
from tests.accountability.test_indicators import DAY, YEAR, a_scored_year

LIST = f"/accountability/scores/?year={YEAR}"
XIXIU = f"/accountability/scores/{YEAR}/520402-ZF/"


@pytest.fixture
def scored_records(world):
    with time_machine.travel(DAY, tick=False):
        return a_scored_year(world)


@pytest.fixture
def scored(world, scored_records):
    with time_machine.travel(DAY, tick=False):
        yield world


def units_listed(response) -> list[str]:
    return [row.split('"')[0] for row in response.content.decode().split('data-testid="score-')[1:]]


def test_the_inspectorate_and_the_city_bureau_read_every_row_a_county_bureau_its_own(scored, client_for):
    assert units_listed(client_for(scored.inspector).get(LIST)) == ["520402-ZF", "520402-WJJ"]
    assert units_listed(client_for(scored.city_officer).get(LIST)) == ["520402-ZF", "520403-ZF", "520402-WJJ"]
    assert units_listed(client_for(scored.other_county_officer).get(LIST)) == ["520403-ZF"]
    assert units_listed(client_for(scored.city_officer).get(LIST + "&kind=department")) == ["520402-WJJ"]


def test_anyone_else_is_told_there_is_nothing_here(scored, client_for, client):
    assert client_for(scored.department_clerk).get(LIST).status_code == 404
    assert client_for(scored.principal).get(LIST).status_code == 404
    assert client_for(scored.other_county_officer).get(XIXIU).status_code == 404
    assert client_for(scored.city_officer).get(f"/accountability/scores/{YEAR}/520402-ZZZ/").status_code == 404
    client.logout()
    assert client.get(LIST).status_code == 302  # to the sign-in page


def test_a_bad_year_or_kind_answers_400_naming_the_parameter(scored, client_for):
    officer = client_for(scored.city_officer)
    response = officer.get("/accountability/scores/?year=20x1")
    assert response.status_code == 400 and "（year）" in response.content.decode()
    response = officer.get(f"{LIST}&kind=school")
    assert response.status_code == 400 and "（kind）" in response.content.decode()
    assert officer.get("/accountability/scores/assessment.xlsx?year=abc").status_code == 400


def test_a_figure_links_to_its_records_and_each_record_to_its_own_page(scored, scored_records, client_for):
    inspector = client_for(scored.inspector)
    page = inspector.get(XIXIU).content.decode()
    link = f"/accountability/scores/{YEAR}/520402-ZF/registered_share/"
    assert f'href="{link}"' in page
    records = inspector.get(link).content.decode()
    assert "比值 0.667 × 权重 20.0 = 得分 13.33" in records
    from django.urls import reverse

    from jianfu.gate.models import Refusal
    from jianfu.registry.models import Demand

    links = [reverse("registry:demand", args=[d.pk]) for d in Demand.objects.filter(state="registered")]
    links += [reverse("gate:refusal", args=[Refusal.objects.get().pk])]
    links += [reverse("complaints-case", args=[scored_records["upheld"].pk])]
    assert len(links) == 6 and all(f'href="{link}"' in records for link in links)
    assert records.count("<tr>") == 6 + 1  # the six records and the heading


def test_the_inspector_adjusts_through_the_form_and_a_refused_one_keeps_what_was_typed(scored, client_for):
    inspector = client_for(scored.inspector)
    refused = inspector.post(XIXIU, {"indicator": "survey_done", "points": "-2", "reason": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "「理由」必须填写" in body and 'value="-2"' in body and 'value="survey_done" selected' in body
    done = inspector.post(XIXIU, {"indicator": "survey_done", "points": "-2", "reason": "一所监测点未组织问卷"})
    assert done.status_code == 302 and done["Location"] == XIXIU
    assert ScoreAdjustment.objects.get().reason == "一所监测点未组织问卷"
    assert "总分 48.83" in inspector.get(XIXIU).content.decode()


def test_the_city_bureau_reads_but_may_not_adjust(scored, client_for):
    officer = client_for(scored.city_officer)
    assert 'data-testid="adjust-form"' not in officer.get(XIXIU).content.decode()
    assert officer.post(XIXIU, {"points": "5", "reason": "好"}).status_code == 404
    assert not ScoreAdjustment.objects.exists()


def test_the_workbooks_hold_the_rows_the_reader_may_see(scored, client_for):
    response = client_for(scored.other_county_officer).get(f"/accountability/scores/scores.xlsx?year={YEAR}")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["520403-ZF"]
    response = client_for(scored.city_officer).get(f"/accountability/scores/assessment.xlsx?year={YEAR}")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {"520402-ZF", "520403-ZF", "520402-WJJ"}
