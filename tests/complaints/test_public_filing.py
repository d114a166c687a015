"""The public filing and tracking pages: anyone files without an account, sees the receipt once, follows
the case with the receipt and passphrase (never in a URL), answers the investigator and asks for review."""

import io
import re

import pytest
from django.test import Client
from PIL import Image

from jianfu.complaints.models import Complaint, ComplaintChannel, ComplaintEvidence
from jianfu.complaints.services import act, ask
from jianfu.workflow.complaint import Action, Finding, State

PASSPHRASE = "青山绿水常在，初心依旧不变"
CONTENT = "区卫健局要求全体教师周末上街开展文明城市创建执勤，并每日上报照片。"


def filing(**more) -> dict:
    page = Client().get("/complaints/new/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return {
        "accused": "520402-WJJ",
        "content": CONTENT,
        "passphrase": PASSPHRASE,
        "passphrase_again": PASSPHRASE,
        "form_token": token,
        "intent": "file",
    } | more


def receipt_in(response) -> str:
    return re.search(r'data-testid="receipt"[^>]*>([^<]+)<', response.content.decode()).group(1).strip()


def photo() -> io.BytesIO:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (26.0, 35.0, 12.5)}
    Image.new("RGB", (30, 20), (10, 200, 10)).save(out, format="JPEG", exif=exif.tobytes())
    out.seek(0)
    out.name = "IMG_20240305_074100.jpg"
    return out


def test_anyone_files_a_complaint_without_an_account_and_sees_the_receipt_once(world):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/complaints/new/", filing(evidence=photo()))

    assert response.status_code == 201, response.content.decode()
    receipt = receipt_in(response)
    assert len(receipt.replace("-", "")) == 20  # 100 bits
    assert "只显示这一次" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies  # no session, no CSRF cookie
    complaint = Complaint.objects.get()
    assert complaint.accused_unit.code == "520402-WJJ" and not complaint.named
    (evidence,) = ComplaintEvidence.objects.all()
    assert b"Exif" not in evidence.file.read()  # the photo's position is gone before it is stored


def test_the_filing_page_is_reached_without_a_cookie_and_lists_every_levels_hotline(world):
    ComplaintChannel.objects.create(
        division=world.city, unit_name="安顺市教育局", hotline="0851-33221100", mailbox="jianfu@anshun.gov.cn"
    )
    ComplaintChannel.objects.create(
        division=world.xixiu, unit_name="西秀区教育局", hotline="0851-33445566", mailbox="西秀区教育局信访室"
    )

    response = Client().get("/complaints/new/")

    page = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert "0851-33221100" in page and "0851-33445566" in page and "西秀区教育局信访室" in page


def test_going_back_and_submitting_the_same_form_again_files_nothing_twice(world):
    client = Client()
    data = filing()

    first = client.post("/complaints/new/", data)
    again = client.post("/complaints/new/", data)

    assert first.status_code == 201
    assert again.status_code == 409 and "已经提交过" in again.content.decode()
    assert Complaint.objects.count() == 1


def test_a_bad_field_keeps_everything_typed_and_says_which_field_and_how(world):
    response = Client().post("/complaints/new/", filing(passphrase="short", passphrase_again="short", accused="某局"))

    page = response.content.decode()
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert "查询密码至少 12 个字符" in page
    assert CONTENT in page and 'value="某局"' in page


def test_mismatched_passphrases_are_caught_before_anything_is_filed(world):
    response = Client().post("/complaints/new/", filing(passphrase_again="另一个完全不同的密码句子"))

    assert "两次输入的查询密码不一致" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_bad_file_is_named_by_its_number_and_the_text_stays(world):
    bad = io.BytesIO(b"MZ\x90\x00 this is a program")
    bad.name = "张晓明的通知.exe"

    response = Client().post("/complaints/new/", filing(evidence=bad))

    page = response.content.decode()
    assert Complaint.objects.count() == 0
    assert "证据1" in page and "不是可接受的类型" in page
    assert "张晓明" not in page  # the name on the filer's device is never repeated
    assert CONTENT in page


def test_the_suggest_button_ticks_the_screeners_items_without_filing(world):
    content = "要求各校组织教师下载某APP并每天打卡投票，截图上报排名。"

    response = Client().post("/complaints/new/", filing(content=content, intent="suggest"))

    page = response.content.decode()
    assert response.status_code == 200 and Complaint.objects.count() == 0
    ticked = re.findall(r'<input type="checkbox" name="items" value="(\d+)"[^>]*checked', page)
    assert ticked, "the screener suggests at least one negative-list item for an app and voting demand"
    assert 'name="items_reviewed" value="True"' in page or 'name="items_reviewed" value="1"' in page


def test_the_filers_changed_items_are_the_ones_kept(world):
    response = Client().post("/complaints/new/", filing(items=["3"], items_reviewed="1"))

    assert response.status_code == 201
    assert Complaint.objects.get().items == [3]


def test_the_unit_search_lists_directory_units_and_picking_one_fills_the_field(world):
    client = Client()
    found = client.post("/complaints/new/", filing(accused="", unit_search="教育局", intent="find_unit"))
    assert "西秀区教育局" in found.content.decode() or "教育局" in found.content.decode()
    name = re.search(r'name="pick_unit" value="([^"]+)"', found.content.decode()).group(1)

    picked = client.post("/complaints/new/", filing(accused="", pick_unit=name))

    assert f'name="accused" value="{name}"' in picked.content.decode()
    assert Complaint.objects.count() == 0


def test_a_teacher_may_file_under_their_name_and_an_anonymous_visitor_may_not(world, client_for):
    assert "实名举报" not in Client().get("/complaints/new/").content.decode()
    client = client_for(world.teacher)
    page = client.get("/complaints/new/").content.decode()
    assert "实名举报" in page

    response = client.post("/complaints/new/", filing(mode="named"))

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.named and complaint.identity_cipher and "teacher" not in complaint.identity_cipher


def test_a_signed_in_filer_is_protected_by_the_csrf_check(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.teacher)

    forged = client.post("/complaints/new/", filing(mode="named"))

    assert forged.status_code == 403 and Complaint.objects.count() == 0


def _filed_receipt(client=None) -> str:
    return receipt_in((client or Client()).post("/complaints/new/", filing()))


def test_tracking_shows_the_state_and_due_date_by_post_never_in_the_url(world):
    receipt = _filed_receipt()

    assert Client().get(f"/complaints/track/?receipt={receipt}").status_code == 200  # the query is ignored
    response = Client(enforce_csrf_checks=True).post(
        "/complaints/track/", {"receipt": receipt, "passphrase": PASSPHRASE}
    )

    page = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert "已收到" in page and "下一步期限" in page
    assert receipt not in page  # not printed again


def test_an_unknown_receipt_and_a_wrong_passphrase_answer_the_same(world):
    receipt = _filed_receipt()

    wrong_passphrase = Client().post("/complaints/track/", {"receipt": receipt, "passphrase": "不对的密码不对的密码"})
    unknown = Client().post("/complaints/track/", {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE", "passphrase": PASSPHRASE})

    assert wrong_passphrase.status_code == unknown.status_code == 404
    strip = lambda r: r.content.decode().replace(receipt, "X").replace("AAAA-BBBB-CCCC-DDDD-EEEE", "X")  # noqa: E731
    assert strip(wrong_passphrase) == strip(unknown)


def test_the_filer_reads_a_question_answers_it_with_a_photo_and_reads_the_answer(world):
    receipt = _filed_receipt()
    complaint = Complaint.objects.get()
    officer = world.county_officer
    act(complaint.pk, officer, Action.ACCEPT)
    act(complaint.pk, officer, Action.ASSIGN)
    act(complaint.pk, officer, Action.INVESTIGATE)
    ask(complaint.pk, officer, "请问执勤通知是哪一天下发的？")
    client = Client(enforce_csrf_checks=True)

    case = client.post("/complaints/track/", {"receipt": receipt, "passphrase": PASSPHRASE}).content.decode()
    assert "请问执勤通知是哪一天下发的？" in case
    token = re.search(r'name="token" value="([^"]+)"', case).group(1)
    replied = client.post(
        "/complaints/track/reply/", {"token": token, "body": "3 月 5 日在工作群下发。", "evidence": photo()}
    )

    assert replied.status_code == 200 and "已收到您的回复" in replied.content.decode()
    assert complaint.messages.filter(side="filer", author=None).get().body == "3 月 5 日在工作群下发。"
    assert complaint.evidence.count() == 1
    for action, text, finding in (
        (Action.RECORD_FINDING, "经查属实。", Finding.SUBSTANTIATED),
        (Action.TAKE_MEASURES, "已责令撤回通知。", None),
        (Action.ANSWER, "您反映的情况属实，通知已撤回。", None),
    ):
        act(complaint.pk, officer, action, text=text, finding=finding)
    answered = client.post("/complaints/track/", {"receipt": receipt, "passphrase": PASSPHRASE}).content.decode()
    assert "您反映的情况属实，通知已撤回。" in answered and "申请复查" in answered


def test_the_filer_asks_for_a_review_of_an_answer(world):
    receipt = _filed_receipt()
    complaint = Complaint.objects.get()
    officer = world.county_officer
    for action, text, finding in (
        (Action.ACCEPT, "", None),
        (Action.ASSIGN, "", None),
        (Action.INVESTIGATE, "", None),
        (Action.RECORD_FINDING, "经查不属实。", Finding.UNSUBSTANTIATED),
        (Action.ANSWER, "经查，未发现您反映的情况。", None),
    ):
        act(complaint.pk, officer, action, text=text, finding=finding)
    case = Client().post("/complaints/track/", {"receipt": receipt, "passphrase": PASSPHRASE}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', case).group(1)

    response = Client().post("/complaints/track/review/", {"token": token, "reason": "执勤照片可以证明，请再查。"})

    assert "已提交复查申请" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.state == State.REVIEWING and complaint.review_reason == "执勤照片可以证明，请再查。"


def test_a_forged_or_stale_authority_token_reaches_no_complaint(world):
    _filed_receipt()

    response = Client().post("/complaints/track/reply/", {"token": "1:abcdef:forged", "body": "我来冒充"})

    assert response.status_code == 403 and "页面已过期" in response.content.decode()
    assert not Complaint.objects.get().messages.exists()


@pytest.mark.parametrize("path", ["/complaints/new/", "/complaints/track/"])
def test_the_public_pages_carry_no_csrf_token_and_set_no_cookie_for_a_visitor(world, path):
    response = Client().get(path)

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_the_login_page_links_to_filing_and_tracking(world):
    page = Client().get("/login/").content.decode()

    assert 'href="/complaints/new/"' in page and 'href="/complaints/track/"' in page


@pytest.mark.parametrize("actor", ["teacher", "principal"])
def test_every_teacher_and_school_home_page_leads_to_the_filing_page(world, client_for, actor):
    page = client_for(getattr(world, actor)).get("/").content.decode()

    assert 'href="/complaints/new/"' in page
    assert "建设中" not in page.split('href="/complaints/new/"')[1].split("</li>")[0]
