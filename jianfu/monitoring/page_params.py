"""What the monitoring pages share: who reads them, and the year and county asked for in the address.

The officials' pages (sites, results) are for education bureaus and inspectorates, over the counties their
jurisdiction covers; a principal sees only its own school's site. A parameter that cannot be read answers 400
with a sentence naming it; a county out of reach is as missing as one that does not exist.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.monitoring.selectors import counties_with_schools
from jianfu.org.access import scope_for
from jianfu.org.models import Division
from jianfu.web.params import year_typed


def official_counties(user) -> QuerySet[Division]:
    """The counties with schools whose monitoring an education bureau or inspectorate of the user reads."""
    scope = scope_for(user)
    counties = counties_with_schools()
    if scope.everything:
        return counties
    if not scope.roster_paths:
        return counties.none()
    return counties.filter(reduce(or_, (Q(path__startswith=path) for path in scope.roster_paths)))


def last_year() -> int:
    """The last year a monitoring or score page is asked about: next year's sites are named in this one."""
    return timezone.localdate().year + 1


def year_asked(params) -> tuple[int, str]:
    """The year asked for (this year when none is), or an error naming the parameter."""
    this_year = timezone.localdate().year
    year, error = year_typed(params.get("year"), last=last_year(), default=this_year)
    return year or this_year, error


def county_asked(params, counties: QuerySet[Division]) -> tuple[Division | None, str]:
    """The county asked for among `counties` (None for all of them), or an error naming the parameter."""
    typed = (params.get("county") or "").strip()
    if not typed:
        return (counties.first() if counties.count() == 1 else None), ""
    county = counties.filter(code=typed).first()
    if county is None:
        return None, _("「县（区）」（county）%(value)s 不在您可查看的县（区）中；请从列表中选择") % {
            "value": typed[:20]
        }
    return county, ""
