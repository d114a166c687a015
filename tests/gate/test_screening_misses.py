"""The kinds of miss issue 10 found on real notices, each tried as a new user would, on sentences written
for these tests (not taken from the corpus)."""

import pytest

from jianfu.policy.engine import engine_for
from jianfu.policy.screening.engine import NO_FINDING, REFUSABLE, UNCERTAIN, screen

PACK = engine_for().pack


def items(text: str) -> tuple[int, ...]:
    return screen(text, PACK).negative_list_items


@pytest.mark.parametrize(
    "text, item",
    [
        # Publicity campaigns of other departments: 宣传教育 is not teaching.
        ("县禁毒办开展禁毒宣传教育进校园活动，请各校组织师生观看宣传片，活动照片于周五前报送。", 10),
        ("为创建全国文明城市，请各校组织学生参加垃圾分类宣传活动，并在家长群转发宣传资料。", 10),
        # Contests and quizzes unrelated to teaching.
        ("县司法局组织全县教师参加宪法知识网络答题竞赛，每校参与率须达到100%。", 9),
        # Street duty, patrols, flood and forest-fire duty.
        ("汛期请各校安排教师参加防汛值班，夜间到河边巡查。", 15),
        ("县里将森林防火巡逻的任务交给学校，老师们不得不轮流上山巡护。", 15),
        # Descriptive language, no 请各校/务必.
        ("社区把收缴城乡居民医保费的任务压给学校，要求老师挨个给家长打电话催缴。", 19),
    ],
)
def test_burdens_real_notices_describe_are_flagged_with_their_item(text, item):
    assert item in items(text)


@pytest.mark.parametrize(
    "text",
    [
        "县教育局将于下周开展秋季学期教学常规检查，重点查看教案、作业批改和听课记录，请各校做好准备。",
        "请各校做好本学期期末考试的组织工作，安排教师监考、阅卷，并做好成绩分析。",
        "请各校选派骨干教师参加县教研室组织的新课程标准培训，培训期间按公差处理。",
        "请各校于9月30日前通过教育统计系统报送2021年教育事业统计数据。",
    ],
)
def test_legitimate_teaching_inspections_exams_training_and_education_statistics_are_not_flagged(text):
    assert items(text) == ()


def test_teachers_drafted_to_rehearse_a_show_is_a_rule_finding_beside_the_items():
    result = screen("县禁毒办举办禁毒文艺汇演，请各校安排10名教师于周末参加排练。", PACK)
    assert {f.rule: f.clause for f in result.rule_findings}["teachers_drafted_for_show"] == "5.3"


def test_a_participation_target_and_a_year_end_assessment_are_rule_findings():
    result = screen("请全体教师参加禁毒知识答题，参与率须达到90%，完成情况纳入年终考核。", PACK)
    rules = {f.rule: f.clause for f in result.rule_findings}
    assert rules["participation_rate_target"] == "2.8" and rules["assessment_coupling"] == "2.8"
    for finding in result.rule_findings:
        phrase, span = finding.evidence[0].rsplit("@", 1)
        start, end = map(int, span.split("-"))
        assert "请全体教师参加禁毒知识答题，参与率须达到90%，完成情况纳入年终考核。"[start:end] == phrase


def test_the_single_characters_tou_and_piao_are_not_triggers():
    result = screen("请各校做好新教学楼投入使用前的准备工作，报销时须附发票和门票存根。", PACK)
    assert 6 not in result.negative_list_items


def test_a_pdf_s_kangxi_radicals_read_as_the_characters_they_stand_for():
    plain = "请全体教师下载安装某某通APP并完成实名注册，每天登录学习。"
    from_pdf = plain.replace("文", "⽂").replace("人", "⼈").replace("日", "⽇").replace("学", "学").replace("天", "⼤")
    radicals = "请全体教师下载安装某某通ＡＰＰ并完成实名注册，每⼤登录学习。"
    for text in (from_pdf, radicals):
        result = screen(text, PACK)
        assert 7 in result.negative_list_items
        for hit in result.hits:
            assert len(text[hit.start : hit.end]) == len(hit.phrase)  # offsets stand on the text given


def test_a_prohibition_is_not_a_demand_even_for_the_model():
    assert screen("各地不得要求教师下载政务APP，严禁安排教师上街执勤。", PACK).verdict == NO_FINDING


def test_a_doubtful_notice_is_uncertain_with_its_candidates_and_says_to_ask_the_bureau():
    result = screen("请各校组织教师下载某APP并投票。", PACK)
    assert result.verdict in (REFUSABLE, UNCERTAIN)
    if result.verdict == UNCERTAIN:
        assert result.possible_items and "不确定：请向教育行政部门核实" in result.findings[0].message
