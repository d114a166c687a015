"""Resident ID numbers (GB 11643-1999): validation, protected storage, masked display."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def check_digit(first17: str) -> str:
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_number_problem(value: str) -> str | None:
    """None if the number is valid, else what is wrong with it, in Chinese, naming the fix."""
    if len(value) != 18:
        return f"身份证号应为 18 位，此处为 {len(value)} 位；请核对后重填"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号前 17 位应为数字，最后一位为数字或 X；请核对后重填"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"身份证号中的出生日期 {value[6:14]} 不存在；请核对后重填"
    if born.year < 1900 or born > date.today():
        return f"身份证号中的出生日期 {value[6:14]} 不合理；请核对后重填"
    expected = check_digit(value[:17])
    if value[17] != expected:
        return f"身份证号校验位错误（按前 17 位应为 {expected}）；请核对后重填"
    return None


def normalise_id_number(value: str) -> str:
    return value.strip().upper().replace(" ", "")


def mask_id_number(value: str) -> str:
    """5204**********123X: region kept for context, birth date and sequence hidden."""
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


@lru_cache(maxsize=1)
def _keys() -> tuple[Fernet, bytes]:
    root = hashlib.sha256(settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    encryption = hmac.new(root, b"jianfu:id-number:encrypt", hashlib.sha256).digest()
    lookup = hmac.new(root, b"jianfu:id-number:digest", hashlib.sha256).digest()
    # cryptography (~7 MiB) is loaded with the first ID number a worker protects or reads, not at start-up:
    # lists show the stored masked number and never need it.
    from cryptography.fernet import Fernet

    return Fernet(base64.urlsafe_b64encode(encryption)), lookup


def encrypt_id_number(value: str) -> str:
    return _keys()[0].encrypt(value.encode()).decode()


def decrypt_id_number(cipher: str) -> str:
    return _keys()[0].decrypt(cipher.encode()).decode()


def id_number_digest(value: str) -> str:
    """A keyed digest: finds the same person twice without decrypting, and cannot be reversed
    by trying every possible number without the key."""
    return hmac.new(_keys()[1], value.encode(), hashlib.sha256).hexdigest()
