"""One page size and one way to page a list, for every screen."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(request, queryset, size: int = PAGE_SIZE) -> Page:
    """The page the request asks for (`?page=`), the last one if it asks for too much."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def page_missing(asked: int, last: int) -> str:
    """What a list says when asked for a page it does not have (the API answers 404 with this)."""
    return f"没有第 {asked} 页：此列表共 {last} 页；请把 page 改为 1 到 {last} 之间的数"
