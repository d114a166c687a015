"""A principal pastes a notice, sees the verdict with the evidence marked and the clause quoted,
records the refusal, downloads the letter and finds the clause in it."""

import subprocess

import pytest

from tests.e2e.test_walkthrough import log_in

pytestmark = pytest.mark.browser
NOTICE = "接县文明办通知：创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班，请于周五前报送名单。"


def test_a_principal_screens_a_notice_refuses_it_and_downloads_the_letter(e2e_world, page_at, tmp_path):
    page = page_at(width=375)
    log_in(page, "principal")
    page.get_by_role("link", name="审查通知、拒绝未备案事项").click()
    page.get_by_label("通知全文").fill(NOTICE)
    page.get_by_role("button", name="审查").click()
    assert "可以拒绝：属于减负清单" in page.get_by_role("status").inner_text()
    marked = page.locator("mark").all_inner_texts()
    assert "文明劝导" in "".join(marked) and "执勤" in "".join(marked)
    assert "与教育教学无关的各种上街执勤、值守工作" in page.locator(".finding").first.inner_text()
    page.get_by_label("提出单位", exact=True).select_option(label="西秀区文明办")
    page.get_by_label("提出方式").select_option(label="微信工作群")
    page.get_by_role("button", name="记录拒绝").click()
    page.get_by_text("已记录拒绝").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    path = tmp_path / "letter.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    text = text.replace("\n", "")
    assert "第15项（A.15）" in text and "学校有权拒绝" in text


def test_a_wrong_file_keeps_the_form_and_back_then_resubmit_records_one_refusal(e2e_world, page_at):
    from jianfu.gate.models import Refusal, ViolationCase

    page = page_at(width=375)
    log_in(page, "principal")
    page.goto(page.base + "/gate/screen/")
    page.get_by_label("通知全文").fill(NOTICE)
    page.get_by_role("button", name="审查").click()
    page.get_by_label("提出单位", exact=True).select_option(label="西秀区文明办")
    page.get_by_label("提出方式").select_option(label="微信工作群")
    page.get_by_label("对方提供的备案号（如有）").fill("安教减备〔2021〕520402-0099号")
    evidence = page.locator('input[name="evidence"]')
    evidence.set_input_files({"name": "录音.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"})
    page.get_by_role("button", name="记录拒绝").click()
    assert "文件「录音.exe」的内容不是可接受的类型" in page.get_by_role("alert").inner_text()
    assert "可以拒绝：属于减负清单" in page.get_by_role("status").inner_text()
    assert page.get_by_label("对方提供的备案号（如有）").input_value() == "安教减备〔2021〕520402-0099号"
    assert page.get_by_label("提出方式").input_value() == "wechat_group"
    page.screenshot(path="/tmp/jf-gate-kept-form.png", full_page=True)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    evidence.set_input_files({"name": "截图.png", "mimeType": "image/png", "buffer": png})
    page.get_by_role("button", name="记录拒绝").click()
    page.get_by_text("已记录拒绝").wait_for()
    assert page.get_by_role("link", name="截图.png").count() == 1
    page.go_back()
    page.get_by_role("button", name="记录拒绝").click()
    page.get_by_text("这份表单已经提交过").wait_for()
    page.screenshot(path="/tmp/jf-gate-resubmitted.png", full_page=True)
    assert Refusal.objects.count() == 1 and ViolationCase.objects.count() == 1


def test_anyone_types_a_number_into_the_login_page_s_box_and_reads_its_verification(e2e_world, page_at):
    page = page_at(width=375)
    page.goto(page.base + "/login/")
    page.screenshot(path="/tmp/jf-gate-login.png", full_page=True)
    page.get_by_label("核验备案号").fill("安教减备〔2021〕520402-0099号")
    page.get_by_role("button", name="核验").click()
    assert "查无此备案" in page.get_by_role("status").inner_text()
    assert "/v/" in page.url
