"""Long lists on PostgreSQL are counted by the planner's estimate ("约 N 条"), and on SQLite by a count
that stops past the bound ("超过 N 条"), not by a COUNT that reads every row of a prefecture; short lists
are counted exactly."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from jianfu.org.models import Teacher
from jianfu.web import paging
from jianfu.web.paging import Counted, EstimatingPaginator, Tally

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL estimates instead of stopping")


def counts(queries) -> list[str]:
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_a_short_list_is_counted_exactly(world):
    assert paging.count_of(Teacher.objects.all()) == Tally(Teacher.objects.count(), Counted.EXACTLY)


def test_a_list_filtered_to_nothing_is_counted_as_empty_without_a_query(world, django_assert_num_queries):
    # `pk__in=[]` compiles to no SQL at all: a school without teachers in scope once answered 500 here
    with django_assert_num_queries(0):
        assert paging.count_of(Teacher.objects.filter(pk__in=[])) == Tally(0)


def test_a_list_that_is_no_queryset_is_measured():
    assert paging.count_of([1, 2, 3], above=0) == Tally(3)


@on_postgresql
def test_past_the_threshold_postgresql_s_estimate_stands_for_the_count(world):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE org_teacher")
    tally = paging.count_of(Teacher.objects.all(), above=2)
    assert tally == Tally(Teacher.objects.count(), Counted.BY_ESTIMATE)  # analysed: the estimate is the table's size


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
    assert answer["count"] >= 1 and answer["counted"] == "estimate"
    assert not [s for s in counts(queries) if "org_teacher" in s]


def test_on_sqlite_or_below_the_threshold_the_list_says_the_exact_count(world, client_for):
    page = client_for(world.city_officer).get("/teachers/").content.decode()
    assert Teacher.objects.count() == 7 and "共 7 条" in page and not re.search(r"约 \d+ 条", page)


@on_sqlite
def test_past_the_bound_sqlite_counts_no_further_and_says_at_least(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert paging.count_of(Teacher.objects.all(), above=3) == Tally(3, Counted.AT_LEAST)
    # the rows the asked page needs push the bound out: a deep page is never cut off
    assert paging.count_of(Teacher.objects.all(), above=3, reach=5) == Tally(5, Counted.AT_LEAST)
    assert paging.count_of(Teacher.objects.all(), above=3, reach=8) == Tally(7)


@on_sqlite
def test_a_page_number_past_any_list_is_counted_exactly_not_as_an_impossible_limit(world):
    assert paging.count_of(Teacher.objects.all(), above=3, reach=461168601842738791 * 50) == Tally(7)


@on_sqlite
def test_a_list_past_the_bound_pages_on_without_naming_its_last_page(world, monkeypatch):
    monkeypatch.setattr(paging, "ESTIMATE_ABOVE", 3)
    teachers = Teacher.objects.order_by("pk")  # 7 rows, pages of 2
    first = EstimatingPaginator(teachers, 2).get_page("1")
    assert first.paginator.counted is Counted.AT_LEAST and first.has_next()
    pager = render_to_string("pager.html", {"page": first, "filters": {"query": "王"}})
    assert "第 1 页，超过 3 条" in pager and "/ 4 页" not in pager
    assert 'href="?query=%E7%8E%8B&amp;page=2"' in pager or 'href="?query=%E7%8E%8B&page=2"' in pager
    last = EstimatingPaginator(teachers, 2).get_page("4")  # reaching the end, the count is exact again
    assert last.paginator.counted is Counted.EXACTLY and not last.has_next() and len(last) == 1
    assert "第 4 / 4 页，共 7 条" in render_to_string("pager.html", {"page": last, "filters": {}})
    past = EstimatingPaginator(teachers, 2).get_page("9")
    assert past.number == 4


@on_sqlite
def test_the_api_says_a_long_list_s_count_is_a_lower_bound_and_still_refuses_a_page_past_the_end(
    world, client_for, monkeypatch
):
    monkeypatch.setattr(paging, "ESTIMATE_ABOVE", 0)
    client = client_for(world.city_officer)
    first = client.get("/api/v1/teachers?page_size=2").json()
    assert (first["count"], first["counted"], len(first["items"])) == (2, "at_least", 2)
    last = client.get("/api/v1/teachers?page_size=2&page=4").json()
    assert (last["count"], last["counted"], len(last["items"])) == (7, "exact", 1)
    past = client.get("/api/v1/teachers?page_size=2&page=5")
    assert past.status_code == 404 and "共 4 页" in past.json()["detail"]
