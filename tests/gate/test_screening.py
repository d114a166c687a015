"""Screening notices: the development set's targets, and how the method reads real Chinese notices."""

import json
from pathlib import Path

import pytest

from jianfu.policy.engine import engine_for
from jianfu.policy.screening.engine import NEEDS_REGISTRATION, NO_FINDING, REFUSABLE, screen
from jianfu.policy.screening.evaluation import evaluate

PACK = engine_for().pack
DEVSET = [json.loads(line) for line in (Path(__file__).parent / "devset.jsonl").read_text().splitlines() if line]


def test_the_development_set_meets_the_targets():
    report = evaluate(DEVSET, PACK)
    assert report.burden_flagged >= 0.95
    assert report.legit_flagged <= 0.05
    assert report.right_item >= 0.85


def test_the_development_set_covers_every_item_and_legitimate_notices():
    labelled = [no for example in DEVSET for no in example["items"]]
    assert set(labelled) == set(range(1, 20))
    assert sum(1 for example in DEVSET if not example["items"]) >= 30


def test_a_sentence_that_forbids_a_burden_is_not_a_demand_for_it():
    result = screen("各地不得要求教师下载政务APP，严禁安排教师上街执勤。", PACK)
    assert (result.verdict, result.negative_list_items) == (NO_FINDING, ())


def test_evidence_points_at_the_words_in_the_text():
    text = "接上级通知，请各校安排教师到河道值守，防止群众下河游泳。"
    result = screen(text, PACK)
    assert result.verdict == REFUSABLE and result.negative_list_items == (15,)
    for hit in result.hits:
        assert text[hit.start : hit.end] == hit.phrase
    assert result.findings[0].clause == "A.15" and "学校有权拒绝" in result.findings[0].message


@pytest.mark.parametrize(
    "text, item",
    [
        ("请各位老师每天把县融媒体的推文转发到朋友圈并截图发群里。", 7),
        ("请班主任代收本班学生的意外伤害保险费，周五前交到总务处。", 19),
        ("汛期请各校安排老师每天巡河两次，发现险情及时报告。", 15),
        ("请老师们周末到帮扶村走访脱贫户，与户主合影后上传。", 16),
    ],
)
def test_burdens_described_without_the_list_s_own_words_are_found(text, item):
    assert item in screen(text, PACK).negative_list_items


def test_a_demand_of_a_registrable_kind_without_a_number_needs_registration():
    result = screen("县卫健局将于下周对各校开展食堂卫生检查，请做好准备。", PACK)
    assert result.verdict == NEEDS_REGISTRATION and result.findings[0].clause == "1.1"


def test_an_inspection_without_a_number_asks_for_it_rather_than_calling_it_refusable():
    # Whether the party committee approved an inspection is for the registry to say, not its words: the
    # item is named, the verdict asks for the number.
    result = screen("县市场监管局下周来校检查食堂，请各校做好迎检准备。", PACK)
    assert result.verdict == NEEDS_REGISTRATION and result.findings[0].clause == "1.1"
    assert result.negative_list_items == (1,)


def test_an_inspection_that_also_demands_an_app_is_refusable_for_the_app():
    result = screen("县市场监管局下周来校检查食堂，请全体教师下载某某APP并截图上报。", PACK)
    assert result.verdict == "refusable" and 7 in result.negative_list_items


def test_the_education_bureau_s_own_teaching_notice_is_left_alone():
    result = screen("请各校于下周五前完成期中考试质量分析，教研组长组织本组教师集体备课。", PACK)
    assert result.verdict == NO_FINDING
