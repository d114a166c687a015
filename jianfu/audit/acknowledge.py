"""An operator's acknowledgment that a rebuilt head was checked (`jianfu audit acknowledge`).

When the head row is deleted, the next audited write rebuilds it and logs `audit.head_restored`, and
`verify` fails from then on: whoever deleted the head may also have cut the last events. Once an operator
has checked the log against a checkpoint taken before the deletion — the log still holds the checkpoint's
event with its hash, so nothing up to it was cut — the restoration is acknowledged with a reason, as an
event of the chain itself, and `verify` stops reporting it. A later restoration is reported again."""

from django.db import transaction
from django.utils import timezone

from jianfu.audit.models import AuditEvent
from jianfu.audit.services import HEAD_RESTORED, HEAD_RESTORED_ACKNOWLEDGED, audit_record
from jianfu.audit.verify import Anchor, audit_verify

REASON_MIN = 10


class NotAcknowledged(ValueError):
    """The acknowledgment was refused; the message says why and what to do."""


def restoration_acknowledge(seq: int, *, anchor: Anchor, reason: str) -> AuditEvent:
    reason = reason.strip()
    if len(reason) < REASON_MIN:
        raise NotAcknowledged(f"--reason：请写明核对的经过（至少 {REASON_MIN} 个字），它会记入审计日志")
    restored = AuditEvent.objects.filter(seq=seq, action=HEAD_RESTORED).first()
    if restored is None:
        raise NotAcknowledged(f"--event：第 {seq} 条事件不是链头重建记录；请用 jianfu audit verify 报告的序号")
    if anchor.at >= restored.at:
        when = timezone.localtime(restored.at)
        raise NotAcknowledged(
            f"--anchor：{anchor.describe()}晚于链头重建（{when:%Y-%m-%d %H:%M}），不能证明重建前的日志完整；"
            "请用重建之前签的检查点"
        )
    verdict = audit_verify(anchors=[anchor], restorations=False)
    if not verdict.ok:
        raise NotAcknowledged(f"--anchor：按{anchor.describe()}核对，日志不完整：{verdict.problem}")
    with transaction.atomic():
        return audit_record(
            acting_user=None,
            action=HEAD_RESTORED_ACKNOWLEDGED,
            object_type="audit_head",
            object_id=1,
            after={"event": seq, "anchor": anchor.describe(), "anchor_events": anchor.events, "reason": reason},
        )
