"""The small Anshun of tests/world.py with something in every state, so that every page has something to
show, made through the services people use on 1 March 2021 (one demand completed, and the complaints filed
and handled, on 10 March): demands in each state (registered ones numbered), a merged pair and its joint
demand, an inspection result, a quota baseline and its correction, refusals with open and closed violation
cases, complaints in every state (one named, one about the county bureau handled by the city, one overdue),
a hotline, a locked account; collecting once (issue 14): a registered form with held, asked and new fields,
one awaiting the reviewer, statistical surveys with and without approval, a data-access grant; monitoring
(15): sites with a stand-in awaiting the city, a wave open with answers at two sites (one too small to
show), a submitted and a draft county report; accountability (16): progress reports submitted and returned
with evidence, score adjustments, two years of pay figures (one below parity, with a document) read by the
city, the county and the inspectorate; and a principal's photo of a notice read by the worker (18)."""

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from PIL import Image

from jianfu.accountability import progress
from jianfu.accountability.adjustments import adjustment_add
from jianfu.accountability.models import MeasureReport, PayFigure
from jianfu.accountability.pay import document_add, pay_enter
from jianfu.accountability.scoring import scoring_sheet
from jianfu.collection.approvals import record_statistics_approval
from jianfu.collection.grants import grant_decide, grant_request
from jianfu.collection.models import AccessGrant
from jianfu.collection.responses import response_save
from jianfu.complaints import services as complaints
from jianfu.complaints.models import Complaint, ComplaintChannel
from jianfu.gate.models import Refusal, ViolationCase
from jianfu.gate.services import case_act, refusal_record
from jianfu.monitoring.models import CountyReport, MonitoringSite, Wave
from jianfu.monitoring.report_services import report_draft, report_section_write, report_submit
from jianfu.monitoring.sites import site_name
from jianfu.monitoring.survey import answer, codes_issue
from jianfu.monitoring.waves import waves_for
from jianfu.ocr.models import Recognition
from jianfu.ocr.services import recognition_create
from jianfu.org.models import Role
from jianfu.org.services import role_grant
from jianfu.packs.active import active_engine
from jianfu.registry.fields_review import demand_held_fields_decide
from jianfu.registry.forms import DemandForm
from jianfu.registry.merging import demand_merge
from jianfu.registry.models import Demand
from jianfu.registry.quotas import quota_baseline_correct, quota_baseline_set
from jianfu.registry.services import demand_act, demand_create
from jianfu.registry.sharing import result_file
from jianfu.workflow.complaint import Action as Step
from jianfu.workflow.complaint import Finding
from jianfu.workflow.complaint import State as CaseState
from jianfu.workflow.demand import Action, State
from tests.ocr.images import notice_photo
from tests.world import PASSWORD, World, pay_readers, statistics_officer

SHANGHAI = ZoneInfo("Asia/Shanghai")
BUILT_AT = datetime(2021, 3, 1, 10, 0, tzinfo=SHANGHAI)
WALKED_AT = datetime(2021, 3, 10, 10, 0, tzinfo=SHANGHAI)
NOTICE = "创文期间请各校安排教师到责任路口开展文明劝导执勤，每天两班。"
PASSPHRASE = "青山绿水常在，初心依旧不改"  # every complaint's, to track it with its receipt


@dataclass
class Everything:
    world: World
    demands: dict[str, Demand] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)
    cases: list[ViolationCase] = field(default_factory=list)
    complaints: dict[str, Complaint] = field(default_factory=dict)  # by state (and "overdue", "city")
    receipts: dict[str, str] = field(default_factory=dict)  # the same keys: what each filer keeps
    locked_username: str = "locked_teacher"
    grants: list[AccessGrant] = field(default_factory=list)
    sites: list[MonitoringSite] = field(default_factory=list)
    reports: dict[str, CountyReport] = field(default_factory=dict)  # "draft" (2021) and "submitted" (2020)
    measure_reports: dict[str, MeasureReport] = field(default_factory=dict)  # "submitted" and "returned"
    pay_figures: list[PayFigure] = field(default_factory=list)
    recognition: Recognition | None = None  # the principal's photo of a notice, read by the worker (issue 18)


def build_every_state(world: World) -> Everything:
    everything = Everything(world)
    with time_machine.travel(BUILT_AT, tick=False) as traveller:
        quota_baseline_set(
            acting_user=world.county_officer, division=world.xixiu, category="inspection", year=2020, count=20
        )
        quota_baseline_correct(
            acting_user=world.city_officer,
            division=world.xixiu,
            category="inspection",
            year=2020,
            count=22,
            reason="核对 2020 年台账后更正",
        )
        everything.demands = _demands_in_every_state(world, traveller)
        _inspection_result(world, everything.demands[State.DONE])
        everything.refusals, everything.cases = _refusals_and_cases(world)
        _complaints_in_every_state(world, everything)
        _locked_account(world, everything.locked_username)
        _collected_once(world, everything)
        _monitored(world, everything)
        _accounted_for(world, everything)
        everything.recognition = _photo_read(world)
    return everything


def _file(world: World, title: str, start: date, end: date) -> Demand:
    data = {
        "requester": world.unit("520402-WJJ").pk,
        "category": "inspection",
        "title": title,
        "content": f"{title}：对学校食堂开展食品安全检查，实地查看。",
        "legal_basis": "《食品安全法》",
        "target_counties": [world.xixiu.pk],
        "target_levels": ["primary"],
        "target_areas": ["urban"],
        "target_schools": "",
        "start": start,
        "end": end,
        "estimated_hours": "2",
        "fields": "",
        "in_annual_plan": True,
        "emergency": False,
        "declared": {"party_approved": True, "evaluation_methods": ["on_site"]},
    }
    form = DemandForm(data=data, user=world.department_clerk)
    assert form.is_valid(), form.errors
    demand = demand_create(acting_user=world.department_clerk, data=form.cleaned_data)
    Demand.objects.filter(pk=demand.pk).update(kind="check")  # the kind of inspection, asked by later forms
    demand.refresh_from_db()
    return demand


def _act(user, demand: Demand, action: Action, reason: str = "") -> Demand:
    demand.refresh_from_db()
    return demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason)


def _demands_in_every_state(world: World, traveller) -> dict[str, Demand]:
    clerk, bureau = world.department_clerk, world.county_officer
    autumn = (date(2021, 9, 6), date(2021, 9, 10))
    route = [
        (bureau, Action.CLAIM),
        (bureau, Action.ADVANCE),
        (world.joint_reviewer, Action.ADVANCE),
        (world.approver, Action.ADVANCE),
    ]
    reached = {
        State.SUBMITTED: 0,
        State.IN_REVIEW: 1,
        State.JOINT_REVIEW: 2,
        State.APPROVAL: 3,
        State.REGISTERED: 4,
    }
    demands = {State.DRAFT: _file(world, "2021年学校食堂食品安全检查", *autumn)}
    for state, steps in reached.items():
        demand = _act(clerk, _file(world, f"2021年校园食品安全检查（{state}）", *autumn), Action.SUBMIT)
        for user, action in route[:steps]:
            demand = _act(user, demand, action)
        demands[state] = demand
    done = _file(world, "2021年春季开学安全检查", date(2021, 3, 2), date(2021, 3, 5))
    _act(clerk, done, Action.SUBMIT)
    for user, action in route:
        done = _act(user, done, action)
    revoked = _file(world, "2021年学校消防安全检查", *autumn)
    _act(clerk, revoked, Action.SUBMIT)
    for user, action in route:
        revoked = _act(user, revoked, action)
    demands[State.REVOKED] = _act(bureau, revoked, Action.REVOKE, "检查内容与已登记事项重复，撤销登记")
    for state, action, reason in (
        (State.RETURNED, Action.RETURN, "请说明检查标准，并删去要求学校提供照片的内容"),
        (State.REJECTED, Action.REJECT, "违反第 2.8 条：不得强制教师下载APP、投票"),
    ):
        demand = _act(clerk, _file(world, f"2021年学校卫生防疫检查（{state}）", *autumn), Action.SUBMIT)
        demands[state] = _act(bureau, demand, action, reason)
    withdrawn = _act(clerk, _file(world, "2021年学校饮水安全检查", *autumn), Action.SUBMIT)
    demands[State.WITHDRAWN] = _act(clerk, withdrawn, Action.WITHDRAW)
    first = _act(clerk, _file(world, "秋季学校食品安全检查", *autumn), Action.SUBMIT)
    second = _act(clerk, _file(world, "秋季学校食品安全抽查", *autumn), Action.SUBMIT)
    demands["joint"] = demand_merge(
        acting_user=bureau,
        demand_ids=[first.pk, second.pk],
        title="秋季学校食品安全联合检查",
        reason="内容相同相近，合并进行",
    )
    demands[State.MERGED] = Demand.objects.get(pk=first.pk)
    traveller.move_to(WALKED_AT)
    demands[State.DONE] = _act(clerk, done, Action.COMPLETE)
    return demands


def _inspection_result(world: World, demand: Demand) -> None:
    result_file(
        acting_user=world.department_clerk, demand=demand, school=world.xixiu_school, summary="安全制度健全，台账完整。"
    )


def _refusals_and_cases(world: World) -> tuple[list[Refusal], list[ViolationCase]]:
    refusals = [
        refusal_record(
            acting_user=world.principal,
            school=world.xixiu_school,
            channel=channel,
            received_on=date(2021, 3, 8),
            content=NOTICE,
            requester_unit=world.unit("520402-WMB"),
            number=number,
        )
        for channel, number in (("wechat_group", ""), ("document", "安教减备〔2021〕520402-0099号"))
    ]
    cases = [r.case for r in refusals]
    case_act(acting_user=world.county_officer, case=cases[1], close=True, action_taken="已约谈提出单位，责令停止")
    return refusals, [ViolationCase.objects.get(pk=c.pk) for c in cases]


def _locked_account(world: World, username: str) -> None:
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    role_grant(user=user, role=Role.TEACHER, school=world.xixiu_school)
    client = Client()
    for n in range(5):
        client.post("/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=f"198.51.100.{10 + n}")


# --- Complaints -----------------------------------------------------------------------------------------

COMPLAINT = "区卫健局要求全体教师周末上街开展文明城市创建执勤，每天拍照上传工作群。"
ABOUT_THE_BUREAU = "区教育局要求各校每月报送迎检表格，并安排教师在上班时间参加与教学无关的培训打卡。"
# The county bureau's steps from filing to each state, in order; the text each step carries.
COUNTY_STEPS = [
    (Step.ACCEPT, "", None),
    (Step.ASSIGN, "", None),
    (Step.INVESTIGATE, "", None),
    (Step.RECORD_FINDING, "经调取通知原文并走访学校，反映的情况属实。", Finding.SUBSTANTIATED),
    (Step.TAKE_MEASURES, "已责令卫健局撤回通知，并约谈负责人。", None),
    (Step.ANSWER, "您反映的情况属实，通知已撤回，相关负责人已被约谈。", None),
]
STEPS_TO = {
    CaseState.RECEIVED: 0,
    CaseState.ACCEPTED: 1,
    CaseState.ASSIGNED: 2,
    CaseState.INVESTIGATING: 3,
    CaseState.FOUND: 4,
    CaseState.MEASURES_TAKEN: 5,
    CaseState.ANSWERED: 6,
}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _complaints_in_every_state(world: World, everything: Everything) -> None:
    """A complaint in each state of its course, through the services the filer and the officials use: the
    county bureau takes county complaints step by step (the one investigating asks the filer, who answers
    with a photo, and has its time limit extended; it quotes a registered demand's number), the city bureau
    reviews, and decides the complaint about the county bureau itself, with the discipline commission
    assisting. One complaint was filed in February and never accepted: it is overdue on the walking day."""
    registered = everything.demands[State.REGISTERED].registration_number
    filed = {}
    for state, steps in STEPS_TO.items():
        notice = f"通知：请各校按备案号 {registered} 的要求安排教师执勤。" if state == CaseState.INVESTIGATING else ""
        filed[state] = _complaint_file(world, COMPLAINT, notice_text=notice)
        _steps(world.county_officer, filed[state].complaint, COUNTY_STEPS[:steps])
    investigating = filed[CaseState.INVESTIGATING].complaint
    complaints.ask(investigating.pk, world.county_officer, "请问通知是哪一天、通过什么渠道发到学校的？")
    complaints.filer_reply(investigating, "3月1日通过工作群发送，截图附后。", [("photo", _png())])
    complaints.extend(investigating.pk, world.county_officer, "涉及多个部门，须逐一核实。")
    filed[CaseState.NOT_ACCEPTED] = _complaint_file(world, "学校食堂饭菜价格偏高。", filer=world.teacher)
    _steps(
        world.county_officer, filed[CaseState.NOT_ACCEPTED].complaint, [(Step.NOT_ACCEPT, "不属于涉校负担事项。", None)]
    )
    filed[CaseState.REVIEWING] = _complaint_file(world, COMPLAINT)
    _steps(world.county_officer, filed[CaseState.REVIEWING].complaint, COUNTY_STEPS)
    complaints.filer_request_review(filed[CaseState.REVIEWING].complaint, "通知虽已撤回，但本周末仍有教师被要求执勤。")
    filed[CaseState.CLOSED] = _complaint_file(world, ABOUT_THE_BUREAU, accused="520402-JYJ")
    city_steps = [
        (Step.ACCEPT, "", None),
        (Step.ASSIGN, "", None),
        (Step.INVESTIGATE, "", None),
        (Step.RECORD_FINDING, "经核查，所报表格均为法定统计报表，培训在非上课时间进行。", Finding.UNSUBSTANTIATED),
        (Step.ANSWER, "经核查，您反映的情况不属实。", None),
        (Step.CLOSE, "", None),
    ]
    _steps(world.city_officer, filed[CaseState.CLOSED].complaint, city_steps)
    filed["overdue"] = _complaint_file(world, COMPLAINT, on=date(2021, 2, 1))
    everything.complaints = {key: Complaint.objects.get(pk=f.complaint.pk) for key, f in filed.items()}
    everything.receipts = {key: f.receipt for key, f in filed.items()}
    ComplaintChannel.objects.create(
        division=world.xixiu,
        unit_name="西秀区教育局",
        hotline="0851-33220002",
        mailbox="jianfu-jubao@xixiu.example.gov.cn",
        hours="工作日 9:00—17:00",
        note="举报电话和信箱以当地公布为准",
    )
    # The inspector may read a named filer's identity (the form is on the named case's page).
    world.inspector.user_permissions.add(Permission.objects.get(codename="reveal_complainant"))


def _complaint_file(world: World, content: str, *, accused: str = "520402-WJJ", **more) -> complaints.Filed:
    return complaints.file_complaint(
        accused=accused, content=content, passphrase=PASSPHRASE, school_codes=[world.xixiu_school.code], **more
    )


def _steps(user, complaint: Complaint, steps) -> None:
    for action, text, finding in steps:
        complaints.act(complaint.pk, user, action, text=text, finding=finding)


# --- Collecting once (issue 14) ---------------------------------------------------------------------------


def _element(**wanted):
    return next(e for e in active_engine().pack.dictionary if all(getattr(e, k) == v for k, v in wanted.items()))


def _form_fields() -> list[dict]:
    """A field the platform holds (prefilled), a teacher-level choice and a school-level number other systems
    hold but the platform does not (the school gives them), each asked again with a reason, and a new field
    with its definition."""
    name = _element(platform="teacher.name")
    choice = next(e for e in active_engine().pack.dictionary if e.level == "teacher" and not e.platform and e.choices)
    number = _element(level="school", platform="", type="integer")
    return [
        {"label": name.label, "element": name.id, "definition": "", "justification": "体检机构须按姓名预约"},
        {"label": choice.label, "element": choice.id, "definition": "", "justification": "体检前须核对"},
        {"label": number.label, "element": number.id, "definition": "", "justification": "按学校规模安排批次"},
        {"label": "校医人数", "element": "", "definition": "学校专职校医（含卫生保健教师）人数", "justification": ""},
    ]


def _form_filed(world: World, title: str) -> Demand:
    data = {
        "requester": world.unit("520402-WJJ"),
        "category": "form",
        "title": title,
        "content": f"{title}：平台已有的数据自动填好，学校只填新增字段。",
        "legal_basis": "《学校卫生工作条例》",
        "target_counties": [world.xixiu],
        "target_levels": [],
        "target_areas": [],
        "target_schools": [],
        "start": date(2021, 3, 8),
        "end": date(2021, 3, 31),
        "estimated_hours": 1,
        "fields": _form_fields(),
        "in_annual_plan": False,
        "emergency": False,
        "declared": {},
    }
    demand = _act(world.department_clerk, demand_create(acting_user=world.department_clerk, data=data), Action.SUBMIT)
    return _act(world.county_officer, demand, Action.CLAIM)


def _collected_once(world: World, everything: Everything) -> None:
    bureau = world.county_officer
    form = _form_filed(world, "2021年教师健康体检安排表")
    demand_held_fields_decide(acting_user=bureau, demand_id=form.pk, accept=True, reason="体检预约确需姓名，同意")
    form = _act(bureau, form, Action.ADVANCE)
    assert form.state == State.REGISTERED, form.state
    everything.demands["form"] = form
    response_save(form, world.xixiu_school, world.principal, {"values": {"校医人数": 1}, "rows": []}, submit=False)
    everything.demands["form_held_fields"] = _form_filed(world, "2021年教师基本情况表")
    statistician = statistics_officer(world)
    everything.demands["survey_at_statistics"] = survey_submitted_by_the_clerk(world)  # the bureau's form is open
    survey = survey_submitted_by_the_clerk(world)
    record_statistics_approval(
        survey,
        statistician,
        number="安统制〔2021〕3号",
        valid_from=date(2021, 3, 1),
        valid_until=date(2021, 12, 31),
    )
    everything.demands["survey"] = _act(bureau, survey, Action.ADVANCE)
    grant = grant_request(
        world.department_clerk,
        elements=["roster.teachers_on_post", "teacher.gender"],
        purpose="核对在岗教师人数，安排体检",
        division=world.xixiu,
        starts_on=date(2021, 3, 10),
        ends_on=date(2021, 6, 30),
    )
    everything.grants = [grant_decide(grant.pk, bureau, grant=True)]


def survey_submitted_by_the_clerk(world: World) -> Demand:
    from tests.collection.survey_helpers import survey_submitted

    return survey_submitted(world)


# --- Monitoring (issue 15) --------------------------------------------------------------------------------

HOURS = {"teaching": 16, "preparation": 8, "marking": 6, "external_registered": 2, "external_unregistered": 3}


def _monitored(world: World, everything: Everything) -> None:
    """西秀区 names its urban primary and township secondary sites, 平坝区 its township school standing in for
    the village primary cell (waiting for the city's approval). The spring wave is made open on the walking
    day (the pack's opens in May; tests/monitoring/survey_helpers.py makes waves the same way) and the pack's
    other wave is made from the pack; codes go to two sites, which answer five times and once, so the results
    show one site and hide the other. 西秀区's 2020 report is submitted, its 2021 report a draft with its own
    words under one heading."""
    bureau = world.county_officer
    everything.sites = [
        site_name(bureau, county=world.xixiu, year=2021, school=world.xixiu_school.pk, area="urban", level="primary"),
        site_name(
            bureau,
            county=world.xixiu,
            year=2021,
            school=world.xixiu_other_school.pk,
            area="township",
            level="secondary",
        ),
        site_name(
            world.other_county_officer,
            county=world.pingba,
            year=2021,
            school=world.pingba_school.pk,
            area="village",
            level="primary",
            stand_in_reason="本区没有村小，由最近的乡镇小学替代",
        ),
    ]
    spring = Wave.objects.create(
        year=2021, term="2021-spring", label="2021年春季学期", opens_on=date(2021, 3, 1), closes_on=date(2021, 3, 31)
    )
    waves_for(2021)
    shown, hidden, _stand_in = everything.sites
    for site, answers in ((shown, 5), (hidden, 1)):
        codes = codes_issue(site.pk, bureau, wave_id=spring.pk, count=answers + 1)
        for code in codes[:answers]:
            answer(code, hours=HOURS, demands="区卫健局的体检统计表", comment="希望少一些重复填表", on=date(2021, 3, 8))
    submitted = report_draft(world.xixiu, 2020, bureau)
    report_section_write(submitted.pk, bureau, "baseline", "2020 年全区检查事项已全部纳入计划。")
    everything.reports["submitted"] = report_submit(submitted.pk, bureau)
    draft = report_draft(world.xixiu, 2021, bureau)
    everything.reports["draft"] = report_section_write(draft.pk, bureau, "baseline", "本年度检查事项较 2020 年减少。")


# --- Accountability (issue 16) ----------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROGRESS = "本期清理督查检查评比考核事项 12 项，取消 7 项，合并 3 项，清单已在平台公示。"


def _accounted_for(world: World, everything: Everything) -> None:
    """西秀区's party committee reports on measure 1.2: the second half of 2020 was returned with a remark (its
    evidence attached), the first half of 2021 is submitted and waits for the inspectorate. The inspectorate
    adjusts 西秀区's 2021 score on the whole and on one indicator. The county bureau enters 2019 and 2020 pay
    figures, 2020 below parity with the finance bureau's statement attached; the city bureau, the county bureau
    and the inspectorate hold the permission to read pay (as the operator grants it)."""
    committee, inspector = world.approver, world.inspector
    links = [{"label": "年度计划", "url": "/registry/plans/"}]
    fields = {"measure": "1.2", "done": PROGRESS, "links": links, "unit": world.unit("520402-DW")}
    returned = progress.report_save(committee, period="2020-H2", **fields)
    progress.evidence_add(committee, returned.pk, name="清单.pdf", data=PDF)
    returned = progress.report_submit(committee, returned.pk)
    returned = progress.report_decide(inspector, returned.pk, accept=False, remarks="请补充取消事项的清单文件")
    submitted = progress.report_submit(committee, progress.report_save(committee, period="2021-H1", **fields).pk)
    everything.measure_reports = {"returned": returned, "submitted": submitted}
    xixiu = world.unit("520402-ZF").code
    first = scoring_sheet()["county"][0].id
    adjustment_add(inspector, year=2021, unit=xixiu, points="-2", reason="核查发现一项检查未经登记即进校")
    adjustment_add(inspector, year=2021, unit=xixiu, indicator=first, points="1.5", reason="主动公开检查结果")
    bureau, *_readers = pay_readers(world.county_officer, world.city_officer, world.inspector)
    for year, teachers in ((2019, "103000"), (2020, "98000.50")):
        figure = pay_enter(
            bureau,
            county=world.xixiu,
            year=year,
            teacher_average=teachers,
            civil_servant_average="101500",
            rural_subsidy_average="3600",
        )
        everything.pay_figures.append(figure)
    document_add(bureau, everything.pay_figures[-1], issuer="finance", name="2020年工资统计.pdf", data=PDF)


def _photo_read(world: World) -> Recognition:
    """The principal photographs a notice; the task worker reads it as `jianfu worker` does, so its page
    shows the photo beside the recognised text with doubtful characters marked."""
    photo = notice_photo("请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。", angle=1, noise=False)
    recognition = recognition_create(acting_user=world.principal, files=[("通知.png", photo)])
    call_command("worker", "--once")
    recognition.refresh_from_db()
    assert recognition.state == "done", recognition.error
    return recognition
