"""`jianfu dictionary [--json] [--search Q] [--owner SYSTEM]`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

FIELDS = {"id", "label", "synonyms", "definition", "type", "unit", "owner", "refresh", "personal", "level"}


def run(*args) -> str:
    out = StringIO()
    call_command("dictionary", *args, stdout=out)
    return out.getvalue()


def test_the_json_lists_at_least_150_elements_each_with_every_field_of_the_issue():
    elements = json.loads(run("--json"))
    assert len(elements) >= 150
    for element in elements:
        assert set(element) >= FIELDS, element["id"]
        assert element["label"] and element["definition"] and element["owner"] and element["refresh"]
        assert isinstance(element["synonyms"], list) and isinstance(element["personal"], bool)
    assert len({e["id"] for e in elements}) == len(elements)


def test_a_search_finds_elements_by_synonym_and_says_how_many_of_the_whole():
    out = run("--search", "学籍号")
    assert "pupil.register_number" in out and "全国学籍号" in out and "[个人信息]" in out
    assert "teacher.title" not in out
    assert "共 1 项（字典共" in out


def test_the_owner_filter_keeps_one_system_and_an_unknown_one_is_named_with_the_choices():
    elements = json.loads(run("--json", "--owner", "减负通花名册"))
    assert elements and {e["owner"] for e in elements} == {"减负通花名册"}
    with pytest.raises(CommandError, match="没有名为“统计年鉴”的来源系统：owner 应为以下之一"):
        run("--owner", "统计年鉴")
