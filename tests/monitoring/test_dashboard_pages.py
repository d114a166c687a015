"""The dashboards page: who sees which counties, the tables and xlsx equal to the figures, bad parameters."""

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from jianfu.monitoring.dashboard import KEYS, Reach, dashboard
from tests.monitoring.test_dashboard import two_years_of_records

DAY = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
pytestmark = pytest.mark.usefixtures("time_travel")


@pytest.fixture
def time_travel():
    with time_machine.travel(DAY, tick=False):
        yield


def page(client, address: str):
    response = client.get(address)
    return response, response.content.decode()


def embedded(html: str, key: str) -> dict:
    start = html.index(f'<script id="data-{key}" type="application/json">') + len(
        f'<script id="data-{key}" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_the_city_bureau_sees_every_countys_charts_tables_and_downloads(world, client_for):
    two_years_of_records(world)
    response, html = page(client_for(world.city_officer), "/dashboard/?year=2021")
    assert response.status_code == 200
    figures = dashboard(Reach((world.city,), (world.xixiu, world.pingba)), 2021, today=date(2021, 2, 22))
    for key in KEYS:
        assert f'<div class="chart chart-{figures[key]["kind"]}" data-chart="{key}"' in html
        assert embedded(html, key)["rows"] == figures[key]["rows"]
        assert f'<a data-download href="/dashboard/{key}.xlsx?year=2021" download>下载表格（xlsx）</a>' in html
    assert "vendor/echarts/echarts.min.js" in html and "cdn" not in html.lower()
    assert '<option value="520403"' in html  # the county picker


def test_a_table_shows_the_same_rows_as_the_figures(world, client_for):
    two_years_of_records(world)
    response = client_for(world.city_officer).get("/dashboard/?year=2021")
    table = response.content.decode().split('data-table="refusals"')[1].split("</table>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in table.split("<td ")[1:]]
    assert cells == ["2020", "1", "1", "0", "2021", "1", "1", "0"]


def test_the_xlsx_has_the_same_rows_as_the_page(world, client_for):
    two_years_of_records(world)
    client = client_for(world.city_officer)
    response = client.get("/dashboard/counties.xlsx?year=2021")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "安顺市 2021 年各县（区）登记事项（单位：项）"
    assert values[1] == ["县（区）", "登记事项", "计入总量", "总量上限"]
    assert values[2:] == [["西秀区", 2, 1, 6], ["平坝区", 0, 0, None]]


def test_the_city_bureau_picks_one_county(world, client_for):
    two_years_of_records(world)
    _, html = page(client_for(world.city_officer), "/dashboard/?year=2021&county=520403")
    assert embedded(html, "refusals")["rows"] == [["2020", 1, 1, 0], ["2021", 0, 0, 0]]
    assert "/dashboard/quota.xlsx?year=2021&amp;county=520403" in html


@pytest.mark.parametrize("actor", ["county_officer", "inspector"])
def test_a_county_bureau_and_its_inspectorate_see_their_county_only(world, client_for, actor):
    two_years_of_records(world)
    client = client_for(getattr(world, actor))
    response, html = page(client, "/dashboard/?year=2021")
    assert response.status_code == 200
    assert embedded(html, "counties")["rows"] == [["西秀区", 2, 1, 6]]
    assert '<option value="520403"' not in html
    assert client.get("/dashboard/?county=520403").status_code == 404
    assert client.get("/dashboard/quota.xlsx?county=520403").status_code == 404


@pytest.mark.parametrize("actor", ["principal", "department_clerk", "teacher", "outsider"])
def test_anyone_else_finds_no_dashboard(world, client_for, actor):
    client = client_for(getattr(world, actor))
    assert client.get("/dashboard/").status_code == 404
    assert client.get("/dashboard/quota.xlsx").status_code == 404


@pytest.mark.parametrize(
    ("address", "names"),
    [
        ("/dashboard/?year=abc", "年度（year）「abc」无效"),
        ("/dashboard/?year=1999", "年度（year）「1999」无效"),
        ("/dashboard/?year=2030", "年度（year）「2030」无效"),
        ("/dashboard/?county=999999", "参数 county（县（区）代码）「999999」不存在"),
        ("/dashboard/salaries.xlsx?year=2021", "表格「salaries」不存在"),
        ("/dashboard/quota.xlsx?year=２０２１", "年度（year）「２０２１」无效"),
    ],
)
def test_bad_parameters_answer_400_with_a_sentence_naming_them(world, client_for, address, names):
    response = client_for(world.city_officer).get(address)
    assert response.status_code == 400
    assert names in response.content.decode()


def test_a_refused_year_stays_in_the_form_to_be_corrected(world, client_for):
    response = client_for(world.city_officer).get("/dashboard/?year=20x1&county=520403")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'name="year" inputmode="numeric" size="6" value="20x1"' in html
    assert '<option value="520403" selected>' in html
