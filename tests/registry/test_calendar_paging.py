"""The school calendar is paged: a fixed number of queries however many demands reach the school, the
year's totals per term from the one read that probes each demand's targets (not the page's sum), filters
by term and category, and a bad parameter is a 400 that names it."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianfu.registry.models import Demand
from jianfu.workflow.demand import State


def registered(world, count: int, *, start=date(2021, 3, 1), category="inspection", hours=2, tag="A"):
    """`count` registered demands of 西秀区 reaching every school of the county, one day apart."""
    made = []
    for n in range(count):
        day = start + timedelta(days=n)
        made.append(
            Demand.objects.create(
                year=2021,
                category=category,
                title=f"日历事项 {tag}{n:03d}",
                content="分页测试。",
                requester=world.unit("520402-WJJ"),
                division=world.xixiu,
                start=day,
                end=day,
                estimated_hours=hours,
                state=State.REGISTERED,
                registration_number=f"安教减备〔2021〕520402-{tag}{n:04d}号",
                verification_code=f"C{tag}{n:05d}",
                created_by=world.department_clerk,
            )
        )
    return made


def calendar_queries(client, world, **params) -> int:
    url = f"/schools/{world.xixiu_school.code}/calendar/"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"year": 2021, **params}).status_code == 200
    return len(queries)


def test_the_calendar_reads_as_many_queries_for_60_demands_as_for_5(world, client_for):
    client = client_for(world.principal)
    registered(world, 5, tag="A")
    with_five = calendar_queries(client, world)
    registered(world, 55, start=date(2021, 4, 1), tag="B")
    assert calendar_queries(client, world) == with_five
    assert calendar_queries(client, world, page=2) == with_five


def test_the_calendar_shows_fifty_rows_a_page_with_the_term_s_full_totals(world, client_for):
    registered(world, 60, start=date(2021, 3, 1), hours=2)  # all in the spring term
    registered(world, 3, start=date(2021, 9, 6), hours=1, tag="F")
    client = client_for(world.principal)
    first = client.get(f"/schools/{world.xixiu_school.code}/calendar/", {"year": 2021}).content.decode()
    assert first.count("日历事项 A") == 50 and "日历事项 F" not in first
    assert "2021年春季学期 · 60 项，预计占用教师工时 120.0 小时" in first  # the term, not the page's 50
    assert "本年度共 63 项，预计占用教师工时 123.0 小时" in first
    assert "第 1 / 2 页，共 63 条" in first
    second = client.get(f"/schools/{world.xixiu_school.code}/calendar/", {"year": 2021, "page": 2}).content.decode()
    assert second.count("日历事项 A") == 10 and second.count("日历事项 F") == 3
    assert "2021年秋季学期 · 3 项，预计占用教师工时 3.0 小时" in second


def test_each_demand_s_targets_are_probed_once_for_the_totals_and_the_page(world):
    """Whether a demand reaches the school is the costly part: one query asks it, for the totals and the
    page's ids; the page's rows are then read by id, without asking again."""
    from jianfu.registry.school_calendar import school_calendar

    registered(world, 60)
    for page in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            calendar = school_calendar(school=world.xixiu_school, year=2021, page=page)
        probing = [q["sql"] for q in queries if "registry_demand_target_levels" in q["sql"]]
        assert len(probing) == 1, probing
        assert calendar.count == 60 and len(calendar.page.object_list) == (50 if page == 1 else 10)


def test_the_calendar_filters_by_term_and_by_category(world, client_for):
    registered(world, 2, start=date(2021, 3, 1), tag="S")
    registered(world, 2, start=date(2021, 9, 6), tag="U")
    registered(world, 1, start=date(2021, 10, 8), category="meeting", tag="M")
    client = client_for(world.principal)
    url = f"/schools/{world.xixiu_school.code}/calendar/"
    autumn = client.get(url, {"year": 2021, "term": "2021-autumn"}).content.decode()
    assert "日历事项 U000" in autumn and "日历事项 M000" in autumn and "日历事项 S000" not in autumn
    meetings = client.get(url, {"year": 2021, "category": "meeting"}).content.decode()
    assert "日历事项 M000" in meetings and "日历事项 U000" not in meetings
    assert "2021年秋季学期 · 1 项" in meetings


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"page": "abc"}, "页码 page"),
        ({"page": "0"}, "页码 page"),
        ({"page": "-3"}, "页码 page"),
        ({"page": "99999999999999999999"}, "页码 page"),
        ({"page": "7"}, "没有第 7 页"),
        ({"year": "20x1"}, "年度（year）「20x1」无效"),
        ({"term": "2021-winter"}, "学期 term"),
        ({"term": "2019-spring"}, "学期 term"),
        ({"category": "<script>"}, "事项类别 category"),
    ],
)
def test_a_bad_page_year_term_or_category_is_a_400_naming_it(world, client_for, params, named):
    registered(world, 3)
    response = client_for(world.principal).get(
        f"/schools/{world.xixiu_school.code}/calendar/", {"year": "2021"} | params
    )
    assert response.status_code == 400
    assert named in response.content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual-machine steps")
def test_another_prefecture_s_300_registered_demands_add_no_rows_to_the_calendar_s_reads(world):
    from jianfu.org.models import Division
    from jianfu.registry.school_calendar import school_calendar
    from tests.registry.test_similar_index import guiyang_inspections, sqlite_steps

    registered(world, 5)
    before = sqlite_steps(lambda: school_calendar(school=world.xixiu_school, year=2021))
    guiyang_inspections(world, 300)
    Demand.objects.filter(division=Division.objects.get(code="520102")).update(state=State.REGISTERED)
    after = sqlite_steps(lambda: school_calendar(school=world.xixiu_school, year=2021))
    assert after <= before * 1.05, f"{before} steps became {after}: the calendar reads the other prefecture"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual-machine steps")
def test_the_year_filter_reads_no_more_rows_for_200_demands_reaching_the_school_than_for_5(world):
    from jianfu.registry.school_calendar import calendar_years
    from tests.registry.test_similar_index import sqlite_steps

    registered(world, 5)
    Demand.objects.create(  # a year of its own, reaching the school too
        **{f.attname: getattr(Demand.objects.first(), f.attname) for f in Demand._meta.concrete_fields[1:]}
        | {"year": 2019, "registration_number": "安教减备〔2019〕520402-0001号", "verification_code": "C2019"}
    )
    before = sqlite_steps(lambda: calendar_years(school=world.xixiu_school, today=date(2021, 3, 1)))
    registered(world, 200, tag="B")
    after = sqlite_steps(lambda: calendar_years(school=world.xixiu_school, today=date(2021, 3, 1)))
    assert after <= before * 1.2, f"{before} steps became {after}: the years are read from every demand"
    assert calendar_years(school=world.xixiu_school, today=date(2021, 3, 1)) == [2021, 2019]
