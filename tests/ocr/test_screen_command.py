"""`jianfu screen PHOTO.png --json` and `jianfu screen SCAN.pdf`: a photographed or scanned notice is
recognised in process and screened to the same items as the same notice given as text."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.ocr.images import notice_photo, notice_scan_pdf

pytestmark = pytest.mark.django_db

PHOTOGRAPHED = (
    "关于做好校园绿化检查验收的通知\n各中小学：\n"
    "县林业局将对校园绿化开展检查验收，请各学校于本月20日前报送自查报告并准备相关资料。\n县教育局"
)
FIRST_PAGE = "关于开展捐款活动的通知\n各学校：\n县慈善总会开展募捐，请各校教师踊跃捐款，捐款情况纳入单位年度考评。"
SECOND_PAGE = "请各学校组织教师订阅《法治日报》，每校不少于5份，订阅回执报宣传部。\n县教育局\n2026年3月2日"


def screened(tmp_path, name: str, data: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    out = StringIO()
    call_command("screen", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def items_of(result: dict) -> tuple:
    return result["verdict"], result["negative_list_items"]


def test_a_photographed_notice_is_screened_to_the_same_items_as_its_text(tmp_path):
    as_text = screened(tmp_path, "notice.txt", PHOTOGRAPHED.encode())
    as_photo = screened(tmp_path, "notice.png", notice_photo(PHOTOGRAPHED, angle=3, noise=True))
    assert as_text["negative_list_items"] == [1]
    assert items_of(as_photo) == items_of(as_text)


def test_a_scanned_two_page_pdf_is_screened_to_the_same_items_as_its_text(tmp_path):
    as_text = screened(tmp_path, "notice.txt", f"{FIRST_PAGE}\n{SECOND_PAGE}".encode())
    as_scan = screened(tmp_path, "scan.pdf", notice_scan_pdf([FIRST_PAGE, SECOND_PAGE]))
    assert set(as_text["negative_list_items"]) >= {2, 3}
    assert items_of(as_scan) == items_of(as_text)


def test_a_photo_named_as_text_is_still_read_as_a_photo(tmp_path):
    as_photo = screened(tmp_path, "notice.txt", notice_photo(PHOTOGRAPHED, angle=2))
    assert as_photo["negative_list_items"] == [1]
