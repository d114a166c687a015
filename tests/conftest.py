import os

import pytest

from tests.demo_day import THE_DEMO_DAY

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


@pytest.fixture
def client_for(client):
    """A test client signed in as one of the world's actors, as after the whole sign-in: password,
    and for the roles that need it (bureau, approver, joint reviewer, inspector) the second factor,
    recorded in the session with a real confirmed authenticator device (see
    jianfu.web.two_factor.client_sign_in_verified). tests/web/test_two_factor.py signs in the long way."""
    from jianfu.web.two_factor import client_sign_in_verified

    def login(user):
        return client_sign_in_verified(client, user)

    return login


@pytest.fixture(autouse=True)
def chinese_until_a_test_says_otherwise():
    """The test client runs each request in this thread and Django leaves the request's language active
    after it: without this, a test that opened a page in English makes the next test's commands and
    services speak English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def rate_limits_counted_afresh():
    """The per-process rate-limit counters (jianfu/web/throttle.py) outlive a test's rolled-back
    transaction: each test starts without any, as the database counters do."""
    from jianfu.web import throttle

    throttle.forget_counts()


@pytest.fixture(scope="session", autouse=True)
def a_flush_puts_back_the_rows_migrations_made():
    """A test on `transactional_db` (a live server, threads) ends with Django flushing every table, the rows
    the data migrations made too: the levels and the audit head. Run serially, pytest-django keeps such tests
    for the end; under pytest-xdist (scripts/test.sh) a worker runs whole files in turn, so an ordinary test
    can come after a flush and find no levels. The flush ends with the post_migrate signal: put them back."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    def put_back(sender, using, **kwargs):
        from jianfu.audit.models import AuditHead
        from jianfu.org.levels import levels_ensure
        from jianfu.org.models import Level

        if using == "default":
            levels_ensure(Level)
            AuditHead.objects.get_or_create(pk=1)

    org = apps.get_app_config("org")
    post_migrate.connect(put_back, sender=org, dispatch_uid="tests-put-back-migration-rows")
    yield
    post_migrate.disconnect(sender=org, dispatch_uid="tests-put-back-migration-rows")


# Files that take tens of seconds each (a demo loaded, the local server started, a browser walked through).
# Under pytest-xdist with --dist loadfile --no-loadscope-reorder (scripts/test.sh) files are handed out in
# the order collected: these go first, so that neither worker is left with one of them at the end while the
# other has nothing to do. A serial run keeps pytest's own order.
SLOW_FILES_FIRST = (
    "tests/web/test_local_server.py",
    "tests/*/test_demo*.py",
    "tests/web/test_english*.py",
    "tests/e2e/*",
    "tests/bench/*",
)


@pytest.fixture(scope="session")
def demo_day(django_db_setup):
    """The demo of 2026-11-27 shared by the modules that read it (tests/demo_day.py); rolled back before the
    test databases are destroyed."""
    yield THE_DEMO_DAY
    THE_DEMO_DAY.close()


def _reads_the_demo_day(item) -> bool:
    return getattr(getattr(item, "module", None), "READS_THE_DEMO_DAY", False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """The demo day is rolled back as soon as the last test of a run of modules that read it is torn down,
    before anything of the next test is set up. A module-scoped fixture came too late: the session fixtures
    a next module asks for first (the browser, the live server) are set up before it, and once Playwright has
    started, Django's `connections` answers a new connection object, outside the demo's transaction (seen in
    CI on PostgreSQL, where a worker ran an e2e/ file right after a demo file)."""
    try:
        return (yield)
    finally:
        if _reads_the_demo_day(item) and not (nextitem is not None and _reads_the_demo_day(nextitem)):
            THE_DEMO_DAY.close()


@pytest.hookimpl(trylast=True)  # after pytest-django's and pytest's own sorting, which it keeps within a file
def pytest_collection_modifyitems(config, items):
    if not hasattr(config, "workerinput"):
        # Serially, the modules that read the demo day run one after another, so it is loaded once.
        items.sort(key=lambda item: not _reads_the_demo_day(item))
        return
    from fnmatch import fnmatch

    def rank(item):
        if _reads_the_demo_day(item):  # next to one another, so a worker that takes two loads the demo once
            return 0.5
        path = item.nodeid.split("::")[0]
        return next((i for i, pattern in enumerate(SLOW_FILES_FIRST) if fnmatch(path, pattern)), len(SLOW_FILES_FIRST))

    items.sort(key=rank)  # stable: within a rank, the order pytest and pytest-django gave


@pytest.fixture
def logs():
    """Every log record written meanwhile, at every level, with its request's META (the anonymity tests of
    complaints and of the survey read it for any trace of the sender)."""
    import logging

    from tests.complaints.test_anonymity import Everything

    handler, root = Everything(), logging.getLogger()
    watched = [root, logging.getLogger("django.request"), logging.getLogger("django.security")]
    levels = [logger.level for logger in watched]
    for logger in watched:
        logger.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)
    for logger, level in zip(watched, levels, strict=True):
        logger.setLevel(level)
