"""Demo: the inspectorate's own points on this year's scores, each with its reason — one added to 西秀区 (the
first county), one deducted from the first requesting department of the year — so that the score pages show
adjustments next to the figures computed from the records."""

from django.utils import timezone

from jianfu.accountability.adjustments import adjustment_add
from jianfu.accountability.indicators import COUNTY, DEPARTMENT
from jianfu.accountability.models import ScoreAdjustment
from jianfu.accountability.scores import scored_units
from jianfu.org.models import Role, RoleAssignment

REASONS = {
    COUNTY: ("2", "", "主动清理并合并重复的督查检查事项，提前完成压减任务，经督导核查属实。"),
    DEPARTMENT: ("-1", "registered_share", "抽查发现一次未经登记即要求学校报送材料，已责令整改。"),
}


def scores_demo_is_loaded() -> bool:
    return ScoreAdjustment.objects.exists()


def scores_demo_load() -> int:
    """How many adjustments were made (none without an inspectorate or anyone scored)."""
    inspector = (
        RoleAssignment.objects.filter(role=Role.INSPECTOR, unit__isnull=False)
        .select_related("user", "unit__division")
        .order_by("unit__division__path")
        .first()
    )
    if inspector is None:
        return 0
    year = timezone.localdate().year
    everyone = scored_units(year)
    made = 0
    for kind, (points, indicator, reason) in REASONS.items():
        scored = next((s for s in everyone if s.kind == kind), None)
        if scored is not None:
            adjustment_add(
                inspector.user, year=year, unit=scored.unit.code, indicator=indicator, points=points, reason=reason
            )
            made += 1
    return made
