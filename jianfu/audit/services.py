"""Writing to the audit log. Every service that changes state calls `audit_record` in its transaction."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from jianfu.audit.models import AuditEvent, AuditHead


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def event_hash(
    *,
    seq: int,
    at: datetime,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
    prev_hash: str,
) -> str:
    body = canonical_json(
        [seq, at.astimezone(UTC).isoformat(), actor_label, action, object_type, object_id, before, after, prev_hash]
    )
    return hashlib.sha256(body.encode()).hexdigest()


def actor_label_for(user) -> str:
    return user.get_username() if user is not None and user.is_authenticated else "system"


def _saved_actor(user):
    """The account to link, if it is a stored one (the console operator is not)."""
    return user if user is not None and user.is_authenticated and user.pk else None


def audit_record(
    *, acting_user, action: str, object_type: str, object_id: Any, before: Any = None, after: Any = None
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction, so the event and the change
    it describes land together or not at all."""
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().get(pk=1)
        # Round-trip through JSON so the hash covers exactly what the database will give back.
        before = json.loads(canonical_json(before))
        after = json.loads(canonical_json(after))
        fields = {
            "seq": head.seq + 1,
            "at": datetime.now(UTC),
            "actor_label": actor_label_for(acting_user),
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "before": before,
            "after": after,
            "prev_hash": head.hash,
        }
        event = AuditEvent.objects.create(
            actor=_saved_actor(acting_user),
            hash=event_hash(**fields),
            **fields,
        )
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
        return event
