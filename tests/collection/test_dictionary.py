"""The data dictionary as data (policy/dictionary.py): loaded with the pack, matched and suggested from
a field's label, extended by a city's own pack, refused whole when an element is malformed."""

from pathlib import Path

import pytest

from jianfu.policy import dictionary
from jianfu.policy.dictionary import LEVELS, TYPES, fold
from jianfu.policy.pack import load_pack
from jianfu.policy.source import PackError

ANSHUN = load_pack("anshun-2021")
SYSTEMS = {"教育事业统计", "全国教师管理信息系统", "全国中小学生学籍信息管理系统", "教育装备与资产", "减负通花名册"}


def test_anshun_ships_at_least_150_elements_from_the_five_systems_each_with_every_field():
    elements = ANSHUN.dictionary
    assert len(elements) >= 150
    assert {e.owner for e in elements} == SYSTEMS
    for e in elements:
        assert e.id and e.label and e.definition and e.owner and e.refresh, e.id
        assert e.type in TYPES and e.level in LEVELS and isinstance(e.personal, bool), e.id
        assert e.type != "choice" or e.choices, e.id


def test_no_label_or_synonym_names_two_elements():
    seen = {}
    for e in ANSHUN.dictionary:
        for name in e.names:
            assert seen.setdefault(fold(name), e.id) == e.id, f"{name} names {seen[fold(name)]} and {e.id}"


def test_names_id_numbers_phones_addresses_health_and_family_circumstances_are_flagged_personal():
    for element_id in (
        "teacher.name",
        "teacher.id_number",
        "teacher.phone",
        "teacher.address",
        "teacher.health",
        "pupil.name",
        "pupil.guardian_phone",
        "pupil.left_behind",
        "pupil.poverty",
    ):
        assert dictionary.element(ANSHUN, element_id).personal, element_id
    assert not dictionary.element(ANSHUN, "school.classes").personal
    assert not dictionary.element(ANSHUN, "facility.building_area").personal


def test_a_label_matches_its_element_through_a_synonym_full_width_forms_spaces_and_a_unit_in_brackets():
    assert dictionary.matched(ANSHUN, "身份证号").id == "teacher.id_number"
    assert dictionary.matched(ANSHUN, " 教职工 姓名：").id == "teacher.name"
    assert dictionary.matched(ANSHUN, "ＷｉＦｉ覆盖").id == "facility.wireless"
    assert dictionary.matched(ANSHUN, "教职工数（人）").id == "school.staff_total"
    assert dictionary.matched(ANSHUN, "教师最喜欢的颜色") is None
    assert dictionary.matched(ANSHUN, "   ") is None


def test_an_exact_synonym_is_suggested_first_with_full_confidence_and_a_near_label_below_it():
    (best, score), *_ = dictionary.suggest(ANSHUN, "职称")
    assert (best.id, score) == ("teacher.title", 1.0)
    near = dictionary.suggest(ANSHUN, "教师的身份证号码", limit=3)
    assert near[0][0].id == "teacher.id_number" and 0.3 <= near[0][1] < 1.0
    assert len(near) == 3 and [s for _, s in near] == sorted((s for _, s in near), reverse=True)
    assert dictionary.suggest(ANSHUN, "喜好") == []


def test_the_platform_keys_say_where_the_platform_holds_a_value():
    assert dictionary.platform_source(dictionary.element(ANSHUN, "school.name")) == ("school", "name")
    assert dictionary.platform_source(dictionary.element(ANSHUN, "roster.teachers_seconded")) == (
        "count",
        "teachers.seconded",
    )
    assert dictionary.platform_source(dictionary.element(ANSHUN, "pupil.name")) is None


def _city_pack(root: Path, dictionary_files: dict[str, str]) -> Path:
    folder = root / "dict-city-2021"
    (folder / "dictionary").mkdir(parents=True)
    (folder / "pack.yaml").write_text(
        "id: dict-city-2021\nparent: anshun-2021\ntitle: 字典市\ndocument_number: 字办发〔2021〕1号\n"
        "issuer: 字典市人民政府办公室\nissued_on: 2021-04-01\neffective_from: 2021-04-01\n"
        'jurisdiction: "529800"\nregistration_format: 字教减备〔{year}〕{division}{serial:04d}号\n'
        "unit_kinds:\n  education_bureau: 本级教育行政部门\n  party_committee: 本级党委\n"
        "  party_office: 本级党委办公室\n  government_office: 本级政府办公室\n"
        "  supervision_bureau: 本级督查督办部门\n  statistics_bureau: 同级政府统计机构\n",
        encoding="utf-8",
    )
    for name, text in dictionary_files.items():
        (folder / "dictionary" / name).write_text(text, encoding="utf-8")
    return root


CITY_SYSTEM = """
- id: nutrition.meals_served
  label: 营养餐供餐人数
  synonyms: [供餐人数]
  definition: 本校每日享受营养改善计划供餐的学生人数。
  type: integer
  unit: 人
  owner: 字典市营养餐管理系统
  refresh: 每日
  personal: false
  level: school
- id: teacher.phone
  label: 联系电话
  synonyms: [手机号码]
  definition: 教师本人的手机号码（字典市以人事系统为准）。
  type: text
  owner: 字典市人事系统
  refresh: 实时
  personal: true
  level: teacher
"""


def test_a_city_pack_inherits_anshuns_dictionary_and_adds_a_system_of_its_own(tmp_path):
    city = load_pack("dict-city-2021", (_city_pack(tmp_path, {"nutrition.yaml": CITY_SYSTEM}),))
    assert len(city.dictionary) == len(ANSHUN.dictionary) + 1
    assert dictionary.matched(city, "供餐人数").owner == "字典市营养餐管理系统"
    assert dictionary.element(city, "teacher.phone").owner == "字典市人事系统"
    assert dictionary.element(ANSHUN, "teacher.phone").owner == "全国教师管理信息系统"
    assert dictionary.matched(ANSHUN, "供餐人数") is None


def test_a_malformed_element_refuses_the_pack_naming_the_file_the_line_and_the_fix(tmp_path):
    broken = CITY_SYSTEM.replace("type: integer", "type: number").replace("level: teacher", "level: parent")
    broken += "  platform: school.motto\n"
    with pytest.raises(PackError) as refused:
        load_pack("dict-city-2021", (_city_pack(tmp_path, {"nutrition.yaml": broken}),))
    problems = {(p.file, p.key): p for p in refused.value.problems}
    assert problems[("dict-city-2021/dictionary/nutrition.yaml", "type")].line == 6
    assert "type 应为 text, integer" in problems[("dict-city-2021/dictionary/nutrition.yaml", "type")].zh
    assert ("dict-city-2021/dictionary/nutrition.yaml", "level") in problems
    assert "平台未保存 'school.motto'" in problems[("dict-city-2021/dictionary/nutrition.yaml", "platform")].zh


def test_an_element_written_twice_in_one_pack_is_refused(tmp_path):
    twice = CITY_SYSTEM.split("- id: teacher.phone")[0]
    with pytest.raises(PackError, match=r"数据元 nutrition\.meals_served 重复"):
        load_pack("dict-city-2021", (_city_pack(tmp_path, {"a.yaml": twice, "b.yaml": twice}),))
