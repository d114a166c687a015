"""Small template helpers, loaded as builtins for every template."""

import re
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, resolve, reverse
from django.urls.converters import get_converters
from django.utils.http import RFC3986_SUBDELIMS

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key`: Django templates cannot index a dict by a variable."""
    return mapping.get(key, "") if mapping else ""


# `{% url %}` in a loop of 100 rows costs 100 reversals (namespace walk, pattern match, quoting): on a
# list page more than the rows' query. `row_url` reverses each name once per process (and URLconf and
# script prefix) around a marker, then quotes each row's value in as `reverse()` would, after checking it
# against the route's converter; any other route, or a value its converter refuses, goes to `reverse()`.
_MARK = "9000000000000000001"  # digits: matched by both the str and the int converter
_RFC3986_PCHAR = RFC3986_SUBDELIMS + "/~:@"


@lru_cache(maxsize=128)
def _row_route(urlconf, script_prefix: str, name: str):
    """(head, tail, converter regex) of a route with one str or int argument, else None."""
    url = reverse(name, args=[_MARK], urlconf=urlconf)
    converters = re.findall(r"<(?:(\w+):)?\w+>", resolve(url[len(script_prefix) - 1 :], urlconf).route)
    if url.count(_MARK) != 1 or len(converters) != 1 or converters[0] not in ("", "str", "int"):
        return None
    head, tail = url.split(_MARK)
    return head, tail, re.compile(get_converters()[converters[0] or "str"].regex)


@register.simple_tag
def row_url(name: str, value) -> str:
    """`{% row_url 'registry:verify' d.verification_code %}`: what `{% url %}` gives, for rows."""
    route = _row_route(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)
    text = str(value)
    if route is None or not route[2].fullmatch(text):
        return reverse(name, args=[value])
    head, tail, _converter = route
    return head + quote(text, safe=_RFC3986_PCHAR) + tail


@lru_cache(maxsize=128)
def _fixed_route(urlconf, script_prefix: str, name: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def nav_url(name: str) -> str:
    """`{% nav_url 'home' %}`: what `{% url 'home' %}` gives for an address without arguments, reversed
    once per process (and URLconf and script prefix) instead of a dozen times on every page."""
    return _fixed_route(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)
