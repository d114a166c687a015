"""Quota figures of a division and category: the baseline, each year's registered count, the limit.

A baseline is entered once, checked against the pack's quota categories and sensible bounds, and
after that changes only through an audited correction, with a reason, by the level above: the
education bureau of a higher division, or for the city (nothing above it on this platform) its
approving authority. Every correction is kept and shown."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.audit.services import audit_record
from jianfu.org.access import can_manage_roster, scope_for
from jianfu.org.models import DivisionKind, Role, RoleAssignment
from jianfu.packs.active import active_engine
from jianfu.registry.models import Demand, QuotaBaseline, QuotaCorrection
from jianfu.web.params import year_typed
from jianfu.workflow.demand import State

COUNTED_STATES = (State.REGISTERED, State.DONE)
MAX_COUNT = 100_000  # a county-level body does not run more demands of one category in a year


class QuotaError(ValueError):
    """A baseline or a year that cannot be used; the message is Chinese and names the field and the fix."""


def quota_year(value, *, today: date | None = None) -> int:
    """The year a quota page or command asks about: 2000 to next year (next year's limit is planned
    in this one's autumn)."""
    last = (today or timezone.localdate()).year + 1
    return _checked(value, last=last)


def _baseline_year(value, today: date) -> int:
    return _checked(value, last=today.year, field="baseline_year", label=_("基数年度"))


def _checked(value, *, last: int, field: str = "year", label: str = "") -> int:
    year, error = year_typed(value, last=last, field=field, label=label)
    if year is None:
        raise QuotaError(error or _("年度：请填写年份"))
    return year


def _count(value) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and int(text) <= MAX_COUNT):
        raise QuotaError(
            _("基数应为 0 至 %(max)s 之间的整数（项数），而不是「%(text)s」；请改正")
            % {"max": MAX_COUNT, "text": text[:20]}
        )
    return int(text)


def _quota_category(code: str) -> str:
    categories = {c.code: c.label for c in active_engine().pack.categories.values() if c.quota}
    if code not in categories:
        names = _("、").join(categories.values())
        raise QuotaError(
            _("事项类别「%(code)s」不计入总量；基数只能按以下类别录入：%(names)s") % {"code": code[:32], "names": names}
        )
    return code


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
                    "baseline_year": baseline_year.value if baseline_year else None,
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


def quota_baseline_set(*, acting_user, division, category: str, year, count) -> QuotaBaseline:
    """Entered once: the count the quota is cut from may not quietly change later. `year` and
    `count` may be given as typed (text) or as numbers; both are checked."""
    if not can_manage_roster(acting_user, division):
        raise PermissionDenied(_("只有本级或上级教育行政部门可以录入基数"))
    category = _quota_category(category)
    year = _baseline_year(year, timezone.localdate())
    count = _count(count)
    with transaction.atomic():
        baseline, created = QuotaBaseline.objects.get_or_create(
            division=division, category=category, year=year, defaults={"count": count}
        )
        if not created:
            raise QuotaError(
                _(
                    "%(division)s %(year)s 年的基数已录入（%(count)s 项），不能再改；如确有错误，请%(corrector)s填写理由更正"
                )
                % {
                    "division": division.name,
                    "year": year,
                    "count": baseline.count,
                    "corrector": corrector_of(division),
                }
            )
        audit_record(
            acting_user=acting_user,
            action="quota.baseline",
            object_type="division",
            object_id=division.code,
            after={"category": category, "year": year, "count": count},
        )
    return baseline


def corrector_of(division) -> str:
    """Who corrects a division's baseline, in words."""
    if _is_top_level(division):
        return _("由%(division)s审批机关") % {"division": division.name}
    return _("由上级教育行政部门")


def _is_top_level(division) -> bool:
    return division.kind in (DivisionKind.PREFECTURE, DivisionKind.PROVINCE)


def may_correct_baseline(user, division) -> bool:
    """The level above corrects: the education bureau of a higher division; for the city, whose
    bureau has no bureau above it here, the city's approving authority."""
    if scope_for(user).everything:
        return True
    assignments = RoleAssignment.objects.filter(user=user, unit__isnull=False)
    above = division.path.strip("/").split("/")[:-1]  # the codes of the divisions above it
    if assignments.filter(role=Role.EDUCATION_BUREAU, unit__division__code__in=above).exists():
        return True
    return _is_top_level(division) and assignments.filter(role=Role.APPROVER, unit__division=division).exists()


def quota_baseline_correct(*, acting_user, division, category: str, year, count, reason: str) -> QuotaBaseline:
    """Set a wrong baseline right, keeping what it was, who changed it and why."""
    if not may_correct_baseline(acting_user, division):
        raise PermissionDenied(
            _("%(division)s的基数只能%(corrector)s更正")
            % {"division": division.name, "corrector": corrector_of(division)}
        )
    count = _count(count)
    reason = reason.strip()
    if not reason:
        raise QuotaError(_("请填写更正理由：原基数错在哪里、正确的数从何而来"))
    with transaction.atomic():
        baseline = (
            QuotaBaseline.objects.select_for_update()
            .filter(division=division, category=category, year=_baseline_year(year, timezone.localdate()))
            .first()
        )
        if baseline is None:
            raise QuotaError(
                _("%(division)s尚未录入该年度、该类别的基数；请先由本级教育行政部门录入") % {"division": division.name}
            )
        if baseline.count == count:
            raise QuotaError(_("更正后的基数与原基数相同（%(count)s 项）；请填写正确的基数") % {"count": count})
        QuotaCorrection.objects.create(
            baseline=baseline, previous_count=baseline.count, count=count, reason=reason, corrected_by=acting_user
        )
        audit_record(
            acting_user=acting_user,
            action="quota.baseline_correct",
            object_type="division",
            object_id=division.code,
            before={"category": category, "year": baseline.year, "count": baseline.count},
            after={"category": category, "year": baseline.year, "count": count, "reason": reason},
        )
        baseline.count = count
        baseline.save(update_fields=["count"])
    return baseline


def corrections_for(divisions) -> QuerySet[QuotaCorrection]:
    """The correction history of these divisions' baselines, newest first."""
    return QuotaCorrection.objects.filter(baseline__division__in=divisions).select_related(
        "baseline__division", "corrected_by"
    )
