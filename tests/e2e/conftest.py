import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def e2e_world(transactional_db):
    """The live server needs committed data, so these tests flush the database after each one;
    the rows that migrations create (levels, the audit head) are put back first."""
    from tests.world import committed_world

    world = committed_world()
    enrol_authenticators(world)
    return world


def enrol_authenticators(world):
    """The roles that must give a second factor get a confirmed authenticator, so that logging in through
    the form goes on to the real verify page, where `log_in` types the code the device shows now."""
    from django.contrib.auth import get_user_model

    from jianfu.web.two_factor import role_requires_two_factor
    from tests.world import authenticator_enrol

    for user in get_user_model().objects.all():
        if role_requires_two_factor(user):
            authenticator_enrol(user)


@pytest.fixture
def page_at(browser, live_server):
    """A fresh page of the given width; every request it makes is recorded on `page.requested`."""
    contexts = []

    def open_page(width: int = 1280, locale: str = "zh-CN"):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        page.set_default_timeout(10_000)
        page.base = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()
