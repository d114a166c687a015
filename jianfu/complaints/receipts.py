"""Receipt codes and passphrases: how an anonymous filer finds their complaint again, and nobody else can.

- The receipt is 100 random bits from `secrets` (20 characters of Crockford's base32, no I, L, O or U, so
  nothing is misread), shown once in groups of four (`7QK2-M9XD-...`), and stored only as an HMAC-SHA256
  digest under a key derived from the field encryption key: the database alone cannot be searched for it,
  nor the code recovered from it.
- The passphrase (at least 12 characters) is kept as Django's salted password hash.
- Tracking costs the same whether the receipt is unknown or the passphrase wrong: an unknown receipt is
  checked against a dummy hash made with the same hasher, so the time taken says nothing.
"""

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: 5 bits a character
RECEIPT_CHARACTERS = 20  # 100 bits
GROUP = 4
PASSPHRASE_MIN = 12
PASSPHRASE_MAX = 200
# What people type for what they read: O for 0, I and L for 1, and any spacing or dashes.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@lru_cache(maxsize=1)
def _receipt_key() -> bytes:
    root = hashlib.sha256(settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    return hmac.new(root, b"jianfu:complaint:receipt", hashlib.sha256).digest()


def receipt_new() -> str:
    """A fresh receipt, grouped for reading aloud and copying by hand."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_CHARACTERS))
    return "-".join(code[i : i + GROUP] for i in range(0, RECEIPT_CHARACTERS, GROUP))


def receipt_normalised(receipt: str) -> str:
    """The receipt as typed, without spacing, dashes or case, with look-alike letters read as digits."""
    kept = "".join(ch for ch in receipt.upper() if ch.isalnum())
    return kept.translate(_READ_AS)


def receipt_digest(receipt: str) -> str:
    return hmac.new(_receipt_key(), receipt_normalised(receipt).encode(), hashlib.sha256).hexdigest()


def passphrase_hash(passphrase: str) -> str:
    return make_password(passphrase)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Made once per process with the hasher in force, so checking against it costs what a real check does."""
    return make_password(base64.b64encode(secrets.token_bytes(18)).decode())


def passphrase_matches(passphrase: str, stored_hash: str | None) -> bool:
    """Whether the passphrase is the one stored; without a stored hash (an unknown receipt) the same work
    is done against the dummy, and the answer is no."""
    if stored_hash is None:
        check_password(passphrase, _dummy_hash())
        return False
    return check_password(passphrase, stored_hash)
