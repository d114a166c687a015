"""Fixed-window counters shared by every worker and app server (the database holds them).

`hit` counts one more event and says how many the window holds now; `count` only reads. Both are
exact under concurrency: the increment is one UPDATE in a transaction that holds the row until the
count has been read back.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jianfu.web.models import RateCounter


def window_key(name: str, subject: str, seconds: int) -> str:
    """The key of the current window: `name:subject:<window number>`."""
    return f"{name}:{subject}:{int(timezone.now().timestamp() // seconds)}"[:200]


def hit(name: str, subject: str, *, seconds: int) -> int:
    """Count one event of `subject` (an address, an account) in the current window; the new count."""
    key = window_key(name, subject, seconds)
    with transaction.atomic():
        if RateCounter.objects.filter(key=key).update(count=F("count") + 1) == 0:
            try:
                with transaction.atomic():  # a savepoint: another worker may create the row first
                    RateCounter.objects.create(key=key, count=1, expires_at=_expiry(seconds))
                _forget_expired()
                return 1
            except IntegrityError:
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
        return RateCounter.objects.filter(key=key).values_list("count", flat=True).get()


def count(name: str, subject: str, *, seconds: int) -> int:
    key = window_key(name, subject, seconds)
    return RateCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0


def _expiry(seconds: int):
    return timezone.now() + timedelta(seconds=seconds * 2)


def _forget_expired() -> None:
    """Old windows go when a new one opens, so the table stays as small as the active windows."""
    RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
