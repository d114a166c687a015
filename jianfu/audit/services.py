"""Writing to the audit log. Every service that changes state calls `audit_record` in its transaction."""

import json
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction

from jianfu.audit.chain import canonical_json, checkpoint_signature, event_hash
from jianfu.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEvent, AuditHead

__all__ = ["HEAD_RESTORED", "HEAD_RESTORED_ACKNOWLEDGED", "audit_checkpoint_create", "audit_record", "canonical_json"]

# Recorded when the head row was found missing and rebuilt from the last event. The verifier reports it:
# whoever deleted the head may also have deleted the events after the one it was rebuilt from.
HEAD_RESTORED = "audit.head_restored"
HEAD_RESTORED_ACKNOWLEDGED = "audit.head_restored_acknowledged"


class ChainBroken(Exception):
    """A checkpoint was asked for while the chain does not verify."""


def actor_label_for(user) -> str:
    return user.get_username() if user is not None and user.is_authenticated else "system"


def _saved_actor(user):
    """The account to link, if it is a stored one (the console operator is not)."""
    return user if user is not None and user.is_authenticated and user.pk else None


def _locked_head() -> tuple[AuditHead, bool]:
    """The head row, locked; rebuilt from the last event if someone deleted it, so that audited writes
    keep working. Returns whether it had to be rebuilt."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head, False
    last = AuditEvent.objects.order_by("-seq").first()
    try:
        with transaction.atomic():  # a savepoint: a concurrent writer may rebuild it first
            AuditHead.objects.create(pk=1, seq=last.seq if last else 0, hash=last.hash if last else GENESIS_HASH)
        rebuilt = True
    except IntegrityError:
        rebuilt = False
    return AuditHead.objects.select_for_update().get(pk=1), rebuilt


def _append(head: AuditHead, *, acting_user, action, object_type, object_id, before, after) -> AuditEvent:
    fields = {
        "seq": head.seq + 1,
        "at": datetime.now(UTC),
        "actor_id": _saved_actor(acting_user).pk if _saved_actor(acting_user) else None,
        "actor_label": actor_label_for(acting_user),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        # Round-trip through JSON so the hash covers exactly what the database will give back.
        "before": json.loads(canonical_json(before)),
        "after": json.loads(canonical_json(after)),
        "prev_hash": head.hash,
    }
    event = AuditEvent.objects.create(hash=event_hash(**fields), **fields)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def audit_record(
    *, acting_user, action: str, object_type: str, object_id: Any, before: Any = None, after: Any = None
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction, so the event and the change
    it describes land together or not at all."""
    with transaction.atomic():
        head, rebuilt = _locked_head()
        if rebuilt:
            _append(
                head,
                acting_user=None,
                action=HEAD_RESTORED,
                object_type="audit_head",
                object_id=1,
                before=None,
                after={"seq": head.seq, "hash": head.hash},
            )
        return _append(
            head,
            acting_user=acting_user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
        )


def audit_checkpoint_create() -> AuditCheckpoint:
    """Sign the current head as a checkpoint, refusing while the chain is broken (a checkpoint of a
    tampered log would vouch for the tampering)."""
    from jianfu.audit.verify import audit_verify

    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        verdict = audit_verify()
        if head is None or not verdict.ok:
            raise ChainBroken(verdict.problem)
        at = datetime.now(UTC)
        signature = checkpoint_signature(events=head.seq, hash=head.hash, at=at)
        return AuditCheckpoint.objects.create(events=head.seq, hash=head.hash, at=at, signature=signature)
