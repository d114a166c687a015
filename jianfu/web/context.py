import time

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from jianfu.org.models import DemoMark

# Whether this is demo data changes when `jianfu demo` loads it, not between two pages: each process
# asks the database once a minute instead of on every page. Saving or deleting the mark forgets the
# answer in the process that did it (and again when that commits); other processes learn within
# REMEMBER_SECONDS.
REMEMBER_SECONDS = 60
_remembered: tuple[float, bool] | None = None  # (until, is demo)


def site(request):
    """What every page needs: whether this is demo data. The function itself, which the template calls
    where it shows the banner: a page that has asked already (shared_pages.py) passes its own answer."""
    return {"is_demo": is_demo}


def is_demo() -> bool:
    global _remembered
    if connection.in_atomic_block:
        # A transaction sees its own writes, which may yet roll back: never answer it from, nor into,
        # the remembered value.
        return DemoMark.objects.exists()
    now = time.monotonic()
    if _remembered is None or now >= _remembered[0]:
        _remembered = (now + REMEMBER_SECONDS, DemoMark.objects.exists())
    return _remembered[1]


def forget_demo_mark(**kwargs) -> None:
    global _remembered
    _remembered = None
    if kwargs.get("sender") is DemoMark and connection.in_atomic_block:
        transaction.on_commit(lambda: forget_demo_mark())  # a page read between save and commit saw the old state


post_save.connect(forget_demo_mark, sender=DemoMark, dispatch_uid="jianfu-demo-mark-saved")
post_delete.connect(forget_demo_mark, sender=DemoMark, dispatch_uid="jianfu-demo-mark-deleted")
# The test runner's flush and a fresh migrate empty the table without a delete signal.
post_migrate.connect(forget_demo_mark, dispatch_uid="jianfu-demo-mark-migrated")
