"""A return order (5.1) is complied with when the period away it was about ends: the school confirmed the
teacher's return, or a roster shows the teacher in post again. What the borrowing unit owed is then met,
so it is neither reminded nor escalated for a teacher already back."""

from collections.abc import Iterable
from datetime import date

from jianfu.audit.services import audit_record
from jianfu.deadlines.models import ObligationKind
from jianfu.deadlines.services import obligation_meet
from jianfu.secondments.models import ReturnOrder


def return_orders_complied(period_ids: Iterable[int], *, on: date, acting_user=None) -> int:
    """Marks the open orders of these (now ended) periods complied with on `on`; how many. Runs inside the
    caller's transaction."""
    count = 0
    for order in ReturnOrder.objects.filter(period_id__in=list(period_ids), complied_on__isnull=True):
        ReturnOrder.objects.filter(pk=order.pk).update(complied_on=on)
        obligation_meet(
            kind=ObligationKind.RETURN_ORDER,
            subject_type="return_order",
            subject_id=order.pk,
            acting_user=acting_user,
            note=f"教师已于 {on} 返岗",
        )
        audit_record(
            acting_user=acting_user,
            action="return_order.complied",
            object_type="return_order",
            object_id=order.pk,
            before={"complied_on": None},
            after={"complied_on": on.isoformat()},
        )
        count += 1
    return count
