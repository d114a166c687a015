"""The officials' pages of complaints: the list with its filters and due dates, the case page with the steps
open to each person, forms that act once, errors beside the form, the evidence as a sandboxed download."""

import io
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from PIL import Image

from jianfu.complaints.case_actions import form_token
from jianfu.complaints.models import ComplaintMessage
from jianfu.deadlines.models import Obligation
from jianfu.workflow.complaint import Action, State
from tests.complaints.helpers import CONTENT, carried, filed

FILED_ON = date(2024, 3, 4)  # a Monday


def png_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def case_url(complaint) -> str:
    return reverse("complaints-case", args=[complaint.pk])


def token_of(page: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def post_step(client, complaint, action: str, **fields):
    """Submits the case page's form for `action` as a person would: the page's own key with it."""
    token = token_of(client.get(case_url(complaint)).content.decode())
    return client.post(case_url(complaint), {"action": action, "form_token": token, **fields})


@pytest.fixture
def on_filing_day():
    with time_machine.travel(FILED_ON, tick=False):
        yield


def test_the_county_bureau_lists_its_complaint_with_the_due_date_and_days_left(world, client_for, on_filing_day):
    complaint = filed(world).complaint
    due = Obligation.objects.get(subject_type="complaint", subject_id=complaint.pk).due_on
    with time_machine.travel(date(2024, 3, 8), tick=False):
        page = client_for(world.county_officer).get(reverse("complaints-cases")).content.decode()
    assert complaint.accused_name in page
    assert due.isoformat() in page
    assert f"还剩 {(due - date(2024, 3, 8)).days} 天" in page


def test_an_overdue_complaint_says_by_how_many_days_and_the_overdue_filter_finds_only_it(
    world, client_for, on_filing_day
):
    late = filed(world).complaint
    due = Obligation.objects.get(subject_type="complaint", subject_id=late.pk).due_on
    later = date.fromordinal(due.toordinal() + 3)
    with time_machine.travel(later, tick=False):
        fresh = filed(world, content="区文旅局要求教师下班后到景区值守。").complaint
        page = client_for(world.county_officer).get(reverse("complaints-cases") + "?overdue=1").content.decode()
    assert "逾期 3 天" in page
    assert case_url(late) in page and case_url(fresh) not in page


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("state=lost", "状态「lost」不存在"),
        ("county=999999", "县（区）代码「999999」"),
        ("item=abc", "清单条目「abc」不存在"),
        ("item=999", "清单条目「999」不存在"),
        ("overdue=maybe", "是否逾期「maybe」无法识别"),
    ],
)
def test_a_bad_filter_is_answered_with_a_sentence_naming_it_and_no_rows(world, client_for, query, named):
    complaint = filed(world).complaint
    response = client_for(world.county_officer).get(reverse("complaints-cases") + "?" + query)
    page = response.content.decode()
    assert response.status_code == 400
    assert named in page and "请" in page
    assert case_url(complaint) not in page


def test_the_filters_pick_by_state_county_and_item(world, client_for):
    received = filed(world).complaint
    accepted = carried(
        filed(world, content="要求教师填写与教学无关的调查问卷。").complaint,
        world.county_officer,
        (Action.ACCEPT, "", None),
    )
    received.refresh_from_db()
    client = client_for(world.county_officer)
    by_state = client.get(reverse("complaints-cases") + "?state=accepted").content.decode()
    assert case_url(accepted) in by_state and case_url(received) not in by_state
    by_county = client.get(reverse("complaints-cases") + f"?county={world.xixiu.code}").content.decode()
    assert case_url(accepted) in by_county and case_url(received) in by_county
    item = (received.items or accepted.items or [None])[0]
    if item is not None:
        by_item = client.get(reverse("complaints-cases") + f"?item={item}").content.decode()
        wanted = [c for c in (received, accepted) if item in c.items]
        assert all(case_url(c) in by_item for c in wanted)
        assert all(case_url(c) not in by_item for c in (received, accepted) if c not in wanted)


def test_schools_and_teachers_see_no_case_pages(world, client_for):
    complaint = filed(world).complaint
    for person in (world.teacher, world.principal):
        client = client_for(person)
        assert client.get(reverse("complaints-cases")).status_code == 403
        assert client.get(case_url(complaint)).status_code == 404


def test_the_case_page_shows_what_was_filed_with_the_items_in_the_packs_words(world, client_for):
    complaint = filed(
        world,
        notice_text="关于开展周末文明执勤的通知：各校组织教师上街执勤。",
        evidence=[("IMG_0001.png", png_photo())],
    ).complaint
    page = client_for(world.county_officer).get(case_url(complaint)).content.decode()
    assert CONTENT in page and "关于开展周末文明执勤的通知" in page
    assert world.xixiu_school.name in page
    from jianfu.packs.active import active_engine

    texts = {item.no: item.text for item in active_engine().pack.negative_list}
    for no in complaint.items:
        assert f"第 {no} 项：{texts[no]}" in page
    assert "IMG_0001" not in page  # the name it had on the filer's device is never kept
    assert "提交举报" in page and ">file<" not in page  # the filing's step, in words


def test_an_evidence_file_is_a_sandboxed_download_for_those_who_see_the_case(world, client_for):
    complaint = filed(world, evidence=[("photo.png", png_photo())]).complaint
    evidence = complaint.evidence.get()
    address = reverse("complaints-evidence", args=[complaint.pk, evidence.pk])
    response = client_for(world.county_officer).get(address)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Type"] == "application/octet-stream"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_for(world.department_clerk).get(address).status_code == 404  # the accused department


def test_the_county_bureau_takes_a_case_to_the_answer_through_the_page_forms(world, client_for):
    complaint = filed(world).complaint
    client = client_for(world.county_officer)
    for action, fields in [
        ("accept", {}),
        ("assign", {"unit": world.unit("520402-JYJ").pk}),
        ("investigate", {}),
        ("ask", {"text": "请问通知是哪一天收到的？"}),
        ("record_finding", {"finding": "substantiated", "text": "经查，卫健局确曾要求教师周末执勤。"}),
        ("take_measures", {"text": "责令撤回通知，约谈负责人。"}),
        ("answer", {"text": "您反映的情况属实，通知已撤回。"}),
        ("close", {}),
    ]:
        response = post_step(client, complaint, action, **fields)
        assert response.status_code == 302, (action, response.content.decode()[:2000])
    complaint.refresh_from_db()
    assert complaint.state == State.CLOSED and complaint.answer == "您反映的情况属实，通知已撤回。"
    assert ComplaintMessage.objects.filter(complaint=complaint, body="请问通知是哪一天收到的？").count() == 1


def test_back_and_resubmit_asks_the_question_once(world, client_for):
    complaint = carried(
        filed(world).complaint,
        world.county_officer,
        (Action.ACCEPT, "", None),
        (Action.ASSIGN, "", None),
        (Action.INVESTIGATE, "", None),
    )
    client = client_for(world.county_officer)
    token = token_of(client.get(case_url(complaint)).content.decode())
    form = {"action": "ask", "form_token": token, "text": "通知原件能否拍照上传？"}
    assert client.post(case_url(complaint), form).status_code == 302
    again = client.post(case_url(complaint), form)
    assert again.status_code == 409
    assert "没有重复办理" in again.content.decode()
    assert "通知原件能否拍照上传？" in again.content.decode()  # what was typed is kept
    assert complaint.messages.filter(body="通知原件能否拍照上传？").count() == 1


def test_a_service_error_is_shown_beside_its_form_with_what_was_typed_kept(world, client_for):
    complaint = carried(
        filed(world).complaint,
        world.county_officer,
        (Action.ACCEPT, "", None),
        (Action.ASSIGN, "", None),
        (Action.INVESTIGATE, "", None),
    )
    client = client_for(world.county_officer)
    response = post_step(client, complaint, "record_finding", text="经查，情况基本属实。")  # no finding chosen
    page = response.content.decode()
    assert response.status_code == 400
    form = re.search(r'<form[^>]*data-action="record_finding".*?</form>', page, re.S).group(0)
    assert "认定" in form and 'class="error"' in form
    assert "经查，情况基本属实。" in form
    complaint.refresh_from_db()
    assert complaint.state == State.INVESTIGATING


def test_a_form_key_made_for_another_person_or_forged_is_refused(world, client_for):
    complaint = carried(filed(world, accused="西秀区教育局").complaint, world.city_officer, (Action.ACCEPT, "", None))
    client = client_for(world.city_officer)
    for token in (form_token(world.county_officer, complaint), "1:2:accepted.2.0.0.1:forged"):
        response = client.post(case_url(complaint), {"action": "assign", "form_token": token})
        assert response.status_code == 400
        assert "表单已失效" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.state == State.ACCEPTED


def test_only_the_steps_open_to_the_person_are_offered(world, client_for):
    complaint = filed(world).complaint
    officer_page = client_for(world.county_officer).get(case_url(complaint)).content.decode()
    assert 'data-action="accept"' in officer_page and 'data-action="not_accept"' in officer_page
    assert 'data-action="answer"' not in officer_page  # not from 已收到
    inspector_page = client_for(world.inspector).get(case_url(complaint)).content.decode()
    assert CONTENT in inspector_page  # the county's inspectorate reads the case
    assert "data-action=" not in inspector_page  # and takes no step


def test_the_inbox_obligation_leads_to_the_case_page(world, client_for):
    complaint = filed(world).complaint
    client = client_for(world.county_officer)
    inbox = client.get(reverse("deadlines:inbox")).content.decode()
    assert f'href="{case_url(complaint)}"' in inbox
    assert client.get(case_url(complaint)).status_code == 200


def test_officials_find_the_cases_in_the_navigation_and_on_their_home_page(world, client_for):
    home = client_for(world.county_officer).get(reverse("home")).content.decode()
    assert home.count(f'href="{reverse("complaints-cases")}"') >= 2  # the navigation and the tile
    teacher_home = client_for(world.teacher).get(reverse("home")).content.decode()
    assert f'href="{reverse("complaints-cases")}"' not in teacher_home


def test_the_bureau_reads_the_years_figures_per_county_unit_item_and_month(world, client_for, on_filing_day):
    carried(filed(world).complaint, world.county_officer, (Action.ACCEPT, "", None))
    filed(world, content="要求教师参加与教学无关的网络投票。")
    response = client_for(world.city_officer).get(reverse("complaints-stats") + "?year=2024")
    page = response.content.decode()
    assert response.status_code == 200
    totals = re.search(r'data-testid="stats-totals">(.*?)</dl>', page, re.S).group(1)
    assert re.search(r"收到</dt><dd>2<", totals) and re.search(r"受理</dt><dd>1<", totals)
    assert "西秀区" in page and "2024-03" in page and world.unit("520402-WJJ").name in page


def test_the_county_bureau_s_figures_leave_out_the_complaints_about_itself(world, client_for, on_filing_day):
    filed(world)  # about a county department: the county bureau investigates and counts it
    filed(world, accused="西秀区教育局")  # about the county bureau: the city's, not counted for the county
    county = client_for(world.county_officer).get(reverse("complaints-stats") + "?year=2024").content.decode()
    city = client_for(world.city_officer).get(reverse("complaints-stats") + "?year=2024").content.decode()
    assert re.search(r"收到</dt><dd>1<", re.search(r'data-testid="stats-totals">(.*?)</dl>', county, re.S).group(1))
    assert re.search(r"收到</dt><dd>2<", re.search(r'data-testid="stats-totals">(.*?)</dl>', city, re.S).group(1))
    assert "西秀区教育局" not in county.split('data-testid="stats-totals"')[1]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("year=abc", "年度（year）「abc」无效"),
        ("year=1999", "年度（year）「1999」无效"),
        ("area=520403", "地区代码「520403」不在您的管辖范围内"),
    ],
)
def test_a_bad_year_or_area_on_the_figures_is_answered_with_a_sentence(world, client_for, query, named):
    response = client_for(world.county_officer).get(reverse("complaints-stats") + "?" + query)
    assert response.status_code == 400 and named in response.content.decode()


def test_schools_teachers_and_departments_do_not_read_the_figures(world, client_for):
    for person in (world.teacher, world.principal, world.department_clerk):
        assert client_for(person).get(reverse("complaints-stats")).status_code == 403


def test_the_city_bureau_decides_a_review_the_filer_asked_for_on_the_page(world, client_for):
    from jianfu.complaints.services import filer_request_review
    from tests.complaints.helpers import TO_ANSWER

    complaint = carried(filed(world).complaint, world.county_officer, *TO_ANSWER)
    filer_request_review(complaint, "措施太轻，通知撤回后又换个名义发了一次。")
    county_page = client_for(world.county_officer).get(case_url(complaint)).content.decode()
    assert 'data-action="uphold"' not in county_page  # the level below does not review its own answer
    client = client_for(world.city_officer)
    page = client.get(case_url(complaint)).content.decode()
    assert 'data-action="uphold"' in page and 'data-action="reopen"' in page
    assert post_step(client, complaint, "reopen", text="请重新核查是否换名义再次发文。").status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.INVESTIGATING


def test_the_time_limit_is_extended_once_with_a_reason_and_then_no_longer_offered(world, client_for, on_filing_day):
    complaint = carried(filed(world).complaint, world.county_officer, (Action.ACCEPT, "", None))
    client = client_for(world.county_officer)
    empty = post_step(client, complaint, "extend", text=" ")
    assert empty.status_code == 400 and "须写明理由" in empty.content.decode()
    assert post_step(client, complaint, "extend", text="涉及多个部门，需要逐一核实。").status_code == 302
    complaint.refresh_from_db()
    assert complaint.extended and complaint.extension_reason == "涉及多个部门，需要逐一核实。"
    assert 'data-action="extend"' not in client.get(case_url(complaint)).content.decode()
