"""A rebuilt head stays reported until an operator checks the log against a checkpoint signed before the
rebuild and acknowledges it with a reason (`jianfu audit acknowledge`); a later rebuild is reported again."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from jianfu.audit.anchors import anchor_write
from jianfu.audit.models import AuditEvent
from jianfu.audit.services import HEAD_RESTORED, audit_checkpoint_create, audit_record
from jianfu.audit.verify import audit_verify

REASON = "与 11 月 20 日异地保存的检查点逐条核对，重建前的日志完整"


def write(world, day: int) -> AuditEvent:
    with time_machine.travel(datetime(2026, 11, day, 9, tzinfo=UTC), tick=False):
        return audit_record(acting_user=world.county_officer, action="test.change", object_type="thing", object_id=day)


def head_deleted_then_written(world, day: int) -> AuditEvent:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_audithead")
    write(world, day)
    return AuditEvent.objects.filter(action=HEAD_RESTORED).order_by("-seq").first()


@pytest.fixture
def checkpoint_before_the_rebuild(world, tmp_path):
    write(world, 19)
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=UTC), tick=False):
        checkpoint = audit_checkpoint_create()
    path = tmp_path / "anchor.json"
    anchor_write(checkpoint, path)
    return path


def test_an_acknowledged_rebuild_is_no_longer_reported_and_the_acknowledgment_is_in_the_chain(
    world, checkpoint_before_the_rebuild
):
    restored = head_deleted_then_written(world, 22)
    assert "链头记录曾被删除" in audit_verify().problem
    call_command("audit", "acknowledge", event=restored.seq, anchor=[str(checkpoint_before_the_rebuild)], reason=REASON)
    assert audit_verify().ok
    acknowledged = AuditEvent.objects.get(action="audit.head_restored_acknowledged")
    assert acknowledged.after["event"] == restored.seq and acknowledged.after["reason"] == REASON


def test_a_second_rebuild_after_an_acknowledged_one_is_reported_again(world, checkpoint_before_the_rebuild):
    first = head_deleted_then_written(world, 22)
    call_command("audit", "acknowledge", event=first.seq, anchor=[str(checkpoint_before_the_rebuild)], reason=REASON)
    second = head_deleted_then_written(world, 24)
    verdict = audit_verify()
    assert not verdict.ok and verdict.broken_seq == second.seq


def test_acknowledging_needs_a_checkpoint_from_before_the_rebuild_a_real_rebuild_event_and_a_reason(
    world, checkpoint_before_the_rebuild, tmp_path
):
    restored = head_deleted_then_written(world, 22)
    refusals = [
        (dict(event=restored.seq - 1, anchor=[str(checkpoint_before_the_rebuild)], reason=REASON), "不是链头重建记录"),
        (dict(event=restored.seq, anchor=[str(checkpoint_before_the_rebuild)], reason="核对过"), "--reason"),
        (dict(event=restored.seq, reason=REASON), "--anchor FILE"),
    ]
    for options, message in refusals:
        with pytest.raises(CommandError, match=message):
            call_command("audit", "acknowledge", **options)
    assert not AuditEvent.objects.filter(action="audit.head_restored_acknowledged").exists()


def test_a_checkpoint_signed_after_the_rebuild_cannot_vouch_for_it(world, checkpoint_before_the_rebuild, tmp_path):
    restored = head_deleted_then_written(world, 22)
    call_command("audit", "acknowledge", event=restored.seq, anchor=[str(checkpoint_before_the_rebuild)], reason=REASON)
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=UTC), tick=False):
        later = audit_checkpoint_create()
    later_path = tmp_path / "later.json"
    anchor_write(later, later_path)
    with pytest.raises(CommandError, match="请用重建之前签的检查点"):
        call_command("audit", "acknowledge", event=restored.seq, anchor=[str(later_path)], reason=REASON)


def test_a_log_cut_before_the_rebuild_cannot_be_acknowledged(world, checkpoint_before_the_rebuild):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = (SELECT MAX(seq) FROM audit_auditevent)")
    restored = head_deleted_then_written(world, 22)
    with pytest.raises(CommandError, match="日志不完整"):
        call_command(
            "audit", "acknowledge", event=restored.seq, anchor=[str(checkpoint_before_the_rebuild)], reason=REASON
        )
