"""Walks the chain and names the first broken link."""

from dataclasses import dataclass

from jianfu.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from jianfu.audit.services import event_hash


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def audit_verify() -> Verdict:
    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    fields = ("seq", "at", "actor_label", "action", "object_type", "object_id", "before", "after", "prev_hash")
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        if event.seq != expected_seq:
            return Verdict(False, checked, expected_seq, f"第 {expected_seq} 条事件缺失（被删除）")
        if event.prev_hash != expected_prev:
            return Verdict(False, checked, event.seq, f"第 {event.seq} 条事件与前一条的链接断开")
        if event_hash(**{name: getattr(event, name) for name in fields}) != event.hash:
            return Verdict(False, checked, event.seq, f"第 {event.seq} 条事件的内容被改动")
        expected_seq, expected_prev, checked = event.seq + 1, event.hash, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return Verdict(False, checked, expected_seq, f"第 {expected_seq} 条之后的事件缺失（日志末尾被删除）")
    return Verdict(True, checked)
