"""Walks the chain and names the first broken link.

Besides each event's keyed hash and its link to the one before, the walk checks the head row (events cut
from the end), a head rebuilt after being deleted, and checkpoints: those stored in the database and any
given from outside it (`jianfu audit verify --anchor FILE`). A checkpoint says "the log had N events ending
in hash H"; the log must still have that event with that hash, so cutting the end and rolling the head
back is caught as long as one copy of a later checkpoint survives.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from jianfu.audit.chain import checkpoint_signature, event_hash_of, signatures_match
from jianfu.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEvent, AuditHead
from jianfu.audit.services import HEAD_RESTORED, HEAD_RESTORED_ACKNOWLEDGED


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


@dataclass(frozen=True)
class Anchor:
    """A checkpoint, from the table or from a file; `source` names it in messages."""

    events: int
    hash: str
    at: datetime
    signature: str
    source: str

    def is_signed(self) -> bool:
        expected = checkpoint_signature(events=self.events, hash=self.hash, at=self.at)
        return signatures_match(expected, self.signature)

    def describe(self) -> str:
        return f"{self.source}（{timezone.localtime(self.at):%Y-%m-%d %H:%M}，{self.events} 条事件）"


def stored_anchors() -> list[Anchor]:
    return [
        Anchor(c.events, c.hash, c.at, c.signature, f"数据库中的检查点 #{c.pk}") for c in AuditCheckpoint.objects.all()
    ]


def audit_verify(*, anchors: Iterable[Anchor] = (), restorations: bool = True) -> Verdict:
    """The first broken link, or ok. `restorations=False` leaves a rebuilt head unreported: for checking
    everything else before the rebuild is acknowledged."""
    anchors = [*anchors, *stored_anchors()]
    for anchor in anchors:
        if not anchor.is_signed():
            return Verdict(False, 0, None, f"{anchor.describe()}的签名不符：检查点被改动，或审计密钥不是签名时的那把")
    anchored_at: dict[int, list[Anchor]] = defaultdict(list)
    for anchor in anchors:
        anchored_at[anchor.events].append(anchor)

    expected_seq, expected_prev, checked, restored = 1, GENESIS_HASH, 0, None
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        if event.seq != expected_seq:
            return Verdict(False, checked, expected_seq, f"第 {expected_seq} 条事件缺失（被删除）")
        if event_hash_of(event) != event.hash:
            return Verdict(False, checked, event.seq, f"第 {event.seq} 条事件的内容被改动（或哈希不是用审计密钥算的）")
        if event.prev_hash != expected_prev:
            return Verdict(False, checked, event.seq, f"第 {event.seq} 条事件与前一条的链接断开")
        for anchor in anchored_at.get(event.seq, ()):
            if anchor.hash != event.hash:
                problem = f"第 {event.seq} 条事件与{anchor.describe()}记录的不同：此前的日志被改写"
                return Verdict(False, checked, event.seq, problem)
        if event.action == HEAD_RESTORED and restored is None:
            restored = event
        acknowledged = event.action == HEAD_RESTORED_ACKNOWLEDGED and (event.after or {}).get("event")
        if restored is not None and acknowledged == restored.seq:
            restored = None  # an operator checked it against an earlier checkpoint (jianfu audit acknowledge)
        expected_seq, expected_prev, checked = event.seq + 1, event.hash, checked + 1

    last_seq = expected_seq - 1
    beyond = [anchor for anchor in anchors if anchor.events > last_seq]
    if beyond:
        problem = f"日志只有 {last_seq} 条事件，少于{beyond[0].describe()}：末尾的事件被删除"
        return Verdict(False, checked, last_seq + 1, problem)
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return Verdict(False, checked, None, "链头记录缺失（被删除）：无法确认日志末尾是否完整，请用检查点核对")
    if head.seq != last_seq or head.hash != expected_prev:
        problem = f"日志末尾的事件缺失：链头记到第 {head.seq} 条，日志只到第 {last_seq} 条"
        return Verdict(False, checked, last_seq + 1, problem)
    if restored is not None and restorations:
        problem = (
            f"第 {restored.seq} 条事件：链头记录曾被删除，于 {timezone.localtime(restored.at):%Y-%m-%d %H:%M} "
            f"按第 {restored.seq - 1} 条事件重建；其后原有的事件可能被删除，请用此前的检查点核对"
        )
        return Verdict(False, checked, restored.seq, problem)
    return Verdict(True, checked)
