"""Quota figures of a division and category: the baseline, each year's registered count, the limit."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count

from jianfu.audit.services import audit_record
from jianfu.org.access import can_manage_roster
from jianfu.packs.active import active_engine
from jianfu.registry.models import Demand, QuotaBaseline
from jianfu.workflow.demand import State

COUNTED_STATES = (State.REGISTERED, State.DONE)


class QuotaError(ValueError):
    """A baseline that cannot be entered; the message is Chinese and names the fix."""


def quota_history(division, category: str) -> dict[int, int]:
    """{year: count}: the entered baseline, then the demands registered in each later year."""
    history = dict(QuotaBaseline.objects.filter(division=division, category=category).values_list("year", "count"))
    registered = (
        Demand.objects.filter(division=division, category=category, state__in=COUNTED_STATES)
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    for year, count in registered:
        history.setdefault(year, count)
    return history


def quota_state(division, category: str, year: int) -> tuple[int, int | None, dict]:
    """(registered this year, the limit or None, the history the limit was computed from)."""
    history = quota_history(division, category)
    used = Demand.objects.filter(division=division, category=category, year=year, state__in=COUNTED_STATES).count()
    without_this_year = {y: n for y, n in history.items() if y != year}
    return used, active_engine().quota_for(division.code, category, year, without_this_year), without_this_year


def quota_table(year: int) -> list[dict]:
    """Per division and quota category with a baseline: baseline, the year's limit, registered so far."""
    rows = []
    baselines = QuotaBaseline.objects.select_related("division").order_by("division__path", "category")
    seen = set()
    for baseline in baselines:
        key = (baseline.division_id, baseline.category)
        if key in seen:
            continue
        seen.add(key)
        used, limit, history = quota_state(baseline.division, baseline.category, year)
        base_year = min(history) if history else None
        rows.append(
            {
                "division": baseline.division.name,
                "division_code": baseline.division.code,
                "category": baseline.category,
                "baseline": history.get(base_year),
                "limit": limit,
                "used": used,
            }
        )
    return rows


def quota_rows_for(divisions, year: int) -> list[dict]:
    """Used and left per division and quota category, for the divisions a person may see."""
    engine = active_engine()
    categories = [c for c in engine.pack.categories.values() if c.quota]
    rows = []
    for division in divisions:
        for category in categories:
            used, limit, history = quota_state(division, category.code, year)
            baseline_year = engine.pack.limits["quota_baseline_year"].at(date(year, 12, 31))
            base = history.get(baseline_year.value) if baseline_year else None
            rows.append(
                {
                    "division": division,
                    "category": category,
                    "baseline": base,
                    "limit": limit,
                    "used": used,
                    "left": None if limit is None else max(0, limit - used),
                }
            )
    return rows


def quota_baseline_set(*, acting_user, division, category: str, year: int, count: int) -> QuotaBaseline:
    """Entered once: the count the quota is cut from may not quietly change later."""
    if not can_manage_roster(acting_user, division):
        raise PermissionDenied("只有本级或上级教育行政部门可以录入基数")
    if count < 0:
        raise QuotaError("基数应为不小于 0 的整数；请改正")
    with transaction.atomic():
        baseline, created = QuotaBaseline.objects.get_or_create(
            division=division, category=category, year=year, defaults={"count": count}
        )
        if not created:
            raise QuotaError(
                f"{division.name} {year} 年的基数已录入（{baseline.count} 项），不能再改；如确有错误请由上级教育局核实后更正"
            )
        audit_record(
            acting_user=acting_user,
            action="quota.baseline",
            object_type="division",
            object_id=division.code,
            after={"category": category, "year": year, "count": count},
        )
    return baseline
