"""The public doors of the gate: the "核验备案号" box and the index of published annual lists.

Both are for anyone, logged in or not: a teacher handed a notice, a parent, a journalist. The box only
sends the number to the verification page (which keeps its per-address rate limit); the index only
reads what the annual lists already publish.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from jianfu.org.models import Division, DivisionKind
from jianfu.registry.models import Demand
from jianfu.registry.selectors import PUBLISHED_STATES
from jianfu.web.params import year_typed

MAX_KEY_CHARS = 64  # longer than any registration number or code; verification refuses longer ones too
FIRST_YEAR = 2020


def verification_target(key: str) -> str:
    """The verification page of a typed number or code. A "/" cannot stand in a path segment and is
    never part of a number, so it is dropped rather than breaking the address."""
    key = key.strip().replace("/", "")[:MAX_KEY_CHARS] or "-"
    return reverse("registry:verify", args=[key])


def chosen_year(value: str) -> int:
    """The year asked for, or this year when the value is missing or not a sensible year: the public index
    of lists is a door for anyone, who is shown this year's lists rather than an error."""
    this_year = timezone.localdate().year
    year, _error = year_typed(value, first=FIRST_YEAR, last=this_year + 1, default=this_year)
    return year or this_year


def lists_index(year_value: str) -> dict:
    """Every city and county with the number of demands its list of the year publishes (one query for
    the counts), and the years that have published lists."""
    year = chosen_year(year_value)
    published = Demand.objects.filter(state__in=PUBLISHED_STATES)
    counts = dict(published.filter(year=year).values_list("division").annotate(n=Count("id")))
    divisions = Division.objects.exclude(kind=DivisionKind.PROVINCE).order_by("path")
    years = sorted(set(published.values_list("year", flat=True).distinct()) | {year}, reverse=True)
    return {
        "year": year,
        "years": years,
        "rows": [(division, counts.get(division.pk, 0)) for division in divisions],
    }
