"""The complaints' demo: every county's and the city's published hotline and mailbox, and complaints in every
state of their course (received, accepted, not accepted, assigned, investigating with a question waiting,
found, measures taken, answered, reviewing, closed), anonymous and named, one of them about a county
bureau (investigated by the city with the discipline commission). Filed and handled through the services,
on past days, as people would have. The city inspector (`anshun-inspector`) holds the permission to read
a named filer's identity, with a reason.

One complaint's receipt and passphrase are printed when the demo is loaded, to try tracking with."""

import io
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from jianfu.complaints.models import Complaint, ComplaintChannel
from jianfu.complaints.services import act, ask, file_complaint, filer_reply, filer_request_review
from jianfu.org.demo.places import COUNTIES, SHORT_NAMES
from jianfu.org.models import Division, Role
from jianfu.workflow.complaint import Action, Finding, State

DEMO_PASSPHRASE = "演示举报查询密码2021"  # published with the demo, as the demo accounts' password is
REVEAL_ACCOUNT = "anshun-inspector"

QUESTION = "请问通知是哪一天、通过什么渠道发到学校的？如有截图请补充。"
STORIES = {
    # accused unit suffix, what was demanded
    "WJJ": "区卫健局要求全体教师周末上街开展文明城市创建执勤，每天拍照上传工作群，未执勤的通报批评。",
    "WMB": "文明办要求各校组织教师下载政务APP并每日打卡、转发宣传文章，截图汇总上报。",
    "GAJ": "公安局要求学校每周填报反诈宣传表格，教师须完成线上答题并截图，排名靠后的约谈校长。",
    "SCJ": "市场监管局要求学校组织教师参加食品安全知识竞赛，每校不少于 30 人，成绩与学校考核挂钩。",
}
# The state each story is taken to in the first county, and the steps that take it there.
STEPS_TO = {
    State.RECEIVED: (),
    State.ACCEPTED: (Action.ACCEPT,),
    State.NOT_ACCEPTED: (Action.NOT_ACCEPT,),
    State.ASSIGNED: (Action.ACCEPT, Action.ASSIGN),
    State.INVESTIGATING: (Action.ACCEPT, Action.ASSIGN, Action.INVESTIGATE),
    State.FOUND: (Action.ACCEPT, Action.ASSIGN, Action.INVESTIGATE, Action.RECORD_FINDING),
    State.MEASURES_TAKEN: (
        Action.ACCEPT,
        Action.ASSIGN,
        Action.INVESTIGATE,
        Action.RECORD_FINDING,
        Action.TAKE_MEASURES,
    ),
    State.ANSWERED: (
        Action.ACCEPT,
        Action.ASSIGN,
        Action.INVESTIGATE,
        Action.RECORD_FINDING,
        Action.TAKE_MEASURES,
        Action.ANSWER,
    ),
    State.REVIEWING: (
        Action.ACCEPT,
        Action.ASSIGN,
        Action.INVESTIGATE,
        Action.RECORD_FINDING,
        Action.TAKE_MEASURES,
        Action.ANSWER,
        Action.REQUEST_REVIEW,
    ),
    State.CLOSED: (
        Action.ACCEPT,
        Action.ASSIGN,
        Action.INVESTIGATE,
        Action.RECORD_FINDING,
        Action.TAKE_MEASURES,
        Action.ANSWER,
        Action.CLOSE,
    ),
}
TEXTS = {
    Action.NOT_ACCEPT: "所反映事项为学校内部管理问题，不属于涉校负担事项；请向学校或主管部门反映。",
    Action.RECORD_FINDING: "经调取通知原文并走访 3 所学校，反映的情况属实：通知未经登记，要求教师周末执勤。",
    Action.TAKE_MEASURES: "已责令提出单位撤回通知、停止执勤安排，并对其负责人进行约谈；纳入年度减负考核扣分。",
    Action.ANSWER: "您反映的情况经查属实。通知已撤回，提出单位负责人已被约谈。感谢您的监督。",
}
# Other counties: a few states each, so that every county's bureau has cases to see.
OTHER_COUNTY_STATES = (State.RECEIVED, State.INVESTIGATING, State.CLOSED)


@dataclass(frozen=True)
class DemoReceipt:
    receipt: str
    passphrase: str
    state: str


def complaints_demo_is_loaded() -> bool:
    return ComplaintChannel.objects.exists()


def complaints_demo_load() -> DemoReceipt | None:
    """Channels, complaints in every state, the custodian's permission. Returns the receipt to try."""
    users = {u.username: u for u in get_user_model().objects.filter(username__contains="-")}
    channels_create()
    today = timezone.localdate()
    tried = None
    for index, (code, _name, _kind, key, _townships) in enumerate(COUNTIES):
        states = list(STEPS_TO) if index == 0 else OTHER_COUNTY_STATES
        for n, state in enumerate(states):
            suffix = list(STORIES)[n % len(STORIES)]
            receipt = _story(
                users,
                key,
                f"{code}-{suffix}",
                STORIES[suffix],
                state,
                named=n % 3 == 2,
                received_on=today - timedelta(days=5 + 4 * n),
            )
            if index == 0 and state == State.INVESTIGATING:
                tried = DemoReceipt(receipt, DEMO_PASSPHRASE, state)
    # About the county bureau itself: the city bureau investigates, with the discipline commission.
    first_code, first_key = COUNTIES[0][0], COUNTIES[0][3]
    _story(
        users,
        first_key,
        f"{first_code}-JYJ",
        "区教育局要求各校每月报送 12 张迎检表格，并安排教师在上班时间参加与教学无关的培训打卡。",
        State.INVESTIGATING,
        named=False,
        received_on=today - timedelta(days=12),
        official=users["anshun-bureau"],
    )
    inspector = users.get(REVEAL_ACCOUNT)
    if inspector is not None:
        inspector.user_permissions.add(Permission.objects.get(codename="reveal_complainant"))
    return tried


def channels_create() -> None:
    """The hotline and mailbox of the city and of each county (6.3: 公布举报电话和信箱)."""
    places = [("520400", "anshun")] + [(code, key) for code, _n, _k, key, _t in COUNTIES]
    for number, (code, key) in enumerate(places, 1):
        division = Division.objects.get(code=code)
        ComplaintChannel.objects.get_or_create(
            division=division,
            defaults={
                "unit_name": f"{division.name}教育局",
                "hotline": f"0851-3322{number:04d}",
                "mailbox": f"jianfu-jubao@{key}.example.gov.cn",
                "hours": "工作日 9:00—17:00",
                "note": f"演示数据：{SHORT_NAMES.get(code, division.name)}的举报电话和信箱以当地公布为准",
            },
        )


def _story(users, key, accused, content, state, *, named, received_on, official=None) -> str:
    official = official or users[f"{key}-bureau"]
    filer = users.get(f"{key}-teacher") if named else None
    school = users[f"{key}-principal"].role_assignments.get(role=Role.PRINCIPAL).school
    filed = file_complaint(
        accused=accused,
        content=content,
        passphrase=DEMO_PASSPHRASE,
        school_codes=[school.code],
        demanded_on=received_on - timedelta(days=2),
        evidence=[("photo.png", _photo())] if state == State.INVESTIGATING else (),
        filer=filer,
        on=received_on,
    )
    complaint, day = filed.complaint, received_on
    for action in STEPS_TO[state]:
        day = min(day + timedelta(days=2), timezone.localdate())
        if action == Action.REQUEST_REVIEW:
            filer_request_review(complaint, "通知虽已撤回，但本周末仍有教师被要求执勤，请上级复查。", on=day)
            continue
        finding = Finding.SUBSTANTIATED if action == Action.RECORD_FINDING else None
        complaint = act(complaint.pk, official, action, text=TEXTS.get(action, ""), finding=finding, on=day)
    if state == State.INVESTIGATING:
        ask(complaint.pk, official, QUESTION, on=day)  # waiting for the filer's answer
    if state == State.ANSWERED and not named:
        filer_reply(Complaint.objects.get(pk=complaint.pk), "收到，谢谢。", on=day)
    return filed.receipt


def _photo() -> bytes:
    """A small photograph of a notice (a plain image: the demo has no camera)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 300, 180), outline="black", width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
