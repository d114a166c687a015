"""Recompute the existing chain once under the keyed formula (HMAC with JIANFU_AUDIT_KEY, actor id included).

The old chain is checked under the old formula first: a log that was already tampered with stops the
migration instead of being re-sealed. The formulas are copied here, frozen, so later changes to
jianfu/audit/chain.py cannot change what this migration did.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import migrations

GENESIS_HASH = "0" * 64


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _old_hash(event, prev_hash: str) -> str:
    at = event.at.astimezone(UTC).isoformat()
    body = [event.seq, at, event.actor_label, event.action, event.object_type, event.object_id]
    return hashlib.sha256(_canonical([*body, event.before, event.after, prev_hash]).encode()).hexdigest()


def _keyed_hash(event, prev_hash: str) -> str:
    at = event.at.astimezone(UTC).isoformat()
    values = [event.seq, at, event.actor_id, event.actor_label, event.action, event.object_type, event.object_id]
    message = _canonical(["jianfu.audit.event/2", [*values, event.before, event.after, prev_hash]]).encode()
    return hmac.new(settings.AUDIT_KEY.encode(), message, hashlib.sha256).hexdigest()


def rehash(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    old_prev, new_prev, expected_seq = GENESIS_HASH, GENESIS_HASH, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq or event.prev_hash != old_prev or _old_hash(event, old_prev) != event.hash:
            raise RuntimeError(
                f"审计链在第 {event.seq} 条事件处已断裂，迁移不会为它重新封签：请先查明原因（jianfu audit verify）"
            )
        old_prev = event.hash
        event.prev_hash, event.hash = new_prev, _keyed_hash(event, new_prev)
        event.save(update_fields=["prev_hash", "hash"])
        new_prev, expected_seq = event.hash, expected_seq + 1
    AuditHead.objects.filter(pk=1).update(hash=new_prev)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_and_checkpoints")]
    operations = [migrations.RunPython(rehash, migrations.RunPython.noop)]
