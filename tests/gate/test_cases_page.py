"""The bureau's list of violation cases names each case and opens it from the whole row; closing a case
asks first, on a page of its own (no JavaScript needed), and then says "已办结"."""

import re
from datetime import date

from jianfu.gate.services import refusal_record

NOTICE = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。请于周五前报送名单。"


def refused(world):
    return refusal_record(
        acting_user=world.principal,
        school=world.xixiu_school,
        channel="wechat_group",
        received_on=date(2021, 5, 6),
        content=NOTICE,
        requester_unit=world.unit("520402-WMB"),
    )


def test_cases_list_their_title_and_requester_and_every_cell_opens_the_case(world, client_for):
    case = refused(world).case
    page = client_for(world.county_officer).get("/gate/cases/").content.decode()
    row = re.search(r'<tr class="linked-row">(.*?)</tr>', page, re.S).group(1)
    assert "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班" in row and "西秀区文明办" in row
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert len(cells) == 7 and all(f'href="/gate/cases/{case.pk}/"' in cell for cell in cells)


def test_closing_asks_for_confirmation_and_changes_nothing_until_confirmed(world, client_for):
    case = refused(world).case
    client = client_for(world.county_officer)
    asked = client.post(f"/gate/cases/{case.pk}/", {"action_taken": "约谈文明办", "close": "1"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "确认办结" in page and "约谈文明办" in page
    assert 'name="confirmed" value="1"' in page
    case.refresh_from_db()
    assert case.state == "open" and case.action_taken == ""
    done = client.post(
        f"/gate/cases/{case.pk}/",
        {"action_taken": "约谈文明办", "close": "1", "confirmed": "1", "upheld": "1"},
        follow=True,
    )
    case.refresh_from_db()
    assert case.state == "closed" and "已办结。" in done.content.decode() and case.refusal_upheld is True
    assert "确认办结" not in client.get(f"/gate/cases/{case.pk}/").content.decode()


def test_closing_without_a_measure_is_refused_before_it_is_confirmed(world, client_for):
    case = refused(world).case
    page = client_for(world.county_officer).post(
        f"/gate/cases/{case.pk}/", {"action_taken": " ", "close": "1"}, follow=True
    )
    assert "处理措施：请写明已采取的措施" in page.content.decode() and "确认办结违规线索" not in page.content.decode()


def test_saving_progress_needs_no_confirmation(world, client_for):
    case = refused(world).case
    page = client_for(world.county_officer).post(
        f"/gate/cases/{case.pk}/", {"action_taken": "已电话联系文明办", "close": "0"}, follow=True
    )
    case.refresh_from_db()
    assert case.state == "handling" and "已保存处理情况" in page.content.decode()


def test_a_case_opened_by_a_substantiated_complaint_is_listed_opened_and_closed_by_its_county_bureau(world, client_for):
    from tests.complaints.helpers import TO_ANSWER, carried, filed

    complaint = carried(filed(world).complaint, world.county_officer, *TO_ANSWER[:4])
    complaint.refresh_from_db()
    case = complaint.violation_case
    bureau = client_for(world.county_officer)
    listed = bureau.get("/gate/cases/").content.decode()
    assert f'href="/gate/cases/{case.pk}/"' in listed and "举报查实" in listed
    page = bureau.get(f"/gate/cases/{case.pk}/").content.decode()
    assert f'href="/complaints/cases/{complaint.pk}/"' in page
    confirm = bureau.post(f"/gate/cases/{case.pk}/", {"action_taken": "约谈提出单位负责人", "close": "1"})
    assert "学校的拒绝是否成立" not in confirm.content.decode()
    bureau.post(f"/gate/cases/{case.pk}/", {"action_taken": "约谈提出单位负责人", "close": "1", "confirmed": "1"})
    case.refresh_from_db()
    assert case.state == "closed" and case.refusal_upheld is None
    assert client_for(world.other_county_officer).get(f"/gate/cases/{case.pk}/").status_code == 404


def test_a_case_opened_by_an_unjustified_emergency_is_listed_for_the_city_bureau_with_its_demand(world, client_for):
    from jianfu.deadlines.models import Obligation
    from jianfu.deadlines.violations import unjustified_emergency_case_open
    from tests.deadlines.conftest import emergency_registered

    demand = emergency_registered(world)
    case = unjustified_emergency_case_open(Obligation.objects.get(kind="justification", subject_id=demand.pk))
    listed = client_for(world.city_officer).get("/gate/cases/").content.decode()
    assert f'href="/gate/cases/{case.pk}/"' in listed and "紧急事项逾期未补办" in listed and demand.title in listed
    page = client_for(world.city_officer).get(f"/gate/cases/{case.pk}/").content.decode()
    assert f'href="/demands/{demand.pk}/"' in page
    assert f'href="/gate/cases/{case.pk}/"' not in client_for(world.county_officer).get("/gate/cases/").content.decode()
