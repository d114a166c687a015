"""One page size and one way to page a list, for every screen.

Counting: a page needs the number of rows to say "第 n / N 页". An exact COUNT over a prefecture's
100,000 teachers reads every row the filter keeps, which costs more than the page itself. So:
- on PostgreSQL, when the planner's own estimate (`EXPLAIN`, no rows read) says the list is longer than
  `ESTIMATE_ABOVE`, that estimate is the count and the page says "约 N 条";
- on SQLite, whose planner gives no row estimate, the count stops at `ESTIMATE_ABOVE` rows (or at the
  rows the asked page needs, if more): a longer list says "超过 N 条" and offers the next page without
  naming the last;
- short lists count exactly.
"""

import json
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.utils.translation import gettext as _

PAGE_SIZE = 50
# Past this many rows an exact count costs more than the page itself; an estimate within a few per cent
# is all a reader of "约 12,000 条" needs.
ESTIMATE_ABOVE = 10_000
# Longer than any list the platform holds; keeps a `?page=461168601842738791`'s LIMIT within 64 bits.
LONGEST_LIST = 10**12


class PageError(ValueError):
    """A `page` parameter that is no page of the list: views answer 400 with its message."""


def planner_estimate(queryset) -> int | None:
    """The rows PostgreSQL's planner expects the queryset to return, read from EXPLAIN without running
    it; None on databases whose planner does not say."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (`pk__in=[]`): Django sends no SQL at all
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class Counted(StrEnum):
    """How a list's number of rows was found (the API's `counted`)."""

    EXACTLY = "exact"
    BY_ESTIMATE = "estimate"  # PostgreSQL's planner
    AT_LEAST = "at_least"  # counting stopped: the list has more rows than `rows`


@dataclass(frozen=True)
class Tally:
    rows: int
    counted: Counted = Counted.EXACTLY


def count_of(queryset, *, above: int | None = None, reach: int = 0) -> Tally:
    """The rows of a list: PostgreSQL's estimate when it says more than `above` (ESTIMATE_ABOVE unless
    given); elsewhere an exact count that stops past `above` rows, or past `reach` (the rows the asked page
    needs) when that is further. A list (not a queryset) is simply measured."""
    if not hasattr(queryset, "query"):
        return Tally(len(queryset))
    above = ESTIMATE_ABOVE if above is None else above
    estimate = planner_estimate(queryset)
    if estimate is not None:
        return Tally(estimate, Counted.BY_ESTIMATE) if estimate > above else Tally(queryset.count())
    # COUNT over `LIMIT n`: SQLite stops reading at n rows instead of walking the whole filter.
    stop = max(above, min(reach, LONGEST_LIST))
    rows = queryset.order_by()[: stop + 1].count()
    return Tally(stop, Counted.AT_LEAST) if rows > stop else Tally(rows)


class EstimatingPaginator(Paginator):
    """Django's paginator whose count is `count_of`'s: exact for short lists, estimated for long ones on
    PostgreSQL, a lower bound for long ones elsewhere. `counted` tells the pager what to write."""

    counted = Counted.EXACTLY
    reach = 0  # the rows up to the end of the asked page: a lower-bound count must reach past them

    def get_page(self, number):
        with suppress(TypeError, ValueError):  # not a number: Django's get_page answers the first page
            self.reach = max(0, int(number)) * self.per_page
        return super().get_page(number)

    @cached_property
    def count(self):
        tally = count_of(self.object_list, reach=self.reach)
        self.counted = tally.counted
        if tally.counted is Counted.AT_LEAST:
            return tally.rows + 1  # one row past the bound, so the page after the asked one exists
        return tally.rows

    @property
    def shown_count(self) -> int:
        """The number the pager writes: for a lower bound, the bound ("超过 10000 条")."""
        return self.count - 1 if self.counted is Counted.AT_LEAST else self.count


def page_of(request, queryset, size: int = PAGE_SIZE) -> Page:
    """The page the request asks for (`?page=`), the last one if it asks for too much."""
    return EstimatingPaginator(queryset, size).get_page(request.GET.get("page"))


def page_number(value: str | None) -> int:
    """A `?page=` value read strictly: absent is 1, anything but a whole number from 1 is refused."""
    text = (value or "").strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 10**9):
        raise PageError(
            _("页码 page 应为从 1 起的整数，而不是「%(text)s」；请改为 1 或去掉 page") % {"text": text[:20]}
        )
    return int(text)


def page_known(queryset, *, number: int, count: int, size: int = PAGE_SIZE) -> Page:
    """A page of a list whose length is already known (from an aggregate the page needs anyway): no
    COUNT query. A number past the last page is a PageError naming the last."""
    paginator = Paginator(queryset, size)
    paginator.count = count  # cached_property: set, it is never computed
    if number > paginator.num_pages:
        raise PageError(page_missing(number, paginator.num_pages))
    return paginator.page(number)


def page_missing(asked: int, last: int) -> str:
    """What a list says when asked for a page it does not have (the API answers 404 with this)."""
    return _("没有第 {asked} 页：此列表共 {last} 页；请把 page 改为 1 到 {last} 之间的数").format(
        asked=asked, last=last
    )
