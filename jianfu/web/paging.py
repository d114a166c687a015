"""One page size and one way to page a list, for every screen.

Counting: a page needs the number of rows to say "第 n / N 页". On PostgreSQL an exact COUNT over a
prefecture's 100,000 teachers reads every row the filter keeps, so when the planner's own estimate
(`EXPLAIN`, no rows read) says the list is longer than `ESTIMATE_ABOVE`, that estimate is the count and
the page says "约 N 条". Short lists, and SQLite (whose planner gives no row estimate), count exactly.
"""

import json
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.utils.translation import gettext as _

PAGE_SIZE = 50
# Past this many rows an exact count costs more than the page itself; an estimate within a few per cent
# is all a reader of "约 12,000 条" needs.
ESTIMATE_ABOVE = 10_000


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


def count_of(queryset, *, above: int | None = None) -> tuple[int, bool]:
    """(rows, estimated): the planner's estimate when it says more than `above` (ESTIMATE_ABOVE unless
    given), else the exact count. A list (not a queryset) is simply measured."""
    if not hasattr(queryset, "query"):
        return len(queryset), False
    estimate = planner_estimate(queryset)
    if estimate is not None and estimate > (ESTIMATE_ABOVE if above is None else above):
        return estimate, True
    return queryset.count(), False


class EstimatingPaginator(Paginator):
    """Django's paginator whose count is `count_of`'s: exact for short lists, estimated for long ones
    on PostgreSQL. `estimated` tells the template to write "约"."""

    estimated = False

    @cached_property
    def count(self):
        rows, self.estimated = count_of(self.object_list)
        return rows


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
