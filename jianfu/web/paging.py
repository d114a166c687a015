"""One page size and one way to page a list, for every screen."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(request, queryset, size: int = PAGE_SIZE) -> Page:
    """The page the request asks for (`?page=`), the last one if it asks for too much."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))
