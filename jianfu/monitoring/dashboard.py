"""The figures of the dashboards (clause 7.4): for a reach — the city (every county), one county, or an
inspectorate's counties — the demands against the quota and the 2020 baseline over the years, by county,
requester and category, the burden hours estimated and measured, refusals, complaints and secondments.

Each series is a plain dict {key, title, unit, kind, columns, rows}: the chart, the table beside it and the
xlsx read the same rows. The first column names the row (a year, a county, a term); the others are numbers
(None where no figure exists, e.g. a limit before any baseline is entered).

The figures are counted by the definitions the county report uses (jianfu/monitoring/report.py, the quota
engine, complaints/stats.py, secondments/census.py, gap.py), but a reach spans counties and years: where the
report asks one county and one year at a time (several queries each), the dashboard asks once per series,
grouped by county and year. tests/monitoring/test_dashboard.py checks both ways give the same numbers."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from jianfu.complaints.models import Complaint
from jianfu.complaints.stats import stats as complaint_stats
from jianfu.gate.models import CaseState, Refusal, ViolationCase
from jianfu.monitoring.gap import gap
from jianfu.monitoring.models import Wave
from jianfu.org.models import Division
from jianfu.packs.active import active_engine
from jianfu.registry.models import Demand, QuotaBaseline
from jianfu.registry.quotas import COUNTED_STATES
from jianfu.registry.selectors import category_labels
from jianfu.secondments.census import CensusStatus
from jianfu.secondments.census import _census as census_rows  # the census of a set of teachers, in one pass

YEARS_SHOWN = 5

# The series, in the order of the page: key -> (title, unit). Titles are read in the request's language.
KEYS = ("quota", "counties", "requesters", "categories", "hours", "refusals", "complaints", "secondments")


@dataclass(frozen=True)
class Reach:
    """What a dashboard covers: the divisions at its top (the city, a county, an inspectorate's division)
    and the counties (divisions with schools) under them."""

    roots: tuple[Division, ...]
    counties: tuple[Division, ...]

    @property
    def divisions(self) -> tuple[Division, ...]:
        """Every division whose own demands count: the tops and the counties, once each."""
        return tuple({d.pk: d for d in self.roots + self.counties}.values())

    @property
    def name(self) -> str:
        return _("、").join(root.name for root in self.roots)


def dashboard(reach: Reach, year: int, *, today: date, keys: tuple[str, ...] = KEYS) -> dict[str, dict]:
    """The series named by `keys` (every one by default) for `year` and the years before it back to
    YEARS_SHOWN that have records, by key. An xlsx asks for one series only: the burden hours read every
    site's calendar (gap.py), which the other tables need not wait for."""
    years = years_with_records(reach, year)
    builders = {
        "quota": lambda: quota_series(reach, years)["quota"],
        "counties": lambda: quota_series(reach, years)["counties"],
        "requesters": lambda: requester_series(reach, year),
        "categories": lambda: category_series(reach, year),
        "hours": lambda: hours_series(reach, years),
        "refusals": lambda: refusal_series(reach, years),
        "complaints": lambda: complaint_series(reach, years),
        "secondments": lambda: secondment_series(reach, years, today),
    }
    both = quota_series(reach, years) if {"quota", "counties"} <= set(keys) else {}
    return {key: both[key] if key in both else builders[key]() for key in keys}


def _series(key: str, title: str, unit: str, kind: str, columns: list[tuple[str, str]], rows: list[list]) -> dict:
    return {
        "key": key,
        "title": title,
        "unit": unit,
        "kind": kind,  # bar | hbar (bars across, for long names) | line: how the chart draws it
        "columns": [{"key": k, "title": t} for k, t in columns],
        "rows": rows,
    }


def _demands(reach: Reach):
    return Demand.objects.filter(division__in=reach.divisions, state__in=COUNTED_STATES)


def years_with_records(reach: Reach, year: int) -> list[int]:
    """The chosen year and the years before it that have demands, refusals or complaints, at most five."""
    first = year - YEARS_SHOWN + 1
    found = {year}
    found.update(_demands(reach).filter(year__range=(first, year)).values_list("year", flat=True).distinct())
    found.update(
        Refusal.objects.filter(school__county__in=reach.counties, received_on__year__range=(first, year))
        .annotate(y=ExtractYear("received_on"))
        .values_list("y", flat=True)
        .distinct()
    )
    found.update(
        Complaint.objects.filter(_complaints_in(reach), received_on__year__range=(first, year))
        .annotate(y=ExtractYear("received_on"))
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted(found)


def _complaints_in(reach: Reach) -> Q:
    q = Q(pk__in=[])
    for root in reach.roots:
        q |= Q(division__path__startswith=root.path)
    return q


# --- Demands against the quota -----------------------------------------------------------------------


def _quota_cells(reach: Reach, years: list[int]) -> dict[tuple[int, int], dict]:
    """(division id, year) -> registered (every category), used, limit and baseline (quota categories), as
    quota_rows_for counts them: the limit from the engine and the history of the division's category (the
    entered baselines, then the demands registered in each other year)."""
    engine = active_engine()
    quota_categories = [code for code, c in engine.pack.categories.items() if c.quota]
    counted: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for division_id, category, y, n in (
        _demands(reach)
        .values("division_id", "category", "year")
        .annotate(n=Count("id"))
        .values_list("division_id", "category", "year", "n")
    ):
        counted[(division_id, category)][y] = n
    entered: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for division_id, category, y, n in QuotaBaseline.objects.filter(division__in=reach.divisions).values_list(
        "division_id", "category", "year", "count"
    ):
        entered[(division_id, category)][y] = n
    cells = {}
    for division in reach.divisions:
        for y in years:
            baseline_limit = engine.pack.limits["quota_baseline_year"].at(date(y, 12, 31))
            baseline_year = baseline_limit.value if baseline_limit else None
            registered = sum(counted[(division.pk, c)].get(y, 0) for c in engine.pack.categories)
            used, limits, baselines = 0, [], []
            for category in quota_categories:
                registered_by_year = counted[(division.pk, category)]
                history = dict(entered[(division.pk, category)])
                for other_year, count in registered_by_year.items():
                    if other_year != y:
                        history.setdefault(other_year, count)
                used += registered_by_year.get(y, 0)
                limits.append(engine.quota_for(division.code, category, y, history))
                baselines.append(history.get(baseline_year) if baseline_year else None)
            cells[(division.pk, y)] = {
                "registered": registered,
                "used": used,
                "limit": _total(limits),
                "baseline": _total(baselines),
                "baseline_year": baseline_year,
            }
    return cells


def _total(values: list) -> int | None:
    """The sum of the known values: a division or category without an entered baseline has no limit and adds
    nothing to the limits of the others (the report, for one county, leaves such a total blank instead);
    None when no value is known at all."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def quota_series(reach: Reach, years: list[int]) -> dict[str, dict]:
    """Per year: demands registered, those counted against the quota, the limit and the baseline; and per
    county for the chosen (last) year."""
    cells = _quota_cells(reach, years)
    rows = []
    for y in years:
        year_cells = [cells[(d.pk, y)] for d in reach.divisions]
        rows.append(
            [
                str(y),
                sum(c["registered"] for c in year_cells),
                sum(c["used"] for c in year_cells),
                _total([c["limit"] for c in year_cells]),
                _total([c["baseline"] for c in year_cells]),
            ]
        )
    baseline_year = cells[(reach.divisions[0].pk, years[-1])]["baseline_year"] if reach.divisions else None
    columns = [
        ("year", _("年度")),
        ("registered", _("登记事项")),
        ("used", _("计入总量")),
        ("limit", _("总量上限")),
        ("baseline", _("%(year)s 年基数") % {"year": baseline_year or "—"}),
    ]
    chosen = years[-1]
    county_rows = [
        [
            d.name if d in reach.counties else _("%(name)s（本级）") % {"name": d.name},
            cells[(d.pk, chosen)]["registered"],
            cells[(d.pk, chosen)]["used"],
            cells[(d.pk, chosen)]["limit"],
        ]
        for d in reach.divisions
        if d in reach.counties or cells[(d.pk, chosen)]["registered"]  # a city's own demands when it has some
    ]
    return {
        "quota": _series("quota", _("登记事项与总量控制"), _("项"), "line", columns, rows),
        "counties": _series(
            "counties",
            _("%(year)s 年各县（区）登记事项") % {"year": chosen},
            _("项"),
            "hbar",
            [
                ("county", _("县（区）")),
                ("registered", _("登记事项")),
                ("used", _("计入总量")),
                ("limit", _("总量上限")),
            ],
            county_rows,
        ),
    }


def requester_series(reach: Reach, year: int) -> dict:
    """The year's registered demands by the unit that asked (as the report's by_requester)."""
    counts = (
        _demands(reach)
        .filter(year=year)
        .values("requester__name")
        .annotate(n=Count("id"))
        .order_by("-n", "requester__name")
    )
    return _series(
        "requesters",
        _("%(year)s 年登记事项（按提出单位）") % {"year": year},
        _("项"),
        "hbar",
        [("requester", _("提出单位")), ("count", _("登记事项"))],
        [[row["requester__name"], row["n"]] for row in counts],
    )


def category_series(reach: Reach, year: int) -> dict:
    """The year's registered demands by category (as the report's by_category)."""
    labels = category_labels()
    counts = _demands(reach).filter(year=year).values("category").annotate(n=Count("id")).order_by("-n", "category")
    return _series(
        "categories",
        _("%(year)s 年登记事项（按类别）") % {"year": year},
        _("项"),
        "hbar",
        [("category", _("事项类别")), ("count", _("登记事项"))],
        [[str(labels.get(row["category"], row["category"])), row["n"]] for row in counts],
    )


# --- Burden hours ----------------------------------------------------------------------------------


def hours_series(reach: Reach, years: list[int]) -> dict:
    """Per survey term: the teacher hours the registered demands reaching the sites were estimated to take,
    against the external hours the sites' teachers report (gap.py); the terms of the years shown that have a
    wave. A term whose answers are too few to show (fewer than five) has no measured figures."""
    wave_years = sorted(set(Wave.objects.filter(year__in=years).values_list("year", flat=True)))
    codes = {county.code for county in reach.counties}
    rows = []
    for y in wave_years:
        found = gap(y, county=reach.counties[0].code if len(reach.counties) == 1 else None)
        terms: dict[str, dict] = {}
        for row in found["counties"]:
            if row["county"] in codes:
                term = terms.setdefault(row["term"], {"label": row["label"], "parts": []})
                term["parts"].append(row)
        for term in terms.values():
            parts = term["parts"]
            rows.append(
                [
                    term["label"],
                    round(sum(p["estimated"] for p in parts), 1),
                    _sum_shown([p["measured_registered"] for p in parts]),
                    _sum_shown([p["measured_unregistered"] for p in parts]),
                ]
            )
    return _series(
        "hours",
        _("教师负担小时数：登记时预计与监测学校实测（按学期）"),
        _("教师小时"),
        "bar",
        [
            ("term", _("学期")),
            ("estimated", _("预计（已登记事项）")),
            ("measured_registered", _("实测：已登记事项")),
            ("measured_unregistered", _("实测：未登记事项")),
        ],
        rows,
    )


def _sum_shown(values: list) -> float | None:
    shown = [v for v in values if v is not None]
    return round(sum(shown), 1) if shown else None


# --- Refusals, complaints, secondments -------------------------------------------------------------


def refusal_series(reach: Reach, years: list[int]) -> dict:
    """Per year: refusals recorded by the schools, violation cases of the year (opened by a refusal of the
    year, or without one by a demand of the year) and how many were closed — as refusal_figures counts."""
    refusals = dict(
        Refusal.objects.filter(school__county__in=reach.counties, received_on__year__in=years)
        .annotate(y=ExtractYear("received_on"))
        .values("y")
        .annotate(n=Count("id"))
        .values_list("y", "n")
    )
    case_year = Coalesce(ExtractYear("refusal__received_on"), "demand__year", output_field=IntegerField())
    cases = {
        row["y"]: row
        for row in ViolationCase.objects.filter(division__in=reach.divisions)
        .annotate(y=case_year)
        .filter(y__in=years)
        .values("y")
        .annotate(n=Count("id"), closed=Count("id", filter=Q(state=CaseState.CLOSED)))
    }
    rows = [
        [str(y), refusals.get(y, 0), cases.get(y, {}).get("n", 0), cases.get(y, {}).get("closed", 0)] for y in years
    ]
    return _series(
        "refusals",
        _("学校拒绝与违规案件"),
        _("件"),
        "bar",
        [("year", _("年度")), ("refusals", _("学校拒绝")), ("cases", _("违规案件")), ("closed", _("已办结"))],
        rows,
    )


def complaint_series(reach: Reach, years: list[int]) -> dict:
    """Per year: complaints received, answered, and answered by the due day (complaints/stats.py)."""
    rows = []
    for y in years:
        totals = [complaint_stats(y, division=root)["totals"] for root in reach.roots]
        rows.append([str(y)] + [sum(t[k] for t in totals) for k in ("received", "answered", "answered_on_time")])
    return _series(
        "complaints",
        _("举报受理与答复"),
        _("件"),
        "bar",
        [("year", _("年度")), ("received", _("收到举报")), ("answered", _("已答复")), ("on_time", _("按期答复"))],
        rows,
    )


def secondment_series(reach: Reach, years: list[int], today: date) -> dict:
    """Per year: the teachers away from post at the year's end (today for this year), by the census's
    finding (secondments/census.py, clause 5.1)."""
    statuses = (CensusStatus.APPROVED, CensusStatus.OVERDUE, CensusStatus.UNAPPROVED)
    rows = []
    for y in (y for y in years if y <= today.year):
        found = census_rows({"school__county__in": list(reach.counties)}, min(today, date(y, 12, 31)))
        rows.append([str(y)] + [sum(1 for row in found if row.status == status) for status in statuses])
    return _series(
        "secondments",
        _("教师借用与在编不在岗（年末，当年截至今日）"),
        _("人"),
        "bar",
        [("year", _("年度"))] + [(status.value, str(status.label)) for status in statuses],
        rows,
    )
