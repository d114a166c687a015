"""The public doors: the login page (and a principal's home page) offers the "核验备案号" box and this
year's published lists, to anyone, without logging in. (There is no complaint page yet, so no link.)"""

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import time_machine

from tests.registry.conftest import filed
from tests.registry.test_lifecycle import register

IN_2021 = datetime(2021, 2, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_login_page_offers_the_verification_box_and_this_year_s_lists(world, client):
    with time_machine.travel(IN_2021, tick=False):
        page = client.get("/login/").content.decode()
    assert 'action="/gate/verify/"' in page and 'name="q"' in page and "核验备案号" in page
    assert 'href="/gate/lists/"' in page and "2021年涉校事项公示名单" in page
    assert 'href="/lists/2021/520400/"' in page and "安顺市" in page


def test_a_number_typed_in_the_box_opens_its_verification_page(world, client):
    with time_machine.travel(IN_2021, tick=True):
        demand = register(world, filed(world))
        response = client.get("/gate/verify/", {"q": f"  {demand.registration_number} "})
        assert response.status_code == 302
        assert response["Location"] == "/v/" + quote(demand.registration_number)
        page = client.get("/gate/verify/", {"q": demand.verification_code.lower()}, follow=True).content.decode()
    assert "有效：此事项已登记备案" in page and demand.title in page


def test_an_empty_box_asks_for_a_number_and_an_odd_one_gets_the_same_unknown_answer(world, client):
    page = client.get("/gate/verify/", {"q": "  "}).content.decode()
    assert "备案号：请输入通知上的备案号或核验码" in page
    odd = client.get("/gate/verify/", {"q": "../admin/?x=1#" + "号" * 200}, follow=True)
    assert odd.status_code == 200 and "查无此备案" in odd.content.decode()


def test_the_lists_index_links_every_city_and_county_list_with_its_count(world, client):
    with time_machine.travel(IN_2021, tick=True):
        register(world, filed(world))
        page = client.get("/gate/lists/").content.decode()
        fallback = client.get("/gate/lists/", {"year": "abc"}).content.decode()
    assert 'href="/lists/2021/520402/"' in page and 'href="/lists/2021/520403/"' in page
    row = page.split('href="/lists/2021/520402/"')[1].split("</tr>")[0]
    assert ">1</td>" in row
    assert "2021年涉校事项公示名单" in fallback
    assert client.get("/gate/lists/", {"year": "2021"}).status_code == 200


def test_a_principal_has_the_box_on_the_home_page_and_a_bureau_officer_does_not(world, client_for):
    page = client_for(world.principal).get("/").content.decode()
    assert 'action="/gate/verify/"' in page and 'href="/gate/refusals/"' in page
    assert 'action="/gate/verify/"' not in client_for(world.county_officer).get("/").content.decode()


def test_the_lists_index_is_this_year_s_by_default(world, client):
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        page = client.get("/gate/lists/").content.decode()
    assert "2026年涉校事项公示名单" in page
