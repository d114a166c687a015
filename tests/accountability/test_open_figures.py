"""The public figures: no account, the page and the CSV and JSON agree with the scores' underlying record
counts for the same county and year, a stable schema with a licence, and nothing personal."""

import csv
import json
from io import StringIO

import pytest
import time_machine

from jianfu.accountability.indicators import COUNTY, Scored, registered_demands, year_complaints, year_refusals
from jianfu.accountability.open_figures import COLUMNS
from jianfu.accountability.scores import scores
from jianfu.monitoring.report import demand_figures
from tests.accountability.test_indicators import DAY, YEAR, a_scored_year


@pytest.fixture
def figures_world(world):
    with time_machine.travel(DAY, tick=False):
        a_scored_year(world)
        yield world


def csv_rows(client) -> list[dict]:
    response = client.get(f"/open/{YEAR}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(StringIO(response.content.decode("utf-8-sig"))))


def cell(page: str, county: str, figure: str) -> str:
    row = page.split(f'data-testid="open-{county}"')[1].split("</tr>")[0]
    return row.split(f'data-figure="{figure}">')[1].split("<")[0]


def test_the_page_and_the_csv_agree_with_the_scores_records_for_the_same_county_and_year(figures_world, client):
    xixiu = next(row for row in scores(YEAR) if row["unit"] == "520402-ZF")
    records = {i["id"]: i["records"] for i in xixiu["indicators"]}
    scored = Scored(COUNTY, figures_world.unit("520402-ZF"), figures_world.xixiu)
    expected = {
        "quota_used": records["quota_kept"],  # the registered inspections behind the quota indicator: 2
        "demands_registered": registered_demands(scored, YEAR).count(),  # 4
        "refusals": year_refusals(scored, YEAR).count(),  # 1
        "complaints_received": records["complaints_answered_on_time"],  # 2
        "secondment_returns_due": records["returned_on_time"],  # 2
    }
    assert expected == {
        "quota_used": 2,
        "demands_registered": 4,
        "refusals": 1,
        "complaints_received": 2,
        "secondment_returns_due": 2,
    }
    assert year_complaints(scored, YEAR).count() == 2 and demand_figures(figures_world.xixiu, YEAR)["registered"] == 4
    page = client.get(f"/open/{YEAR}/").content.decode()
    (row,) = [r for r in csv_rows(client) if r["county"] == "520402"]
    for figure, count in expected.items():
        assert cell(page, "520402", figure) == str(count), figure
        assert row[figure] == str(count), figure
    assert (row["complaints_answered_on_time"], row["secondments_returned_on_time"]) == ("1", "1")


def test_the_open_data_has_a_stable_schema_and_a_licence(figures_world, client):
    rows = csv_rows(client)
    assert list(rows[0]) == ["schema", "licence", *COLUMNS]
    assert {(r["schema"], r["licence"]) for r in rows} == {("jianfu-open-figures/1", "CC BY 4.0")}
    assert [r["county"] for r in rows] == ["520402", "520403"]
    body = json.loads(client.get(f"/open/{YEAR}.json").content)
    assert (body["schema"], body["licence"], body["columns"]) == ("jianfu-open-figures/1", "CC BY 4.0", list(COLUMNS))
    assert [list(r) for r in body["counties"]] == [list(COLUMNS)] * 2
    assert body["counties"][0]["refusals"] == 1


def test_a_small_survey_group_stays_suppressed(figures_world, client):
    body = json.loads(client.get(f"/open/{YEAR}.json").content)
    xixiu = body["counties"][0]  # one answer: fewer than five
    assert (xixiu["monitoring_suppressed"], xixiu["survey_response_rate"], xixiu["survey_external_hours"]) == (
        True,
        None,
        None,
    )
    assert "少于 5 份，不单独显示" in client.get(f"/open/{YEAR}/").content.decode()


def test_nothing_personal_is_published(figures_world, client):
    texts = [client.get(f"/open/{YEAR}/").content.decode(), client.get(f"/open/{YEAR}.csv").content.decode()]
    texts.append(client.get(f"/open/{YEAR}.json").content.decode())
    names = [figures_world.xixiu_teacher.name, figures_world.xixiu_colleague.name, "卫健局要求教师下载"]
    for text in texts:
        assert not any(name in text for name in names)


def test_the_page_links_to_the_public_annual_lists(figures_world, client):
    page = client.get(f"/open/?year={YEAR}").content.decode()
    assert f'href="/lists/{YEAR}/520402/"' in page


def test_a_bad_year_answers_400_naming_it_and_a_year_to_come_404(figures_world, client):
    response = client.get("/open/?year=next")
    assert response.status_code == 400 and "（year）" in response.content.decode()
    assert client.get(f"/open/{YEAR + 1}.csv").status_code == 404
    assert client.get("/open/1999/").status_code == 404
