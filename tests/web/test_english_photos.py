"""English covers text recognition of photographed notices (issue 18): a principal reading the site in English
is told in English which file was refused and why, and the recognition page's labels are English."""

import pytest
from django.core.management import call_command

from jianfu.ocr.models import Recognition
from tests.ocr.images import notice_photo, upload
from tests.web.every_page import chinese_interface, in_english

NOTICE = "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。"


@pytest.fixture(scope="module")
def photo() -> bytes:
    return notice_photo(NOTICE, angle=1, noise=False)


def test_a_principal_in_english_is_told_in_english_which_file_is_no_photo_and_why(world, client_for, photo):
    client = in_english(client_for(world.principal))
    files = [upload(photo, "page-1.png"), upload(b"just some bytes, no picture", "page-2.png")]
    page = client.post("/gate/screen/", {"file": files}).content.decode()
    assert "The file “page-2.png” is not a photo, screenshot or scan (JPEG, PNG, WebP, HEIC or PDF)" in page
    assert "The other files were fine" in page and "page-1.png" in page
    assert chinese_interface(page) == []
    assert not Recognition.objects.exists()


def test_the_recognition_page_speaks_english_while_queued_and_once_read(world, client_for, photo):
    client = in_english(client_for(world.principal))
    address = client.post("/gate/screen/", {"file": upload(photo, "notice.png")})["Location"]
    queued = client.get(address).content.decode()
    assert "Waiting in the queue for text recognition" in queued and "Reload to see the progress" in queued
    assert chinese_interface(queued) == []

    call_command("worker", "--once")
    recognition = Recognition.objects.get()
    read = client.get(address).content.decode()
    assert "Recognised text" in read and "Corrected text of the notice" in read and "Checked: screen it" in read
    assert chinese_interface(read, *pieces_of(recognition)) == []


def test_a_correction_too_short_to_screen_is_refused_in_english(world, client_for, photo):
    client = in_english(client_for(world.principal))
    address = client.post("/gate/screen/", {"file": upload(photo, "notice.png")})["Location"]
    call_command("worker", "--once")
    response = client.post(address, {"text": "   "})
    assert response.status_code == 400
    assert "The notice is empty; paste or upload the whole notice." in response.content.decode()


def pieces_of(recognition) -> list[str]:
    """The recognised text as the page cuts it where it marks doubtful characters: data, not interface."""
    from jianfu.ocr.views import marked

    return [piece for piece, _doubted in marked(recognition.text, recognition.doubtful)]
