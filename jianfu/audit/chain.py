"""The keyed formulas of the audit chain: an event's hash and a checkpoint's signature.

Both are HMAC-SHA256 under `settings.AUDIT_KEY` (`JIANFU_AUDIT_KEY`, kept outside the database), so
someone who can edit the tables but does not hold the key cannot recompute a consistent chain.
"""

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

# Every stored field of an event except its row id and its own hash, in the order they are hashed.
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "prev_hash",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _keyed_digest(purpose: str, body: Any) -> str:
    # The purpose keeps an event's hash from ever being usable as a checkpoint's signature and back.
    message = canonical_json([purpose, body]).encode()
    return hmac.new(settings.AUDIT_KEY.encode(), message, hashlib.sha256).hexdigest()


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def event_hash(**fields: Any) -> str:
    values = [fields[name] for name in HASHED_FIELDS]
    values[HASHED_FIELDS.index("at")] = _utc(fields["at"])
    return _keyed_digest("jianfu.audit.event/2", values)


def event_hash_of(event) -> str:
    return event_hash(**{name: getattr(event, name) for name in HASHED_FIELDS})


def checkpoint_signature(*, events: int, hash: str, at: datetime) -> str:
    return _keyed_digest("jianfu.audit.checkpoint/1", [events, hash, _utc(at)])


def signatures_match(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), str(given).encode())
