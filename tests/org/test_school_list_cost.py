"""The school list's county filter names the counties that have schools without reading the schools:
200 more schools in the county add no rows to its query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianfu.org.models import Area, School
from tests.registry.test_similar_index import sqlite_steps


def county_filter_query(client) -> str:
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/schools/").content.decode()
    assert '<option value="520402" >西秀区</option>' in page
    (sql,) = [
        q["sql"]
        for q in queries
        if " FROM " in q["sql"]
        and q["sql"].split(" FROM ")[1].startswith('"org_division"')
        and "org_school" in q["sql"]
    ]
    return sql


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual-machine steps")
def test_200_more_schools_add_no_rows_to_the_county_filter(world, client_for):
    client = client_for(world.county_officer)
    sql = county_filter_query(client)
    before = sqlite_steps(lambda: connection.cursor().execute(sql).fetchall())
    School.objects.bulk_create(
        School(code=f"52040299{n:04d}", name=f"测试学校{n}", county=world.xixiu, area=Area.URBAN) for n in range(200)
    )
    after = sqlite_steps(lambda: connection.cursor().execute(sql).fetchall())
    assert after <= before * 1.05, f"{before} steps became {after}: the filter reads every school"
