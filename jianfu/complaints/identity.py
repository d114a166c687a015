"""A named filer's identity: encrypted at rest with a key of its own (derived from the field encryption key
as org/identity.py derives the ID numbers' key, but for another purpose, so one key never opens the other's
data), and found again only through a keyed digest of the account, never an account link in clear."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from cryptography.fernet import Fernet


@lru_cache(maxsize=1)
def _keys() -> tuple[Fernet, bytes]:
    root = hashlib.sha256(settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    encryption = hmac.new(root, b"jianfu:complaint-identity:encrypt", hashlib.sha256).digest()
    lookup = hmac.new(root, b"jianfu:complaint-identity:filer", hashlib.sha256).digest()
    from cryptography.fernet import Fernet  # ~7 MiB, loaded with the first named filer, not at start-up

    return Fernet(base64.urlsafe_b64encode(encryption)), lookup


def identity_of(user) -> dict:
    """What a named filing records of its filer: name, account and school(s), as they stand today."""
    from jianfu.org.models import RoleAssignment, Teacher

    teacher = Teacher.objects.filter(user=user).select_related("school").first()
    schools = RoleAssignment.objects.filter(user=user, school__isnull=False).values_list("school__name", flat=True)
    units = RoleAssignment.objects.filter(user=user, unit__isnull=False).values_list("unit__name", flat=True)
    name = teacher.name if teacher else (user.get_full_name() or user.get_username())
    return {
        "name": name,
        "account": user.get_username(),
        "school": "、".join(dict.fromkeys([*schools, *units])),
    }


def identity_encrypt(identity: dict) -> str:
    return _keys()[0].encrypt(json.dumps(identity, ensure_ascii=False).encode()).decode()


def identity_decrypt(cipher: str) -> dict:
    return json.loads(_keys()[0].decrypt(cipher.encode()).decode())


def filer_digest(user) -> str:
    """Finds a named filer's own complaints (their list, when logged in) without storing who they are."""
    return hmac.new(_keys()[1], f"user:{user.pk}".encode(), hashlib.sha256).hexdigest()
