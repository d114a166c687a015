"""The verification page a QR code opens is rendered once per process for everyone who is not signed in,
and kept (jianfu/web/shared_pages.py): each reader still gets a CSRF token of their own, a changed answer
is shown at once, and a page that shows anything of its reader's is rendered for them (issue 17)."""

import re

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory

from jianfu.registry.public import verify_page
from jianfu.web.shared_pages import TOKEN_MARK
from jianfu.workflow.demand import Action
from tests.registry.test_lifecycle import act, register

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def rendered(response) -> bool:
    """Whether the page went through the template engine (the test client records each template rendered)."""
    return any(t.name == "registry/verify.html" for t in response.templates)


def test_two_passers_by_are_shown_the_kept_page_each_with_a_token_that_switches_the_language(world, file_demand):
    demand = register(world, file_demand())
    address = f"/v/{demand.verification_code}"
    wang, li = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first, second = wang.get(address), li.get(address)
    assert rendered(first) and not rendered(second)  # Li is shown what was rendered for Wang
    wang_token, li_token = (TOKEN.search(r.content.decode()).group(1) for r in (first, second))
    assert wang_token != li_token and TOKEN_MARK not in second.content.decode()
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())
    assert demand.registration_number in second.content.decode() and "有效" in second.content.decode()

    switched = li.post("/i18n/setlang/", {"language": "en", "next": address, "csrfmiddlewaretoken": li_token})
    assert switched.status_code == 302  # the kept page's token is Li's own: the switch is accepted
    english = li.get(address).content.decode()
    assert "Verify a registered demand" in english and "涉校事项备案核验" not in english
    assert "涉校事项备案核验" in wang.get(address).content.decode()  # Wang still reads Chinese


def test_a_revocation_is_on_the_page_at_once(world, file_demand, client):
    demand = register(world, file_demand())
    address = f"/v/{demand.verification_code}"
    client.get(address)
    assert "有效" in client.get(address).content.decode()
    act(world.county_officer, demand, Action.REVOKE, reason="登记有误")
    page = client.get(address)
    assert rendered(page) and "已撤销" in page.content.decode() and "有效：" not in page.content.decode()


def test_a_principal_and_an_address_with_a_query_get_a_page_rendered_for_them(world, file_demand, client, client_for):
    demand = register(world, file_demand())  # primary schools of 西秀区, urban
    address = f"/v/{demand.verification_code}"
    client.get(address)
    principal_page = client_for(world.principal).get(address)
    assert rendered(principal_page) and "本校在此事项的范围内" in principal_page.content.decode()
    assert "本校在此事项的范围内" not in Client().get(address).content.decode()  # never kept for others
    for _ in range(2):
        assert rendered(Client().get(f"{address}?from=wechat"))  # never kept: nobody fills memory with addresses


def test_a_reader_with_a_message_waiting_is_shown_it(world, file_demand):
    demand = register(world, file_demand())
    Client().get(f"/v/{demand.verification_code}")  # the page is kept
    request = RequestFactory().get(f"/v/{demand.verification_code}")
    request.user, request.session = AnonymousUser(), SessionStore()
    request._messages = FallbackStorage(request)
    messages.warning(request, "长时间未操作，已自动退出")
    page = verify_page(request, demand.verification_code).content.decode()
    assert "长时间未操作，已自动退出" in page and demand.registration_number in page
