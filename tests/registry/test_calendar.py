"""A school's calendar: the registered demands that reach it, with hours per term."""

from datetime import date

from jianfu.registry.selectors import demand_list_for_school, term_of
from tests.registry.test_lifecycle import register


def test_a_school_sees_the_demands_covering_its_county_level_and_area(world, file_demand):
    reaching = register(world, file_demand())  # 西秀区, primary, urban: the school is an urban primary school
    register(world, file_demand(title="初中的检查", target_levels=["junior"]))
    register(world, file_demand(title="乡村学校的检查", target_areas=["village"]))
    file_demand(title="还没登记的检查")
    named = register(
        world, file_demand(title="点名到校的检查", target_levels=["junior"], target_schools=world.xixiu_school.code)
    )
    assert list(demand_list_for_school(school=world.xixiu_school)) == [reaching, named]


def test_a_demand_naming_no_county_or_level_reaches_every_one_and_one_naming_several_reaches_each(world, file_demand):
    everywhere = register(world, file_demand(title="全县各级学校的调研", target_counties=[], target_levels=[]))
    several = register(world, file_demand(title="小学和初中的检查", target_levels=["junior", "primary"]))
    register(world, file_demand(title="初中和高中的检查", target_levels=["junior", "senior"]))
    assert set(demand_list_for_school(school=world.xixiu_school)) == {everywhere, several}


def test_terms_run_spring_from_february_and_autumn_from_august():
    assert [term_of(date(2021, m, 1)) for m in (1, 2, 7, 8, 12)] == [
        "2020年秋季学期",
        "2021年春季学期",
        "2021年春季学期",
        "2021年秋季学期",
        "2021年秋季学期",
    ]


def test_the_principal_reads_the_calendar_with_hours_per_term(world, file_demand, client_for):
    register(world, file_demand())
    register(world, file_demand(title="春季检查", start=date(2021, 4, 6), end=date(2021, 4, 8), estimated_hours="3"))
    page = client_for(world.principal).get("/my-school/calendar/", follow=True).content.decode()
    assert "2021年春季学期 · 1 项，预计占用教师工时 3.0 小时" in page
    assert "2021年秋季学期 · 1 项，预计占用教师工时 2.0 小时" in page


def test_another_county_cannot_open_this_school_s_calendar(world, client_for):
    assert (
        client_for(world.other_county_officer).get(f"/schools/{world.xixiu_school.code}/calendar/").status_code == 404
    )
