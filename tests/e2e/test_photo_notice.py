"""On a phone (375 px): a principal photographs a notice, the worker reads it, the principal corrects one
character, sees the verdict on the corrected text, and records the refusal with the photo as evidence."""

import pytest
from django.core.management import call_command

from tests.e2e.test_walkthrough import log_in
from tests.ocr.images import notice_photo

pytestmark = pytest.mark.browser
NOTICE = "接县文明办通知：创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班，请于周五前报送名单。"


def test_a_principal_uploads_a_photo_corrects_a_character_and_refuses_with_the_photo(e2e_world, page_at):
    from jianfu.gate.models import Evidence, Refusal

    page = page_at(width=375)
    log_in(page, "principal")
    page.goto(page.base + "/gate/screen/")
    photo = {"name": "通知.png", "mimeType": "image/png", "buffer": notice_photo(NOTICE)}
    page.locator('input[name="file"]').set_input_files(photo)
    page.get_by_role("button", name="审查").click()
    assert "排队等待识别" in page.get_by_role("status").inner_text()
    page.screenshot(path="/tmp/jf-ocr-queued.png", full_page=True)

    call_command("worker", "--once")  # the task worker's round; the page's script notices and reloads
    text = page.get_by_label("核对后的通知文字")
    text.wait_for()
    assert page.locator(".ocr-images img").count() == 1
    page.screenshot(path="/tmp/jf-ocr-read.png", full_page=True)
    read = text.input_value()
    assert "两班" in read, read
    text.fill(read.replace("两班", "三班"))  # the principal corrects one character
    page.get_by_role("button", name="核对无误，审查").click()

    assert "可以拒绝：属于减负清单" in page.get_by_role("status").inner_text()
    assert "三班" in page.locator(".screening .notice-text").inner_text()
    assert "执勤" in "".join(page.locator(".screening mark").all_inner_texts())
    assert "通知的照片（1 张）" in page.locator("#refuse").inner_text()
    page.get_by_label("提出单位", exact=True).select_option(label="西秀区文明办")
    page.get_by_label("提出方式").select_option(label="微信工作群")
    page.screenshot(path="/tmp/jf-ocr-verdict.png", full_page=True)
    page.get_by_role("button", name="记录拒绝").click()
    page.get_by_text("已记录拒绝").wait_for()
    assert page.get_by_role("link", name="通知.png").count() == 1
    page.screenshot(path="/tmp/jf-ocr-refusal.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    refusal = Refusal.objects.get()
    assert "三班" in refusal.content and "三班" in Evidence.objects.get(refusal=refusal).recognised_text
