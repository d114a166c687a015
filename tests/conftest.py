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
    """A test client logged in as one of the world's actors."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
