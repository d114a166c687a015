"""The figures of a county's yearly report (clause 7.4), assembled from the records the platform keeps —
never from a counter kept on the side: demands against the 2020 baseline and the quota (by category and
requester), merges, refusals and violation cases, complaints, secondments and the census, and the
monitoring results with the estimate gap once the survey has been summed.

Every figure is a plain value (JSON), so a submitted report keeps them frozen as they stood."""

import json
from collections import Counter
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianfu.complaints.stats import stats as complaint_stats
from jianfu.gate.models import CaseState, Refusal, ViolationCase
from jianfu.org.models import Division
from jianfu.registry.models import Demand
from jianfu.registry.quotas import COUNTED_STATES, quota_rows_for
from jianfu.registry.selectors import category_labels
from jianfu.secondments.census import CensusStatus, census

MONITORING_PENDING = _("监测数据尚未汇总")

# The sections of the report, in order: (key, heading). The bureau writes its own text under each.
SECTIONS = (
    ("baseline", _("基数与总量")),
    ("refusals", _("拒绝与违规")),
    ("complaints", _("举报")),
    ("secondments", _("借用与抽调")),
    ("monitoring", _("监测结果")),
)


def report_figures(county: Division, year: int, *, on: date | None = None) -> dict:
    """Everything the report counts for `county` in `year`; the census is taken on `on` (today), never
    later than the year's last day."""
    as_of = min(on or timezone.localdate(), date(year, 12, 31))
    return {
        "county": county.code,
        "county_name": county.name,
        "year": year,
        "as_of": as_of.isoformat(),
        "quota": quota_figures(county, year),
        "demands": demand_figures(county, year),
        "refusals": refusal_figures(county, year),
        "complaints": complaint_stats(year, division=county)["totals"],
        "secondments": census_counts(county, as_of),
        "monitoring": monitoring_figures(county, year),
    }


def quota_figures(county: Division, year: int) -> dict:
    """Per quota category: the baseline year's count, this year's limit and what was used of it."""
    quota_rows = quota_rows_for([county], year)
    rows = [
        {
            "category": row["category"].code,
            "label": str(row["category"].label),
            "baseline": row["baseline"],
            "limit": row["limit"],
            "used": row["used"],
        }
        for row in quota_rows
    ]
    baseline_year = quota_rows[0]["baseline_year"] if quota_rows else None
    return {"baseline_year": baseline_year, "rows": rows, "totals": _summed(rows, ("baseline", "limit", "used"))}


def _summed(rows: list[dict], keys: tuple[str, ...]) -> dict:
    """Totals of the columns; a column with an unknown value (no baseline entered) has no total."""
    return {key: None if any(r[key] is None for r in rows) else sum(r[key] for r in rows) for key in keys}


def demand_figures(county: Division, year: int) -> dict:
    """The demands registered in the county for the year, by category and by requester; and merges."""
    registered = Demand.objects.filter(division=county, year=year, state__in=COUNTED_STATES)
    labels = category_labels()
    by_category = Counter(registered.values_list("category", flat=True))
    by_requester = Counter(registered.values_list("requester__name", flat=True))
    return {
        "registered": sum(by_category.values()),
        "by_category": [
            {"category": code, "label": str(labels.get(code, code)), "count": n}
            for code, n in sorted(by_category.items(), key=lambda item: (-item[1], item[0]))
        ],
        "by_requester": [
            {"requester": name, "count": n} for name, n in sorted(by_requester.items(), key=lambda i: (-i[1], i[0]))
        ],
        "merged": Demand.objects.filter(division=county, year=year, merged_into__isnull=False).count(),
    }


def refusal_figures(county: Division, year: int) -> dict:
    """Refusals recorded by the county's schools in the year, by requester; the violation cases of the year
    (opened by a refusal or by a demand of the year), how many closed and how many refusals upheld."""
    refusals = Refusal.objects.filter(school__county=county, received_on__year=year)
    by_requester = Counter(
        unit or text for unit, text in refusals.values_list("requester_unit__name", "requester_text")
    )
    cases = ViolationCase.objects.filter(division=county).filter(
        Q(refusal__received_on__year=year) | Q(refusal__isnull=True, demand__year=year)
    )
    return {
        "refusals": refusals.count(),
        "by_requester": [
            {"requester": name, "count": n} for name, n in sorted(by_requester.items(), key=lambda i: (-i[1], i[0]))
        ],
        "cases": cases.count(),
        "cases_closed": cases.filter(state=CaseState.CLOSED).count(),
        "refusals_upheld": cases.filter(refusal_upheld=True).count(),
    }


def census_counts(county: Division, as_of: date) -> dict:
    """The census of clause 5.1 on `as_of`: teachers away from post, by status (as census_figures counts)."""
    counts = {status.value: 0 for status in CensusStatus}
    rows = census(county, as_of)
    for row in rows:
        counts[row.status] += 1
    return {"as_of": as_of.isoformat(), "away": len(rows), **counts}


def monitoring_figures(county: Division, year: int) -> dict:
    """The survey's results and the estimate gap for the county (jianfu/monitoring/results.py and gap.py);
    `pending` until those exist or while no answer has been summed."""
    try:
        from jianfu.monitoring.gap import gap
        from jianfu.monitoring.results import results
    except ImportError:
        return {"pending": True}
    assembled = {"pending": False, "results": results(year, county=county.code), "gap": gap(year, county=county.code)}
    return json.loads(json.dumps(assembled, cls=DjangoJSONEncoder))  # plain values, to be frozen at submission
