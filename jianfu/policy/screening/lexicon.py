"""Words of Chinese official notices that are the same in every city's version of the policy (so they
live here, not in a pack): what forbids, what demands, what is teaching, what must be registered."""

import re

# A sentence that forbids or lifts a burden is not a demand for it ("不得要求教师下载APP").
PROHIBITIONS = (
    "不得",
    "严禁",
    "禁止",
    "不准",
    "不许",
    "杜绝",
    "不再",
    "无需",
    "不需",
    "不必",
    "不要求",
    "不能",
    "切勿",
    "一律取消",
    "取消",
    "减少",
    "防止",
    "避免",
    "拒绝",
    "反对",
    "不参与",
    "非强制",
)
# The people a burden falls on: a text that asks nothing may still tell of a burden ("教师主动请缨上堤巡查"),
# but only if it is about a school's people.
SCHOOL_PEOPLE = (
    "学校",
    "校长",
    "教师",
    "老师",
    "教职工",
    "班主任",
    "师生",
    "学生",
    "家长",
    "各校",
    "本校",
    "我校",
    "全校",
    "校园",
    "中小学",
    "小学",
    "中学",
    "幼儿园",
)
# Cues that the notice asks something of the school or its teachers.
DEMANDS = (
    "请",
    "要求",
    "务必",
    "必须",
    "须",
    "需",
    "应",
    "安排",
    "组织",
    "报送",
    "上报",
    "参加",
    "落实",
    "确保",
    "按时",
    "前报",
    "派出",
    "选派",
    "抽调",
    "截图",
    "发至",
    "完成",
    "纳入考核",
    "每人",
    "每校",
    "借用",
    "借调",
    "要",
)
# Education and teaching proper: a negative-list item "与教育教学无关" does not cover these.
TEACHING = (
    "教学",
    "教研",
    "课堂",
    "课程",
    "备课",
    "听课",
    "评课",
    "学科",
    "作业",
    "教材",
    "教案",
    "课标",
    "班级管理",
    "家校沟通",
    "新课程",
    "学业",
    "中考",
    "高考",
    "学业水平",
    "期末考试",
    "期中考试",
    "招生",
    "学籍",
    "教师资格",
    "职称评审",
    "安全演练",
    "应急疏散演练",
    "防溺水安全教育课",
    "家长会",
    "开学",
    "放假",
    "课后服务",
    "体育课",
)
# Kinds of demand that are legitimate only once registered (the verdict needs_registration).
REGISTRABLE = (
    "检查",
    "督查",
    "督导",
    "考核",
    "评比",
    "评估",
    "验收",
    "报表",
    "填报",
    "统计",
    "调研",
    "问卷",
    "培训",
    "会议",
    "进校园",
    "活动",
    "抽调",
    "借用",
    "竞赛",
)
REGISTRATION_MARK = ("备案号", "减备〔")
SENTENCE_ENDS = "。！？；!?;\n"

# Text rules that are not list items: (rule code, the words that break it). The clause and title come
# from the pack's rule of that code when it has one, else from TEXT_RULE_CLAUSES.
_RATE = "参与|参加|参赛|覆盖|知晓|注册|安装|关注|答题|参学|完成|达标|激活|下载|转发|点击|观看"
TEXT_RULES = (
    (
        "participation_rate_target",
        re.compile(
            rf"(?:{_RATE})率|(?:{_RATE})[^。；，,]{{0,10}}(?:达到?|不低于|不少于|达)\s*\d{{1,3}}\s*[%％]"
            r"|\d{1,3}\s*[%％]\s*(?:以上)?的?(?:教师|老师|教职工|师生)[^。；]{0,6}(?:参与|参加|完成)"
        ),
    ),
    (
        "assessment_coupling",
        re.compile(
            r"纳入[^。；，,]{0,12}(?:考核|考评|评比|评价|目标管理)|与[^。；，,]{0,10}考核挂钩|考核挂钩|作为[^。；，,]{0,8}考核依据"
        ),
    ),
    (
        "paper_trail_evaluation",
        re.compile(
            r"(?:截图|拍照|照片|视频|图片)[^。；]{0,10}(?:上传|上报|报送|发至|发到|发送|为准|作为)"
            r"|(?:上传|上报|报送|发至|发到)[^。；]{0,10}(?:截图|照片|视频|图片)"
        ),
    ),
    (
        "teachers_drafted_for_show",
        re.compile(
            r"(?:安排|抽调|选派|抽派|派出|组织|抽出)[^。；]{0,15}(?:教师|老师|教职工)[^。；]{0,20}(?:排练|彩排|演出|表演|汇演|走秀)"
        ),
    ),
)
TEXT_RULE_CLAUSES = {
    "participation_rate_target": ("2.8", "不得对中小学校提出教师参与率、达标率等硬性要求"),
    "assessment_coupling": ("2.8", "不得通过考核挂钩等变相要求教师参与与教育教学无关的事项"),
    "paper_trail_evaluation": ("1.3", "不得以上传截图、照片或视频等留痕方式代替实际工作评价"),
    "teachers_drafted_for_show": ("5.3", "不得随意抽调中小学教师参与会务、庆典、演出等活动"),
}
