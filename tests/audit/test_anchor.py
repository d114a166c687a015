"""`jianfu audit anchor` signs a checkpoint into a file and the database; `verify --anchor` reads it back;
the latest checkpoint is shown on the public annual list."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jianfu.audit.models import AuditCheckpoint, AuditEvent


def test_anchor_writes_the_event_count_and_head_hash_signed_with_a_time(world, tmp_path):
    anchor_file = tmp_path / "anchor.json"
    out = StringIO()
    call_command("audit", "anchor", "--output", str(anchor_file), stdout=out)
    body = json.loads(anchor_file.read_text())
    last = AuditEvent.objects.order_by("-seq").first()
    assert (body["events"], body["head_hash"]) == (last.seq, last.hash)
    assert body["at"] and len(body["signature"]) == 64
    stored = AuditCheckpoint.objects.get()
    assert (stored.events, stored.hash, stored.signature) == (last.seq, last.hash, body["signature"])
    assert "检查点已写入" in out.getvalue()


def test_verify_with_an_anchor_passes_while_the_chain_extends_it_and_fails_when_cut(world, tmp_path):
    anchor_file = tmp_path / "anchor.json"
    call_command("audit", "anchor", "--output", str(anchor_file), stdout=StringIO())
    out = StringIO()
    call_command("audit", "verify", "--anchor", str(anchor_file), stdout=out)
    assert "审计链完整" in out.getvalue()
    last = AuditEvent.objects.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [last.seq])
        cursor.execute("UPDATE audit_audithead SET seq = %s, hash = %s", [last.seq - 1, last.prev_hash])
        cursor.execute("DELETE FROM audit_auditcheckpoint")
    call_command("audit", "verify", stdout=StringIO())  # the cut alone is consistent...
    with pytest.raises(CommandError, match="末尾的事件被删除"):  # ...but not with the checkpoint
        call_command("audit", "verify", "--anchor", str(anchor_file), stdout=StringIO())


def test_verify_explains_a_file_that_is_not_a_checkpoint(world, tmp_path):
    not_json = tmp_path / "notes.txt"
    not_json.write_text("hello")
    with pytest.raises(CommandError, match="不是 JSON"):
        call_command("audit", "verify", "--anchor", str(not_json), stdout=StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("audit", "verify", "--anchor", str(tmp_path / "missing.json"), stdout=StringIO())


def test_anchor_refuses_to_sign_a_broken_chain_and_asks_for_an_output(world, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        call_command("audit", "anchor", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'someone' WHERE seq = 1")
    with pytest.raises(CommandError, match="不能为它签检查点"):
        call_command("audit", "anchor", "--output", str(tmp_path / "a.json"), stdout=StringIO())
    assert not AuditCheckpoint.objects.exists()


def test_the_public_annual_list_shows_the_latest_checkpoint(world, client, tmp_path):
    call_command("audit", "anchor", "--output", str(tmp_path / "a.json"), stdout=StringIO())
    latest = AuditCheckpoint.objects.get()
    page = client.get(f"/lists/2021/{world.xixiu.code}/").content.decode()
    assert "审计日志检查点" in page and latest.hash in page and latest.signature in page
