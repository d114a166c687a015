"""A complaint from end to end on a phone (375 × 812): an anonymous teacher files with a photo and keeps the
receipt shown once, comes back later and answers the investigator's question; the county bureau (signed
in with its second factor) accepts, assigns, investigates, asks, records a substantiated finding, the
measures and the answer; the teacher reads the answer. Every page is photographed and measured: nothing
runs off the side of the screen."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from jianfu.complaints.models import Complaint
from tests.e2e.test_walkthrough import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}
PASSPHRASE = "山上的映山红开了十二朵花呀"  # 12 characters at least
ACCUSED = "西秀区卫生健康局"
CONTENT = "区卫健局通知全体教师本周六、周日上街参加文明城市创建执勤，每人每天上报执勤照片，不参加的扣绩效。"
QUESTION = "请问通知是通过什么渠道收到的？是否有书面文件？"
REPLY = "是学校工作群里转发的卫健局通知截图，已附在证据里，没有书面文件。"
FACTS = "经查，区卫健局于本月以工作群通知要求全区教师周末上街执勤并每日上报照片，属实。"
MEASURES = "已责令区卫健局撤回通知，并对负责人进行约谈、通报批评。"
ANSWER = "您反映的情况属实。通知已撤回，相关负责人已被约谈并通报批评。感谢您的监督。"


def a_photo() -> bytes:
    """A small real JPEG, as a phone's camera would give (with pixels worth keeping)."""
    out = io.BytesIO()
    image = Image.new("RGB", (64, 48), (240, 240, 240))
    for x in range(64):
        image.putpixel((x, 24), (200, 20, 20))
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture
def phone(browser, live_server):
    """Opens a fresh phone (its own cookies: the teacher's and the bureau's never mix)."""
    contexts = []

    def open_phone():
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base = live_server.url
        return page

    yield open_phone
    for context in contexts:
        context.close()


def shots_dir() -> Path:
    folder = Path(os.environ.get("JIANFU_VAR_DIR", "/tmp/jf-e2e")) / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def photographed(page, name: str) -> None:
    """A full-page photograph of the phone, and the check that the page is no wider than the phone."""
    page.screenshot(path=str(shots_dir() / f"complaint-{name}.png"), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow} px wider than the phone"


def file_as_anonymous_teacher(page) -> str:
    page.goto(page.base + "/complaints/new/")
    page.locator("input[name=accused]").fill(ACCUSED)
    page.locator("textarea[name=content]").fill(CONTENT)
    page.locator("input[name=evidence]").set_input_files(
        files=[{"name": "IMG_20240306_0815.jpg", "mimeType": "image/jpeg", "buffer": a_photo()}]
    )
    page.locator("input[name=passphrase]").fill(PASSPHRASE)
    page.locator("input[name=passphrase_again]").fill(PASSPHRASE)
    photographed(page, "1-filing-form")
    page.get_by_role("button", name="提交举报").click()
    receipt = page.get_by_test_id("receipt").inner_text().strip()
    photographed(page, "2-receipt-shown-once")
    return receipt


def track(page, receipt: str) -> None:
    page.goto(page.base + "/complaints/track/")
    page.locator("input[name=receipt]").fill(receipt)
    page.locator("input[name=passphrase]").fill(PASSPHRASE)
    page.get_by_role("button", name="查询", exact=True).click()
    page.get_by_test_id("state").wait_for()


def step(page, action: str, *, text: str = "", finding: str = "", unit: str = "") -> None:
    """Submits the case page's form for one step and waits for the page to say it was done."""
    form = page.locator(f"form[data-action='{action}']")
    if finding:
        form.get_by_label(finding, exact=True).check()
    if unit:
        form.locator("select[name=unit]").select_option(label=unit)
    if text:
        form.locator("textarea[name=text]").fill(text)
    form.get_by_role("button").click()
    page.locator(".message.success").wait_for()


def test_an_anonymous_teacher_files_and_the_county_bureau_investigates_and_answers_on_a_phone(e2e_world, phone):
    teacher = phone()
    receipt = file_as_anonymous_teacher(teacher)
    assert len(receipt.replace("-", "")) >= 16
    complaint = Complaint.objects.get()
    assert not complaint.named and complaint.evidence.count() == 1

    bureau = phone()
    log_in(bureau, "county_officer")
    bureau.get_by_role("link", name="举报案件").first.click()
    bureau.get_by_test_id("due").first.wait_for()
    photographed(bureau, "3-list-with-due-date")
    bureau.get_by_role("link", name=ACCUSED).click()
    bureau.get_by_test_id("complaint-content").wait_for()
    assert CONTENT in bureau.get_by_test_id("complaint-content").inner_text()
    photographed(bureau, "3b-case-received")
    step(bureau, "accept")
    step(bureau, "assign", unit="西秀区教育局")
    step(bureau, "investigate")
    step(bureau, "ask", text=QUESTION)
    assert bureau.get_by_test_id("complaint-state").inner_text() == "调查中"
    photographed(bureau, "4-case-question-asked")

    later = phone()  # the teacher comes back later, on a fresh page, with the receipt and the passphrase
    track(later, receipt)
    assert QUESTION in later.locator(".messages").inner_text()
    photographed(later, "5-tracking-with-question")
    later.locator("#reply textarea[name=body]").fill(REPLY)
    later.locator("#reply").get_by_role("button", name="发送").click()
    later.get_by_text(REPLY).wait_for()
    photographed(later, "6-teacher-replied")

    bureau.reload()
    assert REPLY in bureau.get_by_test_id("complaint-messages").inner_text()
    step(bureau, "record_finding", finding="属实", text=FACTS)
    step(bureau, "take_measures", text=MEASURES)
    step(bureau, "answer", text=ANSWER)
    assert bureau.get_by_test_id("complaint-state").inner_text() == "已答复"
    photographed(bureau, "7-case-answered")

    last = phone()
    track(last, receipt)
    assert last.get_by_test_id("state").inner_text() == "已答复"
    assert ANSWER in last.get_by_test_id("answer").inner_text()
    photographed(last, "8-teacher-reads-the-answer")
    complaint.refresh_from_db()
    assert complaint.finding == "substantiated" and complaint.answer == ANSWER
