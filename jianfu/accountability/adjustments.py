"""The inspectorate's own points on a unit's score of a year (7.2): added or deducted on one indicator or on
the whole, always with a reason, audited. Only the inspectorate over the unit's area adjusts."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianfu.accountability.models import ScoreAdjustment
from jianfu.accountability.score_access import may_adjust
from jianfu.accountability.scores import indicator_of, scored_units
from jianfu.audit.services import audit_record

MAX_POINTS = Decimal(100)
REASON_MAX = 2000
ONLY_INSPECTORATE = gettext_lazy("只有本级或上级教育督导部门可以加减分")


class AdjustmentError(ValueError):
    """An adjustment that cannot be made; the message is Chinese and names the field and the fix."""


def adjustment_add(user, *, year: int, unit: str, indicator: str = "", points, reason: str) -> ScoreAdjustment:
    """`unit`: the scored unit's code; `indicator`: an indicator id of its kind, or blank for the whole."""
    scored = next(iter(scored_units(year, units=[unit])), None)
    if scored is None:
        raise AdjustmentError(
            _("「单位」%(unit)s 在 %(year)s 年不参加评分；请从评分表中选择单位") % {"unit": unit, "year": year}
        )
    if not may_adjust(user, scored):
        raise PermissionDenied(str(ONLY_INSPECTORATE))
    indicator = (indicator or "").strip()
    if indicator and indicator_of(scored.kind, indicator) is None:
        raise AdjustmentError(
            _("「指标」%(id)s 不是评分表中的指标；请选择指标，或留空表示总分") % {"id": indicator[:32]}
        )
    value = _points(points)
    reason = (reason or "").strip()
    if not reason:
        raise AdjustmentError(_("「理由」必须填写：请写明加减分的依据，如核查发现的事实"))
    if len(reason) > REASON_MAX:
        raise AdjustmentError(_("「理由」不能超过 %(max)s 个字；请精简") % {"max": REASON_MAX})
    with transaction.atomic():
        adjustment = ScoreAdjustment.objects.create(
            year=year,
            unit=scored.unit,
            indicator=indicator,
            points=value,
            reason=reason,
            made_by=user,
            made_on=timezone.localdate(),
        )
        audit_record(
            acting_user=user,
            action="scores.adjust",
            object_type="score_adjustment",
            object_id=adjustment.pk,
            after={
                "year": year,
                "unit": scored.unit.code,
                "indicator": indicator,
                "points": str(value),
                "reason": reason,
            },
        )
    return adjustment


def _points(points) -> Decimal:
    text = str(points).strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value == 0 or abs(value) > MAX_POINTS or value != round(value, 2):
        raise AdjustmentError(
            _("「分值」应为 -100 至 100 之间、不为 0 的数，最多两位小数（扣分写负数，如 -2），而不是「%(text)s」")
            % {"text": text[:20]}
        )
    return value
