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
    assert "第 15 项（A.15）" in text and "学校有权拒绝" in text
