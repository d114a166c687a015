"""Issue 13, the pages: the request form (teachers picked from the roster in reach, the pre-check shown, a
bad field keeping what was typed, Back-and-resubmit making one request), the list for each kind of person
with filters answering bad parameters with a sentence, a secondment's page with the steps each person may
take, the school's page of its teachers away, a teacher's own history."""

import re
from datetime import date

import pytest
from django.test import Client

from jianfu.org.models import PostStatus
from jianfu.secondments.models import Placement, PlacementState, Secondment
from jianfu.web.two_factor import client_sign_in_verified
from tests.secondments.flow import approved, at, frozen_time, requested

pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    with frozen_time() as move:
        yield move


def form_token(page) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)


def request_body(world, token: str, **overrides) -> dict:
    return {
        "form_token": token,
        "kind": "secondment",
        "title": "借用教师协助全区卫生健康宣传",
        "task": "编写中小学健康教育读本",
        "start": "2025-09-01",
        "end": "2026-02-28",
        "purpose": "task",
        "teachers": [str(world.xixiu_teacher.pk)],
        "intent": "save",
    } | overrides


def signed_in(user) -> Client:
    """A client of its own (`client_for` signs the one test client in, so two people need two)."""
    return client_sign_in_verified(Client(), user)


def text_of(response) -> str:
    return response.content.decode()


# --- the request form ------------------------------------------------------------------------------


def test_a_borrowing_unit_requests_a_secondment_of_a_named_teacher_and_lands_on_its_draft(world, client_for, travel):
    client = client_for(world.department_clerk)
    token = form_token(client.get("/secondments/new/"))
    response = client.post("/secondments/new/", request_body(world, token))
    secondment = Secondment.objects.get()
    assert response.status_code == 302 and response.url == f"/secondments/{secondment.pk}/"
    placement = secondment.placements.get()
    assert (placement.teacher, placement.state) == (world.xixiu_teacher, PlacementState.REQUESTED)
    page = text_of(client.get(response.url))
    assert "借用教师协助全区卫生健康宣传" in page and world.xixiu_teacher.name in page and "申请中" in page


def test_a_seven_month_request_shows_the_block_of_5_2_on_its_page(world, client_for, travel):
    client = client_for(world.department_clerk)
    token = form_token(client.get("/secondments/new/"))
    response = client.post("/secondments/new/", request_body(world, token, end="2026-03-31"), follow=True)
    page = text_of(response)
    assert "不得开展" in page and "超过 6 个月的上限" in page and "（第 5.2 条）" in page


def test_a_bad_field_keeps_what_was_typed_and_names_the_field(world, client_for, travel):
    client = client_for(world.department_clerk)
    token = form_token(client.get("/secondments/new/"))
    response = client.post("/secondments/new/", request_body(world, token, start="2025-09-01", end="2025-08-01"))
    page = text_of(response)
    assert response.status_code == 200 and not Secondment.objects.exists()
    assert "结束日期：结束日期早于开始日期" in page
    assert 'value="借用教师协助全区卫生健康宣传"' in page and "编写中小学健康教育读本" in page
    assert f'value="{world.xixiu_teacher.pk}"' in page and "checked" in page  # the ticked teacher stays ticked


def test_back_and_resubmit_of_the_same_form_creates_one_request(world, client_for, travel):
    client = client_for(world.department_clerk)
    token = form_token(client.get("/secondments/new/"))
    first = client.post("/secondments/new/", request_body(world, token))
    again = client.post("/secondments/new/", request_body(world, token))
    assert Secondment.objects.count() == 1
    assert again.status_code == 302 and again.url == first.url
    assert "这份表单已经保存过" in text_of(client.get(again.url))


def test_a_forged_form_key_is_refused_and_nothing_is_made(world, client_for, travel):
    client = client_for(world.department_clerk)
    response = client.post("/secondments/new/", request_body(world, "forged:key"))
    assert "表单已失效" in text_of(response) and not Secondment.objects.exists()


def test_the_search_offers_only_teachers_of_schools_in_reach_and_keeps_the_form(world, client_for, travel):
    client = client_for(world.department_clerk)
    token = form_token(client.get("/secondments/new/"))
    body = request_body(world, token, teachers=[], intent="search", title="半填的名称")
    own = text_of(client.post("/secondments/new/", body | {"teacher_query": world.xixiu_colleague.name}))
    assert world.xixiu_colleague.id_number_masked in own and 'value="半填的名称"' in own
    assert "「事项名称」" not in own and "error" not in own  # a search judges nothing yet
    foreign = text_of(client.post("/secondments/new/", body | {"teacher_query": world.pingba_school.name}))
    assert world.pingba_teacher.id_number_masked not in foreign and "没有找到可以借用的教师" in foreign
    assert not Secondment.objects.exists()


def test_a_teacher_outside_reach_posted_by_hand_is_refused_naming_the_field(world, client_for, travel):
    client = client_for(world.department_clerk)
    token = form_token(client.get("/secondments/new/"))
    response = client.post("/secondments/new/", request_body(world, token, teachers=[str(world.pingba_teacher.pk)]))
    assert "不在您可借用的学校名册中" in text_of(response) and not Secondment.objects.exists()


def test_a_draft_may_name_no_teachers(world, client_for, travel):
    client = client_for(world.department_clerk)
    token = form_token(client.get("/secondments/new/"))
    response = client.post("/secondments/new/", request_body(world, token, teachers=[]), follow=True)
    assert Secondment.objects.get().placements.count() == 0
    assert "尚未选择教师。" in text_of(response)


def test_an_overlapping_request_is_refused_on_the_form_naming_the_teacher_and_keeps_the_form(world, client_for, travel):
    requested(world, start=date(2025, 9, 1), end=date(2025, 12, 31), title="先前的借用")
    client = client_for(world.department_clerk)
    token = form_token(client.get("/secondments/new/"))
    response = client.post("/secondments/new/", request_body(world, token, start="2025-11-01", end="2026-01-31"))
    page = text_of(response)
    assert f"{world.xixiu_teacher.name} 在 2025-09-01 至 2025-12-31 已被「先前的借用」借用" in page
    assert Secondment.objects.count() == 1 and 'value="借用教师协助全区卫生健康宣传"' in page
    again = client.post("/secondments/new/", request_body(world, token, start="2026-01-05", end="2026-03-31"))
    assert again.status_code == 302 and Secondment.objects.count() == 2  # corrected, the same form is sent once


def test_a_school_cannot_open_the_request_form(world, client_for, travel):
    assert client_for(world.principal).get("/secondments/new/").status_code == 403


# --- the list ---------------------------------------------------------------------------------------


def test_each_kind_of_person_sees_the_secondments_that_concern_them(world, client_for, travel):
    secondment = approved(world, requested(world))
    title = secondment.demand.title
    for user in (world.department_clerk, world.county_officer, world.approver, world.principal, world.teacher):
        assert title in text_of(client_for(user).get("/secondments/")), user
    for user in (world.other_county_officer, world.outsider):
        assert title not in text_of(client_for(user).get("/secondments/")), user


def test_a_school_sees_only_its_own_teachers_of_a_secondment(world, client_for, travel):
    other = world.xixiu_other_school.teachers.first()
    approved(world, requested(world, teachers=[world.xixiu_teacher, other]))
    page = text_of(client_for(world.principal).get("/secondments/"))
    assert world.xixiu_teacher.name in page and other.name not in page


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("?kind=loan", "类别「loan」不存在"),
        ("?state=gone", "状态「gone」不存在"),
        ("?year=20x1", "年度「20x1」无效"),
        ("?year=99999999999999999999", "年度「99999999999999999999」无效"),
    ],
)
def test_a_bad_list_filter_is_answered_with_a_sentence(world, client_for, travel, query, sentence):
    response = client_for(world.department_clerk).get("/secondments/" + query)
    assert response.status_code == 400 and sentence in text_of(response)


def test_the_list_filters_by_kind_state_and_year(world, client_for, travel):
    secondment = requested(world)
    client = client_for(world.department_clerk)
    title = secondment.demand.title
    assert title in text_of(client.get("/secondments/?kind=secondment&state=requested&year=2025"))
    assert title not in text_of(client.get("/secondments/?kind=short_assignment"))
    assert title not in text_of(client.get("/secondments/?state=active"))
    assert title not in text_of(client.get("/secondments/?year=2026"))


# --- one secondment ---------------------------------------------------------------------------------


def test_a_secondment_is_not_found_for_a_stranger_and_when_missing(world, client_for, travel):
    secondment = requested(world)
    for user in (world.other_county_officer, world.outsider):
        assert client_for(user).get(f"/secondments/{secondment.pk}/").status_code == 404, user
    assert client_for(world.department_clerk).get("/secondments/999999/").status_code == 404


def test_the_page_shows_the_registration_and_links_the_demand_where_the_route_is_acted_on(world, client_for, travel):
    secondment = approved(world, requested(world))
    page = text_of(client_for(world.department_clerk).get(f"/secondments/{secondment.pk}/"))
    assert secondment.demand.registration_number in page
    assert f'href="/demands/{secondment.demand_id}/"' in page
    assert "借用（抽调）期满让教师返岗" in page or "前返回原学校" in page  # the return owed, with its date


def test_the_borrowing_unit_reports_the_return_the_school_confirms_it_and_the_teacher_is_on_post_again(
    world, client_for, travel
):
    secondment = approved(world, requested(world))
    travel(at(2025, 9, 2))
    placement = secondment.placements.get()
    clerk, school = signed_in(world.department_clerk), signed_in(world.principal)
    detail = f"/secondments/{secondment.pk}/"
    assert f"/secondments/placements/{placement.pk}/return/" in text_of(clerk.get(detail))
    assert f"/secondments/placements/{placement.pk}/confirm/" not in text_of(clerk.get(detail))
    travel(at(2026, 2, 27))  # months later: a session does not last that long, both sign in again
    clerk, school = signed_in(world.department_clerk), signed_in(world.principal)
    response = clerk.post(f"/secondments/placements/{placement.pk}/return/", {"on": "2026-02-27"}, follow=True)
    assert "现为「已报返岗，待学校确认」" in text_of(response)
    page = text_of(school.get(detail))
    assert f"/secondments/placements/{placement.pk}/confirm/" in page
    assert f"/secondments/placements/{placement.pk}/return/" not in page
    response = school.post(f"/secondments/placements/{placement.pk}/confirm/", {"on": "2026-02-27"}, follow=True)
    assert "现为「已返岗」" in text_of(response)
    world.xixiu_teacher.refresh_from_db()
    assert world.xixiu_teacher.post_status == PostStatus.ON_POST


def test_a_bad_return_date_or_a_stranger_s_placement_is_answered_plainly(world, client_for, travel):
    secondment = approved(world, requested(world))
    placement = secondment.placements.get()
    clerk = signed_in(world.department_clerk)
    response = clerk.post(f"/secondments/placements/{placement.pk}/return/", {"on": "soon"}, follow=True)
    assert "「返岗日期」应为日期" in text_of(response)
    response = clerk.post(f"/secondments/placements/{placement.pk}/return/", {"on": "2025-08-01"}, follow=True)
    assert "早于借用开始日期 2025-09-01" in text_of(response)
    assert Placement.objects.get().state == PlacementState.ACTIVE
    stranger = signed_in(world.other_county_officer)
    assert stranger.post(f"/secondments/placements/{placement.pk}/confirm/", {"on": "2025-09-02"}).status_code == 404


def test_the_borrowing_unit_renews_once_and_a_second_renewal_is_refused_citing_5_2(world, client_for, travel):
    secondment = approved(world, requested(world, start=date(2025, 9, 1), end=date(2026, 1, 31)))
    travel(at(2026, 1, 10))
    clerk = signed_in(world.department_clerk)
    response = clerk.post(f"/secondments/{secondment.pk}/renew/", {"end": "2026-05-31"})
    renewal = Secondment.objects.get(renewal_of=secondment)
    assert response.url == f"/secondments/{renewal.pk}/"
    assert "第 1 次续借" in renewal.demand.title
    approved(world, renewal)
    travel(at(2026, 5, 10))
    clerk = signed_in(world.department_clerk)
    response = clerk.post(f"/secondments/{renewal.pk}/renew/", {"end": "2026-08-31"}, follow=True)
    assert "最多续借 1 次" in text_of(response) and "第 5.2 条" in text_of(response)
    assert Secondment.objects.filter(renewal_of=renewal).count() == 0


# --- the school and the teacher -----------------------------------------------------------------------


def test_the_school_sees_its_teacher_away_since_until_on_whose_approval_and_yearly_totals(world, client_for, travel):
    secondment = approved(world, requested(world))
    travel(at(2025, 10, 8))
    response = client_for(world.principal).get("/secondments/school/", follow=True)
    page = text_of(response)
    assert response.redirect_chain[-1][0] == f"/secondments/schools/{world.xixiu_school.code}/"
    away = page.split('data-testid="away"')[1].split("</table>")[0]
    for shown in (world.xixiu_teacher.name, "2025-09-01", "2026-02-28", secondment.demand.registration_number):
        assert shown in away
    assert secondment.demand.requester.name in away
    assert '<td data-label="年度">2025</td>' in page and '<td data-label="外出天数">122</td>' in page
    assert "前返回原学校" in page  # what the school is owed: the borrowing unit's return, with its date


def test_another_county_s_bureau_cannot_open_the_school_page(world, client_for, travel):
    response = client_for(world.other_county_officer).get(f"/secondments/schools/{world.xixiu_school.code}/")
    assert response.status_code == 404


def test_a_teacher_reads_their_own_history_and_not_a_colleague_s(world, client_for, travel):
    secondment = approved(world, requested(world))
    client = client_for(world.teacher)
    response = client.get("/secondments/mine/", follow=True)
    page = text_of(response)
    assert secondment.demand.title in page and "我的借用记录" in page
    assert client.get(f"/secondments/teachers/{world.xixiu_colleague.pk}/").status_code == 404
    assert client_for(world.principal).get("/secondments/mine/").status_code == 404


# --- the ways in ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "link"),
    [
        ("department_clerk", "/secondments/"),
        ("county_officer", "/secondments/census/"),
        ("approver", "/secondments/"),
        ("principal", "/secondments/school/"),
        ("teacher", "/secondments/mine/"),
        ("inspector", "/secondments/census/"),
    ],
)
def test_the_home_page_leads_each_person_to_their_secondment_page(world, client_for, actor, link):
    page = text_of(client_for(getattr(world, actor)).get("/"))
    tiles = page.split('class="capabilities"')[1]
    assert f'href="{link}"' in tiles
    assert '<a href="/secondments/">' in page.split("</nav>")[0]  # and the site's navigation


def test_the_bureau_consents_to_a_ceremony_assignment_on_its_page_with_a_reason(world, client_for, travel):
    from jianfu.registry.models import ReviewDecision
    from jianfu.secondments.models import Purpose
    from jianfu.workflow.demand import Action
    from tests.secondments.flow import act

    ceremony = requested(
        world, kind="short_assignment", start=date(2025, 9, 1), end=date(2025, 9, 3), purpose=Purpose.CEREMONY
    )
    assert "同意（记入办理记录）" not in text_of(signed_in(world.department_clerk).get(f"/secondments/{ceremony.pk}/"))
    act(world.department_clerk, ceremony.demand, Action.SUBMIT)
    bureau = client_for(world.county_officer)
    page = text_of(bureau.get(f"/secondments/{ceremony.pk}/"))
    assert "不得随意抽调教师参与会议会务、庆典" in page and "同意（记入办理记录）" in page
    refused = text_of(bureau.post(f"/secondments/{ceremony.pk}/consent/", {"reason": " "}, follow=True))
    assert "须写明理由（第 5.3 条）" in refused and not ReviewDecision.objects.exists()
    bureau.post(f"/secondments/{ceremony.pk}/consent/", {"reason": "省级非遗展演，安排在周末"})
    assert ReviewDecision.objects.get().reason == "省级非遗展演，安排在周末"
    assert act(world.county_officer, ceremony.demand, Action.ADVANCE).state == "registered"


def test_the_borrowing_unit_names_the_teachers_of_a_draft_later_keeping_ticks_when_refused(world, client_for, travel):
    draft = requested(world, teachers=[])
    busy = requested(world, teachers=[world.xixiu_colleague], title="另一项借用")
    client = client_for(world.department_clerk)
    assert f"/secondments/{draft.pk}/teachers/" in text_of(client.get(f"/secondments/{draft.pk}/"))
    path = f"/secondments/{draft.pk}/teachers/"
    found = text_of(client.post(path, {"intent": "search", "teacher_query": world.xixiu_teacher.name}))
    assert world.xixiu_teacher.id_number_masked in found
    both = {"intent": "save", "teachers": [world.xixiu_teacher.pk, world.xixiu_colleague.pk]}
    refused = text_of(client.post(path, both))
    assert "已被「另一项借用」借用" in refused and refused.count("checked") == 2
    assert draft.placements.count() == 0 and busy.placements.count() == 1
    response = client.post(path, {"intent": "save", "teachers": [world.xixiu_teacher.pk]})
    assert response.status_code == 302 and [p.teacher for p in draft.placements.all()] == [world.xixiu_teacher]


def test_teachers_cannot_be_changed_once_submitted_or_by_anyone_but_the_borrowing_unit(world, client_for, travel):
    secondment = approved(world, requested(world))
    assert client_for(world.department_clerk).get(f"/secondments/{secondment.pk}/teachers/").status_code == 403
    assert "更改借用的教师" not in text_of(client_for(world.department_clerk).get(f"/secondments/{secondment.pk}/"))
    draft = requested(world, teachers=[], start=date(2026, 9, 1), end=date(2026, 12, 31))
    assert client_for(world.county_officer).get(f"/secondments/{draft.pk}/teachers/").status_code == 403
    assert client_for(world.other_county_officer).get(f"/secondments/{draft.pk}/teachers/").status_code == 404
