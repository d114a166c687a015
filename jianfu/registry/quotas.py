"""Quota figures of a division and category: the baseline, each year's registered count, the limit."""

from django.db.models import Count

from jianfu.packs.active import active_engine
from jianfu.registry.models import Demand, QuotaBaseline
from jianfu.workflow.demand import State

COUNTED_STATES = (State.REGISTERED, State.DONE)


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
