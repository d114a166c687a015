import os

import pytest

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
