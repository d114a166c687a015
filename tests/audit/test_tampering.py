"""Twenty ways to rewrite the audit log with raw SQL, each caught by `audit_verify` (or by a checkpoint).

The chain is the test world's events (role grants) followed by five events of two actors on five days;
"first", "middle" and "last" are positions in that whole chain.
"""

import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection

from jianfu.audit.anchors import anchor_read, anchor_write
from jianfu.audit.chain import HASHED_FIELDS, canonical_json
from jianfu.audit.models import AuditEvent, AuditHead
from jianfu.audit.services import audit_checkpoint_create, audit_record
from jianfu.audit.verify import audit_verify


@pytest.fixture
def chain(world):
    for day in range(1, 6):
        with time_machine.travel(datetime(2021, 3, day, 9, 30, tzinfo=UTC), tick=False):
            audit_record(
                acting_user=world.county_officer if day % 2 else world.principal,
                action="test.change",
                object_type="thing",
                object_id=day,
                before={"n": day},
                after={"n": day + 1, "名称": "测试"},
            )
    return list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))


def position(seqs: list[int], where: str) -> int:
    return {"first": seqs[0], "middle": seqs[len(seqs) // 2], "last": seqs[-1]}[where]


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def db_time(at: datetime):
    return connection.ops.adapt_datetimefield_value(at)


def renumber(from_seq: int, by: int) -> None:
    """Shift seq of every event from `from_seq` on, in two steps so the unique index never collides."""
    raw("UPDATE audit_auditevent SET seq = seq + 1000000 WHERE seq >= %s", [from_seq])
    raw("UPDATE audit_auditevent SET seq = seq - 1000000 + %s WHERE seq >= 1000000", [by])


def forged_row(seq: int, prev_hash: str) -> None:
    """What someone without the key can write: a plausible event with a hash they computed themselves."""
    fields = [seq, db_time(datetime(2021, 3, 3, 12, tzinfo=UTC)), None, "system", "test.forged", "thing", "x"]
    body = canonical_json([*fields[:1], "2021-03-03T12:00:00+00:00", *fields[2:], None, {"forged": True}, prev_hash])
    raw(
        "INSERT INTO audit_auditevent (seq, at, actor_id, actor_label, action, object_type, object_id,"
        " before, after, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, NULL, %s, %s, %s)",
        [*fields, json.dumps({"forged": True}), prev_hash, hashlib.sha256(body.encode()).hexdigest()],
    )


def prev_hash_before(seq: int) -> str:
    earlier = AuditEvent.objects.filter(seq__lt=seq).order_by("-seq").first()
    return earlier.hash if earlier else "0" * 64


def assert_caught_at(seq: int | None, *words: str):
    verdict = audit_verify()
    assert not verdict.ok, "tampering went unnoticed"
    assert verdict.broken_seq == seq, verdict.problem
    for word in words:
        assert word in verdict.problem


# 1–9: a field edited at the first, a middle and the last event.
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_edited_content_is_caught(chain, where):
    target = position(chain, where)
    raw("UPDATE audit_auditevent SET after = %s WHERE seq = %s", ['{"n": 99}', target])
    assert_caught_at(target, "内容被改动")


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_edited_actor_is_caught(chain, world, where):
    target = position(chain, where)
    raw("UPDATE audit_auditevent SET actor_id = %s WHERE seq = %s", [world.outsider.pk, target])
    assert_caught_at(target, "内容被改动")


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_edited_time_is_caught(chain, where):
    target = position(chain, where)
    raw("UPDATE audit_auditevent SET at = %s WHERE seq = %s", [db_time(datetime(2020, 1, 1, tzinfo=UTC)), target])
    assert_caught_at(target, "内容被改动")


# 10–12: an event deleted.
@pytest.mark.parametrize("where", ["first", "middle"])
def test_an_event_deleted_inside_the_log_is_caught(chain, where):
    target = position(chain, where)
    raw("DELETE FROM audit_auditevent WHERE seq = %s", [target])
    assert_caught_at(target, "缺失")


def test_the_last_event_deleted_is_caught_by_the_head(chain):
    raw("DELETE FROM audit_auditevent WHERE seq = %s", [chain[-1]])
    assert_caught_at(chain[-1], "末尾")


# 13–15: an event inserted (the later ones renumbered to make room, the head moved when it is appended).
@pytest.mark.parametrize("where", ["first", "middle"])
def test_an_event_inserted_inside_the_log_is_caught(chain, where):
    target = position(chain, where)
    prev = prev_hash_before(target)
    renumber(target, 1)
    forged_row(target, prev)
    assert_caught_at(target, "内容被改动")


def test_an_event_appended_with_the_head_moved_is_caught(chain):
    target = chain[-1] + 1
    forged_row(target, prev_hash_before(target))
    raw(
        "UPDATE audit_audithead SET seq = %s, hash = (SELECT hash FROM audit_auditevent WHERE seq = %s)",
        [target, target],
    )
    assert_caught_at(target, "内容被改动")


# 16: the last events cut and the head rolled back: the chain alone is consistent; a checkpoint is not.
def test_the_end_cut_with_the_head_rolled_back_is_caught_by_an_anchor_file(chain, tmp_path):
    anchor_file = tmp_path / "anchor.json"
    anchor_write(audit_checkpoint_create(), anchor_file)
    kept = chain[-3]
    raw("DELETE FROM audit_auditevent WHERE seq > %s", [kept])
    raw("UPDATE audit_audithead SET seq = %s, hash = (SELECT hash FROM audit_auditevent WHERE seq = %s)", [kept, kept])
    raw("DELETE FROM audit_auditcheckpoint")  # the copy inside the database goes too
    assert audit_verify().ok, "without a checkpoint the cut is invisible: that is why anchors exist"
    verdict = audit_verify(anchors=[anchor_read(anchor_file)])
    assert (verdict.ok, verdict.broken_seq) == (False, kept + 1)
    assert f"日志只有 {kept} 条事件" in verdict.problem and "末尾的事件被删除" in verdict.problem


def test_the_end_cut_is_caught_by_the_checkpoint_kept_in_the_database(chain):
    audit_checkpoint_create()
    kept = chain[-2]
    raw("DELETE FROM audit_auditevent WHERE seq > %s", [kept])
    raw("UPDATE audit_audithead SET seq = %s, hash = (SELECT hash FROM audit_auditevent WHERE seq = %s)", [kept, kept])
    assert_caught_at(kept + 1, "数据库中的检查点", "末尾的事件被删除")


# 17: the head row deleted: reported, and audited writes keep working (the head is rebuilt and that is logged).
def test_a_deleted_head_is_reported_and_audited_writes_still_work(chain, world):
    raw("DELETE FROM audit_audithead")
    assert_caught_at(None, "链头记录缺失")
    event = audit_record(acting_user=world.county_officer, action="test.after", object_type="thing", object_id=9)
    assert event.seq == chain[-1] + 2  # the rebuild itself is the event before
    assert AuditHead.objects.get(pk=1).seq == event.seq
    assert_caught_at(chain[-1] + 1, "链头记录曾被删除", f"按第 {chain[-1]} 条事件重建")


def test_the_head_deleted_together_with_the_last_events_is_still_reported(chain, world):
    raw("DELETE FROM audit_auditevent WHERE seq > %s", [chain[-3]])
    raw("DELETE FROM audit_audithead")
    audit_record(acting_user=world.county_officer, action="test.after", object_type="thing", object_id=9)
    assert_caught_at(chain[-3] + 1, "链头记录曾被删除")


# 18: every event deleted.
def test_every_event_deleted_is_caught(chain):
    raw("DELETE FROM audit_auditevent")
    assert_caught_at(1, "末尾")


def test_every_event_deleted_with_the_head_reset_is_caught_by_an_anchor(chain, tmp_path):
    anchor_file = tmp_path / "anchor.json"
    anchor_write(audit_checkpoint_create(), anchor_file)
    raw("DELETE FROM audit_auditevent")
    raw("DELETE FROM audit_auditcheckpoint")
    raw("UPDATE audit_audithead SET seq = 0, hash = %s", ["0" * 64])
    verdict = audit_verify(anchors=[anchor_read(anchor_file)])
    assert not verdict.ok and "日志只有 0 条事件" in verdict.problem


# 19–20: every hash recomputed after an edit, or after a deletion, by someone who does not hold the key.
def unkeyed_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def guessed_key(body: bytes) -> str:
    return hmac.new(b"a guess at the key", body, hashlib.sha256).hexdigest()


def reseal_everything(forge) -> None:
    """Recompute every hash and link in order, as the formula says, and move the head to match."""
    prev = "0" * 64
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = prev
        values = [getattr(event, name) for name in HASHED_FIELDS]
        values[HASHED_FIELDS.index("at")] = event.at.astimezone(UTC).isoformat()
        prev = forge(canonical_json(["jianfu.audit.event/2", values]).encode())
        raw("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s", [event.prev_hash, prev, event.seq])
    raw("UPDATE audit_audithead SET seq = (SELECT MAX(seq) FROM audit_auditevent), hash = %s", [prev])


@pytest.mark.parametrize("forge", [unkeyed_sha256, guessed_key])
def test_every_hash_recomputed_after_an_edit_is_caught(chain, forge):
    raw("UPDATE audit_auditevent SET after = %s WHERE seq = %s", ['{"n": 99}', position(chain, "middle")])
    reseal_everything(forge)
    assert_caught_at(1, "内容被改动")


@pytest.mark.parametrize("forge", [unkeyed_sha256, guessed_key])
def test_every_hash_recomputed_after_a_deletion_is_caught(chain, forge):
    target = position(chain, "middle")
    raw("DELETE FROM audit_auditevent WHERE seq = %s", [target])
    renumber(target + 1, -1)
    reseal_everything(forge)
    assert_caught_at(1, "内容被改动")


# What the key and the hashed actor id must not break.
def test_an_untouched_chain_verifies_with_its_checkpoints(chain, tmp_path):
    anchor_file = tmp_path / "anchor.json"
    anchor_write(audit_checkpoint_create(), anchor_file)
    audit_record(acting_user=None, action="test.later", object_type="thing", object_id=7)
    verdict = audit_verify(anchors=[anchor_read(anchor_file)])
    assert verdict.ok and verdict.checked == len(chain) + 1


def test_removing_an_account_leaves_its_events_verifiable(chain, django_user_model):
    user = django_user_model.objects.create_user("leaver", password="x-long-password-1")
    event = audit_record(acting_user=user, action="test.leave", object_type="thing", object_id=8)
    user.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_id == event.actor_id
    assert audit_verify().ok


def test_a_checkpoint_file_with_an_edited_count_fails_its_signature(chain, tmp_path):
    anchor_file = tmp_path / "anchor.json"
    anchor_write(audit_checkpoint_create(), anchor_file)
    body = json.loads(anchor_file.read_text())
    body["events"] -= 1
    anchor_file.write_text(json.dumps(body))
    verdict = audit_verify(anchors=[anchor_read(anchor_file)])
    assert not verdict.ok and "签名不符" in verdict.problem


def test_the_chain_verifies_only_under_its_own_key(chain, settings):
    settings.AUDIT_KEY = "another installation's key"
    assert_caught_at(1, "内容被改动")
