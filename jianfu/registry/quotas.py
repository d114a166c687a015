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


def quota_state(division, category: str, year: int) -> tuple[int, int | None, dict]:
    """(registered this year, the limit or None, the history the limit was computed from: the entered
    baseline, then the demands registered in each other year)."""
    registered = dict(
        Demand.objects.filter(division=division, category=category, state__in=COUNTED_STATES)
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    history = dict(QuotaBaseline.objects.filter(division=division, category=category).values_list("year", "count"))
    for other_year, count in registered.items():
        if other_year != year:
            history.setdefault(other_year, count)
    used = registered.get(year, 0)
    return used, active_engine().quota_for(division.code, category, year, history), history


def quota_rows_for(divisions, year: int, categories=None) -> list[dict]:
    """Baseline, limit, used and left per division and quota category (every quota category of the
    pack unless `categories` names some)."""
    engine = active_engine()
    quota_categories = [c for c in engine.pack.categories.values() if c.quota]
    baseline_year = engine.pack.limits["quota_baseline_year"].at(date(year, 12, 31))
    rows = []
    for division in divisions:
        for category in quota_categories:
            if categories is not None and category.code not in categories:
                continue
            used, limit, history = quota_state(division, category.code, year)
            rows.append(
                {
                    "division": division,
                    "category": category,
                    "used": used,
                    "limit": limit,
                    "baseline": history.get(baseline_year.value) if baseline_year else None,
                    "left": None if limit is None else max(0, limit - used),
                }
            )
    return rows


def quota_table(year: int) -> list[dict]:
    """`jianfu quota`: the divisions and categories with an entered baseline, as plain values."""
    entered = QuotaBaseline.objects.select_related("division").order_by("division__path", "category")
    divisions = list(dict.fromkeys(baseline.division for baseline in entered))
    categories = {baseline.category for baseline in entered}
    return [
        {
            "division": row["division"].name,
            "division_code": row["division"].code,
            "category": row["category"].code,
            "baseline": row["baseline"],
            "limit": row["limit"],
            "used": row["used"],
        }
        for row in quota_rows_for(divisions, year, categories)
        if row["baseline"] is not None
    ]


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
