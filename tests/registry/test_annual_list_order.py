"""The public annual list is read in number order from the (division, year, registration_number, state)
index: a page stops after its rows, where sorting read every demand of the county's year first (issue 17:
the list's growth with the data was 1.6-1.9x when the county's demands grew 4x)."""

import pytest
from django.db import connection

from jianfu.registry.selectors import annual_list
from tests.registry.test_calendar_paging import registered


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_a_page_of_the_annual_list_is_read_in_number_order_not_sorted(world):
    registered(world, 120)
    page = annual_list(year=2021, division=world.xixiu)[:100]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[3] for row in cursor.fetchall()]
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plan), plan
    assert any("demand_published_list_idx" in step for step in plan), plan
    numbers = [d.registration_number for d in page]
    assert len(numbers) == 100 and numbers == sorted(numbers)
