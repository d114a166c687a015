"""Long lists on PostgreSQL are counted by the planner's estimate ("约 N 条"), not by a COUNT that reads
every row of a prefecture; short lists, and SQLite, are counted exactly."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianfu.org.models import Teacher
from jianfu.web import paging

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")


def counts(queries) -> list[str]:
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_a_short_list_is_counted_exactly(world):
    assert paging.count_of(Teacher.objects.all()) == (Teacher.objects.count(), False)


def test_a_list_filtered_to_nothing_is_counted_as_empty_without_a_query(world, django_assert_num_queries):
    # `pk__in=[]` compiles to no SQL at all: a school without teachers in scope once answered 500 here
    with django_assert_num_queries(0):
        assert paging.count_of(Teacher.objects.filter(pk__in=[])) == (0, False)


def test_a_list_that_is_no_queryset_is_measured():
    assert paging.count_of([1, 2, 3], above=0) == (3, False)


@on_postgresql
def test_past_the_threshold_postgresql_s_estimate_stands_for_the_count(world):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE org_teacher")
    rows, estimated = paging.count_of(Teacher.objects.all(), above=2)
    assert estimated and rows == Teacher.objects.count()  # analysed: the estimate is the table's size


@on_postgresql
def test_the_city_officer_s_teacher_list_says_about_n_rows_without_counting(world, client_for, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE org_teacher")
    monkeypatch.setattr(paging, "ESTIMATE_ABOVE", 0)  # the world is small: every list counts as long
    client = client_for(world.city_officer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/teachers/").content.decode()
    assert re.search(r"约 \d+ 条", page) and "共 7 条" not in page
    assert not [sql for sql in counts(queries) if "org_teacher" in sql]
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/api/v1/teachers").json()
    assert answer["count"] >= 1 and not [s for s in counts(queries) if "org_teacher" in s]


def test_on_sqlite_or_below_the_threshold_the_list_says_the_exact_count(world, client_for):
    page = client_for(world.city_officer).get("/teachers/").content.decode()
    assert Teacher.objects.count() == 7 and "共 7 条" in page and not re.search(r"约 \d+ 条", page)
