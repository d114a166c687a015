"""Estimated against measured (7.4): for each site and term, the teacher hours the registered demands reaching
the school were estimated to take, against the external hours its teachers report in the survey.

- Estimated: the school calendar's sum for the term — each registered demand reaching the school counts its
  `estimated_hours` (teacher hours per school) in the term its start falls in (jianfu.registry.school_calendar).
- Measured: the mean weekly hours the site's answers of the term's wave give to external demands, registered
  and unregistered apart, times the school's teachers on the roster, times the weeks of a term. The survey
  asks for one week; a term is TERM_WEEKS weeks (the measures and the pack give no figure).
- Gap: measured registered hours minus the estimate (positive: the estimates were too low); the unregistered
  hours are burden the registry never saw, shown beside it.

A site with fewer than five answers in a wave shows no measured figures (as in the results); a county's or
the city's term compares only the sites that answered, so an unanswered site does not count as zero hours.
The requester categories (the kind of unit asking) are known only of the estimates: teachers report their
hours by activity, not by who asked, so `by_requester` splits the estimated hours, and the gap stays a
county's figure.
"""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from jianfu.monitoring.models import MonitoringSite, SurveyAnswer, Wave
from jianfu.monitoring.results import SMALLEST_GROUP, SUPPRESSED
from jianfu.org.models import UnitKind
from jianfu.registry.selectors import demand_list_for_school

TERM_WEEKS = 20  # teaching weeks in a Chinese school term, about 20 (spring and autumn alike)


def term_code(day) -> str:
    """The wave term a date falls in: spring from February to July, autumn from August to January."""
    if 2 <= day.month <= 7:
        return f"{day.year}-spring"
    return f"{day.year if day.month >= 8 else day.year - 1}-autumn"


def _hours(value: Decimal) -> float:
    return float(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _site_term_answers(sites, waves) -> dict[tuple[int, int], dict]:
    """(site id, wave id) -> answers and the summed weekly external hours of each kind."""
    found: dict[tuple[int, int], dict] = defaultdict(
        lambda: {"answers": 0, "registered": Decimal(0), "unregistered": Decimal(0)}
    )
    rows = SurveyAnswer.objects.filter(site__in=sites, wave__in=waves).values_list("site_id", "wave_id", "hours")
    for site_id, wave_id, hours in rows.iterator():
        cell = found[(site_id, wave_id)]
        cell["answers"] += 1
        cell["registered"] += Decimal(str(hours.get("external_registered", 0)))
        cell["unregistered"] += Decimal(str(hours.get("external_unregistered", 0)))
    return found


def gap(year: int, *, county: str | None = None) -> dict:
    """The year's sites (or one county's, by code), term by term: estimated and measured hours and the gap;
    the same per county and term, the estimates by requester category, and the trend by term."""
    sites = list(
        MonitoringSite.objects.filter(year=year, **({"county__code": county} if county else {}))
        .select_related("county", "school")
        .prefetch_related("school__levels")
        .annotate(teachers=Count("school__teachers"))
        .order_by("county__path", "area", "level")
    )
    waves = list(Wave.objects.filter(year=year).order_by("opens_on"))
    measured = _site_term_answers(sites, waves)
    kinds = dict(UnitKind.choices)
    site_rows, by_requester = [], defaultdict(Decimal)
    county_terms: dict[tuple[str, str], dict] = {}
    trend: dict[str, dict] = {}
    for site in sites:
        estimates: dict[str, Decimal] = defaultdict(Decimal)
        # Only the terms of the year's waves are compared: spring (from February) to autumn (into January).
        reaching = demand_list_for_school(school=site.school).filter(
            start__gte=date(year, 2, 1), start__lt=date(year + 1, 2, 1)
        )
        for demand in reaching:
            term = term_code(demand.start)
            estimates[term] += demand.estimated_hours
            if any(term == wave.term for wave in waves):
                by_requester[(site.county.code, demand.requester.kind)] += demand.estimated_hours
        for wave in waves:
            row = _site_row(site, wave, estimates[wave.term], measured.get((site.pk, wave.pk)))
            site_rows.append(row)
            if row["answers"] is None and row["note"] == "":
                continue  # no answers at all: nothing to compare
            for total in (
                county_terms.setdefault((site.county.code, wave.term), _total(wave, county=site.county)),
                trend.setdefault(wave.term, _total(wave)),
            ):
                _add(total, row, measured[(site.pk, wave.pk)], site.teachers)
    return {
        "year": year,
        "county": county or "",
        "term_weeks": TERM_WEEKS,
        "sites": site_rows,
        "counties": [_close(total) for total in county_terms.values()],
        "by_requester": [
            {
                "county": code,
                "requester_kind": kind,
                "requester_label": str(kinds.get(kind, kind)),
                "estimated": _hours(hours),
            }
            for (code, kind), hours in sorted(by_requester.items())
        ],
        "trend": [_close(trend[wave.term]) for wave in waves if wave.term in trend],
    }


def _site_row(site, wave, estimated: Decimal, answered: dict | None) -> dict:
    row = {
        "site": site.pk,
        "county": site.county.code,
        "school": site.school.code,
        "school_name": site.school.name,
        "term": wave.term,
        "label": wave.label,
        "teachers": site.teachers,
        "estimated": _hours(estimated),
        "answers": 0 if answered is None else answered["answers"],
        "measured_registered": None,
        "measured_unregistered": None,
        "gap": None,
        "suppressed": False,
        "note": "",
    }
    if answered is None:
        row["answers"] = None
        return row
    if answered["answers"] < SMALLEST_GROUP:
        return row | {"answers": None, "suppressed": True, "note": str(SUPPRESSED)}
    registered, unregistered = _term_hours(answered, site.teachers)
    return row | {
        "measured_registered": _hours(registered),
        "measured_unregistered": _hours(unregistered),
        "gap": _hours(registered - estimated),
    }


def _term_hours(answered: dict, teachers: int) -> tuple[Decimal, Decimal]:
    """A site's weekly means of the wave, as teacher hours of the whole school over a term."""
    scale = Decimal(teachers * TERM_WEEKS) / answered["answers"]
    return answered["registered"] * scale, answered["unregistered"] * scale


def _total(wave, county=None) -> dict:
    return {
        "county": county.code if county else "",
        "county_name": county.name if county else "",
        "term": wave.term,
        "label": wave.label,
        "sites_answered": 0,
        "answers": 0,
        "estimated": Decimal(0),
        "registered": Decimal(0),
        "unregistered": Decimal(0),
    }


def _add(total: dict, row: dict, answered: dict, teachers: int) -> None:
    registered, unregistered = _term_hours(answered, teachers)
    total["sites_answered"] += 1
    total["answers"] += answered["answers"]
    total["estimated"] += Decimal(str(row["estimated"]))
    total["registered"] += registered
    total["unregistered"] += unregistered


def _close(total: dict) -> dict:
    closed = {key: value for key, value in total.items() if key not in ("registered", "unregistered", "estimated")}
    if total["answers"] < SMALLEST_GROUP:
        return closed | {
            "answers": None,
            "estimated": _hours(total["estimated"]),
            "measured_registered": None,
            "measured_unregistered": None,
            "gap": None,
            "suppressed": True,
            "note": str(SUPPRESSED),
        }
    return closed | {
        "estimated": _hours(total["estimated"]),
        "measured_registered": _hours(total["registered"]),
        "measured_unregistered": _hours(total["unregistered"]),
        "gap": _hours(total["registered"] - total["estimated"]),
        "suppressed": False,
        "note": "",
    }
