"""Similar-demand search reads only the demands near the new one (its counties' divisions and its
prefecture), through the (division, year, category, start) index: another prefecture's demands of the
same year and category add nothing to the work the database does."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from jianfu.org.demo.generator import division_create
from jianfu.org.demo.load import units_create
from jianfu.org.models import Division, Role
from jianfu.registry.models import Demand
from jianfu.registry.similar import similar_candidates, similar_demands
from jianfu.workflow.demand import State
from tests.registry.test_merging import submitted
from tests.registry.test_scope_leaks import pingba_draft, user_with


def sqlite_steps(action) -> int:
    """How many SQLite virtual-machine instructions `action` runs: it grows with every row read, so it
    measures the rows a query examines, deterministically and without timing."""
    steps = 0

    def count():
        nonlocal steps
        steps += 1
        return 0

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 1)
    try:
        action()
    finally:
        connection.connection.set_progress_handler(None, 1)
    return steps


def guiyang_inspections(world, count: int):
    """`count` submitted inspections of 2021 in a county of another prefecture, at the same dates as
    the Xixiu ones and on the same topic."""
    province = Division.objects.get(code="520000")
    guiyang = division_create("520100", "贵阳市", "prefecture", province)
    county = division_create("520102", "南明区", "district", guiyang)
    units_create(county)
    requester = county.units.get(code="520102-WJJ")
    for n in range(count):
        start = date(2021, 9, 1) + timedelta(days=n % 10)
        submitted_inspection(world, n, requester, start, date(2021, 9, 15)).target_counties.set([county])


def submitted_inspection(world, n: int, requester, start: date, end: date) -> Demand:
    """The `n`th submitted food-safety inspection of 2021 by `requester`, handled by its division."""
    return Demand.objects.create(
        year=2021,
        category="inspection",
        title=f"2021 年学校食品安全专项检查 {n}",
        content="对城区中小学食堂开展食品安全专项检查。",
        requester=requester,
        division=requester.division,
        start=start,
        end=end,
        estimated_hours=2,
        state=State.SUBMITTED,
        created_by=world.department_clerk,
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual-machine steps")
def test_300_inspections_in_another_prefecture_add_no_rows_to_read(world, file_demand):
    first = submitted(world, file_demand, title="2021 年秋季学校食品安全专项检查")
    second = submitted(world, file_demand, title="秋季学校食品安全检查", start=date(2021, 9, 8), end=date(2021, 9, 20))
    before = sqlite_steps(lambda: list(similar_candidates(second)))
    guiyang_inspections(world, 300)
    after = sqlite_steps(lambda: list(similar_candidates(second)))
    assert after <= before * 1.05, f"{before} steps became {after}: the search reads the other prefecture"
    assert [s.demand for s in similar_demands(second)] == [first]


def test_the_candidate_query_names_the_divisions_near_the_demand(world, file_demand):
    demand = submitted(world, file_demand)
    with CaptureQueriesContext(connection) as queries:
        similar_demands(demand)
    (candidates,) = [q["sql"] for q in queries if 'FROM "registry_demand"' in q["sql"]]
    assert '"registry_demand"."division_id" IN' in candidates


def test_a_demand_naming_no_county_still_meets_its_neighbours_that_name_none(world, file_demand):
    """The scope-leak tests' case, kept: a Xixiu inspection of the whole county and a Pingba one are
    alike (same prefecture); one of another prefecture naming no county is not read at all."""
    xixiu = submitted(world, file_demand, title="西秀区学校食品安全专项检查", target_counties=[])
    guiyang_inspections(world, 1)
    Demand.objects.filter(division__code="520102").first().target_counties.clear()
    pingba = pingba_draft(world, user_with("pingba_clerk", Role.REQUESTER, unit=world.unit("520403-WJJ")))
    assert [s.demand for s in similar_demands(pingba)] == [xixiu]


def test_only_the_demands_shown_are_read_whole_not_every_candidate(world, file_demand):
    """A busy prefecture holds hundreds of candidates: they are scored from their titles, openings and
    dates, and only the five best become whole demands (with their JSON fields and requester)."""
    firsts = [submitted(world, file_demand, title=f"2021 年学校食品安全专项检查 第{n}批") for n in range(12)]
    last = submitted(world, file_demand, title="2021 年学校食品安全专项检查")
    made = []
    post_init.connect(receiver := lambda sender, instance, **kwargs: made.append(instance), sender=Demand)
    try:
        found = similar_demands(last)
    finally:
        post_init.disconnect(receiver, sender=Demand)
    assert len(found) == 5 and {s.demand.pk for s in found} <= {d.pk for d in firsts}
    assert len(made) == 5, f"{len(made)} demands built for 5 shown"
    assert all(s.demand.requester.name for s in found) and "共有" in found[0].reason


def xixiu_inspections_over_by(world, day: date, count: int) -> None:
    """`count` submitted inspections of Xixiu that started earlier in 2021 and ended before `day`."""
    requester = world.unit("520402-WJJ")
    for n in range(count):
        start = date(2021, 3, 1) + timedelta(days=n % 150)
        submitted_inspection(world, n, requester, start, min(start + timedelta(days=5), day - timedelta(days=1)))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_300_inspections_that_ended_before_the_new_one_are_passed_over_in_the_index(world, file_demand):
    """The search's range is every demand that starts before the new one ends. Those that ended before it
    starts are rejected by the index that holds their end, without reading their rows: on the x4 bench
    database the candidates took 3.6 ms instead of 8.8."""
    first = submitted(world, file_demand, title="2021 年秋季学校食品安全专项检查")
    second = submitted(world, file_demand, title="秋季学校食品安全检查", start=date(2021, 9, 8), end=date(2021, 9, 20))
    xixiu_inspections_over_by(world, second.start, 300)
    sql, params = similar_candidates(second).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        (search,) = [row[3] for row in cursor.fetchall() if row[3].startswith("SEARCH registry_demand ")]
        index = search.split(" USING INDEX ")[1].split()[0]
        cursor.execute(f"PRAGMA index_info({index})")
        columns = [row[2] for row in cursor.fetchall()]
    assert columns == ["year", "division_id", "category", "start", "end"], search
    assert [s.demand for s in similar_demands(second)] == [first]
