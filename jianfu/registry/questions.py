"""The questions a requester answers about a demand: what the policy engine needs to judge it and the
records cannot tell."""

from dataclasses import dataclass

from django.utils.translation import gettext_noop as _


@dataclass(frozen=True)
class Question:
    key: str
    label: str  # Chinese, a catalogue id: pages translate it (and the choices' labels) where they show it
    choices: tuple[tuple[str, str], ...] = ()  # empty: a yes/no question
    number: bool = False
    text: bool = False  # a free answer, such as an approval number
    single: bool = False  # with choices: exactly one of them (radio buttons), kept as a string
    # What the demand *is* (kept on the demand itself, like its category), not a claim about it: the
    # inspection's kind. The reviewer's checklist leaves it out; every other answer is a claim.
    describes_demand: bool = False


# Only what the records cannot hold is asked. Consultation, approval and filing are the route's steps
# taken in the platform; "on the annual activity list" is the registered list; a secondment's months
# and an assignment's days are measured from the dates (registry/facts.py). What is asked here is a
# claim: the reviewing bureau confirms or corrects each answer before a rule may rely on it.
QUESTIONS = (
    Question(
        "kind",
        _("督查检查评比考核的类型"),
        (("supervision", _("督查")), ("check", _("检查")), ("appraisal", _("评比")), ("assessment", _("考核"))),
        single=True,
        describes_demand=True,
    ),
    Question("statistics_approval_number", _("统计审批文号（统计调查）"), text=True),
    Question(
        "evaluation_methods",
        _("评价方式"),
        (
            ("on_site", _("实地查看")),
            ("records", _("查阅资料")),
            ("screenshot", _("工作截图")),
            ("photo", _("照片")),
            ("video", _("录制视频")),
            ("app_upload", _("APP上传")),
        ),
    ),
    Question(
        "app_actions",
        _("要求教师"),
        (
            ("follow", _("关注公众号")),
            ("install", _("下载安装APP")),
            ("vote", _("投票")),
            ("like", _("点赞")),
            ("quiz", _("网络答题")),
            ("survey", _("问卷调查")),
        ),
    ),
    Question(
        "teacher_duties",
        _("安排教师承担"),
        (
            ("security", _("安保")),
            ("canteen", _("食堂管理")),
            ("dormitory", _("宿舍检查")),
            ("fee_collection", _("代收费用")),
            ("industry_support", _("产业发展包保")),
        ),
    ),
    Question("teacher_street_duty", _("安排教师上街执勤")),
    Question("commercial", _("含商业广告或商业活动")),
    Question("sent_directly_to_schools", _("直接向学校发文或通知")),
    Question("participation_targets", _("对学校提出参与率、达标率要求")),
)


def declared_from_post(post) -> dict:
    """The answers in a submitted form (`declared.KEY` fields) as the facts the engine reads."""
    declared = {}
    for question in QUESTIONS:
        name = f"declared.{question.key}"
        if question.number:
            raw = post.get(name, "").strip()
            if raw:
                try:
                    declared[question.key] = float(raw) if "." in raw else int(raw)
                except ValueError:
                    declared[question.key] = raw  # the form refuses it with the field named
        elif question.text or question.single:  # one string, left out when empty
            if post.get(name, "").strip():
                declared[question.key] = post[name].strip()
        elif question.choices:
            declared[question.key] = post.getlist(name)
        else:
            declared[question.key] = post.get(name) == "on"
    return declared
