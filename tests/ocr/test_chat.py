"""A WeChat-style screenshot is screened on its messages alone: sender names, time stamps, the status,
title and input bars are set apart."""

import pytest

from jianfu.gate.screening import notice_screening
from jianfu.ocr.chat import is_time_stamp
from jianfu.ocr.intake import images_of
from jianfu.ocr.reader import recognise
from tests.ocr.images import chat_screenshot

MESSAGES = [
    ("王老师", "昨天 08:15", "请各位家长今晚在学习强国APP完成答题并截图发到群里"),
    ("我", "10:32", "收到"),
    ("李校长", "星期三 10:40", "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核"),
]


@pytest.fixture(scope="module")
def recognised():
    return recognise(images_of("群聊.png", chat_screenshot(MESSAGES)))


def test_the_messages_alone_make_the_text_one_line_each(recognised):
    assert recognised.text.split("\n") == [text for _, _, text in MESSAGES]


def test_names_times_and_interface_labels_are_set_apart_not_screened(recognised):
    apart = {label.replace(" ", "") for label in recognised.set_apart}
    assert {"王老师", "李校长", "昨天08:15", "10:32", "星期三10:40", "按住说话", "发送", "三年级家长群(45)"} <= apart
    for name_or_time in ("王老师", "李校长", "08:15", "星期三", "发送"):
        assert name_or_time not in recognised.text


@pytest.mark.django_db
def test_the_screenshot_is_screened_on_the_message_text(recognised):
    result = notice_screening(recognised.text).as_dict()
    assert 7 in result["negative_list_items"]


@pytest.mark.parametrize("text", ["10:32", "昨天 08:15", "星期三", "星期三 10:40", "下午 3:05", "2026年3月2日 10:32"])
def test_chat_time_stamps_are_recognised(text):
    assert is_time_stamp(text)


@pytest.mark.parametrize("text", ["收到", "请于20日前报送", "2026年工作要点", "10"])
def test_message_text_is_not_taken_for_a_time_stamp(text):
    assert not is_time_stamp(text)
