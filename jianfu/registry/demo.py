"""The registry's demo: a 2020 baseline, then every year up to the one it is loaded in, made through the
same services people use (so every step is audited and every number is real).

The demo lives in the year of the day it is loaded. Past years hold their annual plans of
inspections, registered, whose counts fall as the pack's quota says (the first year at most a share
of the baseline, then never above the year before). The current year holds demands in every state,
dated around the day of loading, so that its registrations verify as valid today, and one place of
its quota is left for the demand still waiting for the party committee."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from jianfu.org.demo.places import COUNTIES, SHORT_NAMES
from jianfu.org.models import Division, Role, Unit
from jianfu.org.services import role_grant
from jianfu.packs.active import active_engine
from jianfu.registry.merging import demand_merge
from jianfu.registry.models import Demand
from jianfu.registry.plans import annual_plan_approve
from jianfu.registry.quotas import quota_baseline_set
from jianfu.registry.services import demand_act, demand_create
from jianfu.workflow.demand import Action

INSPECTIONS = [
    "中小学校园安全专项督查",
    "学校食品安全专项检查",
    "学校消防安全检查",
    "控辍保学工作考核",
    "义务教育均衡发展督导评估",
    "校园周边环境综合治理检查",
    "学校意识形态工作责任制检查",
    "学校体育卫生工作评估",
    "学生资助政策落实情况检查",
    "学校安全隐患排查整治督查",
]
ACTIVITIES = ["禁毒宣传教育进校园", "防溺水安全教育进校园", "防艾知识宣传进校园", "交通安全宣传进校园"]
ON_SITE = {"kind": "check", "evaluation_methods": ["on_site"]}
HOW = "按年度计划实地开展，不要求学校提供照片、截图或台账。"
# Registered inspections of each county: the first year after the baseline starts between these two
# figures (well under half of any baseline the demo enters), then one fewer each year, never below
# FEWEST. The current year registers one fewer than its share, so the quota has one place left.
FIRST_YEAR_COUNT, BASELINE_RANGE, FEWEST = (5, 6), (24, 48), 3
DUPLICATE_REFUSED = "违反第 3.1 条：教师姓名、身份证件号码、最高学历已由全国教师管理信息系统采集，不得再向学校重复采集；请按权限申请调取已有数据"


@dataclass(frozen=True)
class DemoYear:
    """One year of the demo and the days it is lived on: the plan is submitted and approved a fortnight
    before the pack's collection deadline (or today, if that day has not come yet)."""

    year: int
    today: date

    @property
    def plan_day(self) -> date:
        window_end = active_engine().deadline_date("annual_plan_collection_end", self.year)
        day = window_end - timedelta(days=14) if window_end else date(self.year, 1, 15)
        return min(max(day, date(self.year, 1, 1)), self.today)

    def within(self, day: date) -> date:
        return min(max(day, date(self.year, 1, 1)), date(self.year, 12, 31))

    def some_time(self, rng: random.Random) -> tuple[date, date]:
        """Dates in a past year, well after its plan was approved."""
        start = date(self.year, rng.randint(3, 11), rng.randint(1, 20))
        return start, start + timedelta(days=rng.randint(2, 10))

    def around_today(self, rng: random.Random) -> tuple[date, date]:
        """Under way or soon: the demand ends on or after today, within the year."""
        start = self.within(self.today + timedelta(days=rng.randint(-5, 20)))
        return start, self.within(max(start, self.today) + timedelta(days=rng.randint(3, 15)))

    def ahead(self, rng: random.Random) -> tuple[date, date]:
        """Later this year: what is still being reviewed."""
        start = self.within(self.today + timedelta(days=rng.randint(10, 45)))
        return start, self.within(start + timedelta(days=rng.randint(2, 10)))


def registry_demo_is_loaded() -> bool:
    return Demand.objects.exists()


def demo_registered_targets(rng: random.Random, first_year: int, this_year: int) -> dict[int, int]:
    """How many inspections a county registers each year: falling, never below FEWEST."""
    first = rng.randint(*FIRST_YEAR_COUNT)
    return {year: max(FEWEST, first - (year - first_year)) for year in range(first_year, this_year + 1)}


def registry_demo_load(seed: int = 2021, today: date | None = None) -> int:
    """The baseline year of the pack, then every year up to today's (local time, as verification uses)."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    baseline_year = active_engine().pack.limits["quota_baseline_year"].at(today).value
    users = {u.username: u for u in get_user_model().objects.filter(username__contains="-")}
    for code, _name, _kind, key, _townships in COUNTIES:
        division = Division.objects.get(code=code)
        people = {role: users[f"{key}-{role}"] for role in ("requester", "bureau", "reviewer", "approver")}
        quota_baseline_set(
            acting_user=people["bureau"],
            division=division,
            category="inspection",
            year=baseline_year,
            count=rng.randint(*BASELINE_RANGE),
        )
        targets = demo_registered_targets(rng, baseline_year + 1, today.year)
        county = _County(rng, division, people)
        for year, count in targets.items():
            if year < today.year:
                county.past_year(DemoYear(year, today), count)
            else:
                county.current_year(DemoYear(year, today), count - 1)
    return Demand.objects.count()


class _County:
    """One county's demands, raised by its health commission's clerk (or, for emergencies, by its
    education bureau) and decided by its bureau, joint reviewer and party committee."""

    def __init__(self, rng: random.Random, division: Division, people: dict):
        self.rng, self.division, self.short = rng, division, SHORT_NAMES[division.code]
        self.clerk, self.bureau = people["requester"], people["bureau"]
        self.reviewer, self.approver = people["reviewer"], people["approver"]
        self.health = Unit.objects.get(code=f"{division.code}-WJJ")
        self.education = Unit.objects.get(code=f"{division.code}-JYJ")
        role_grant(user=self.bureau, role=Role.REQUESTER, unit=self.education)  # it raises its own emergencies
        self.submit, self.review = (self.clerk, Action.SUBMIT, ""), (self.bureau, Action.ADVANCE, "")
        self.joint, self.approve = (self.reviewer, Action.ADVANCE, ""), (self.approver, Action.ADVANCE, "")

    def new(self, year: DemoYear, title: str, dates: tuple[date, date], category="inspection", **extra) -> Demand:
        start, end = dates
        data = {
            "requester": self.health,
            "category": category,
            "title": f"{year.year}年{self.short}{title}",
            "content": f"{title}：{HOW}",
            "legal_basis": "",
            "target_counties": [self.division],
            "target_levels": [],
            "target_areas": [],
            "target_schools": [],
            "start": start,
            "end": end,
            "estimated_hours": self.rng.choice([2, 4, 6]),
            "fields": "",
            "in_annual_plan": True,
            "emergency": False,
            "declared": dict(ON_SITE),
        } | extra
        return demand_create(acting_user=self.clerk if data["requester"] == self.health else self.bureau, data=data)

    def go(self, demand: Demand, *steps, on: date) -> Demand:
        for user, action, reason in steps:
            demand.refresh_from_db()
            demand_act(
                acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, reason=reason, on=on
            )
        return demand

    def past_year(self, year: DemoYear, registered: int) -> None:
        """A year gone by: its plan of inspections, collected in the window and approved as a whole."""
        for title in self.rng.sample(INSPECTIONS, registered):
            self.go(
                self.new(year, title, year.some_time(self.rng)), self.submit, self.review, self.joint, on=year.plan_day
            )
        annual_plan_approve(acting_user=self.approver, year=year.year, on=year.plan_day)

    def current_year(self, year: DemoYear, registered: int) -> None:
        """This year: `registered` inspections valid today (one of them temporary), and a demand in
        every other state of the lifecycle."""
        rng, plan_day, today = self.rng, year.plan_day, year.today
        titles = rng.sample(INSPECTIONS, len(INSPECTIONS))
        submit, review, joint, approve = self.submit, self.review, self.joint, self.approve
        for title in titles[: registered - 1]:
            self.go(self.new(year, title, year.around_today(rng)), submit, review, joint, approve, on=plan_day)
        for title in rng.sample(ACTIVITIES, 2):
            activity = self.new(year, title, year.around_today(rng), "campus_activity", declared={})
            self.go(activity, submit, review, review, on=plan_day)
        self.go(
            self.new(year, "学生体质健康抽测", year.ahead(rng)), submit, review, joint, on=plan_day
        )  # the party committee's turn
        self.go(
            self.new(year, "平安校园建设检查", year.ahead(rng)), submit, (self.bureau, Action.CLAIM, ""), on=plan_day
        )
        self.go(self.new(year, "学校卫生防疫检查", year.ahead(rng)), submit, on=plan_day)  # in the queue
        returned = (self.bureau, Action.RETURN, "请说明检查标准，并删去要求学校提供照片的内容")
        self.go(self.new(year, "校车安全检查", year.ahead(rng)), submit, returned, on=plan_day)
        rejected = (self.bureau, Action.REJECT, "违反第 2.8 条：不得强制教师下载APP、投票")
        app = self.new(
            year,
            "要求教师下载安装政务APP并投票",
            year.ahead(rng),
            "app_demand",
            declared={"app_actions": ["install", "vote"], "related_to_teaching": True},  # a claim for the bureau
        )
        explained = (self.clerk, Action.SUBMIT, "该APP用于教学资源学习，投票为优秀课例评选")
        self.go(app, explained, rejected, on=plan_day)
        self.go(self.duplicate_collection(year), submit, (self.bureau, Action.REJECT, DUPLICATE_REFUSED), on=plan_day)
        duty = {"teacher_street_duty": True}  # a block the requester sees on its draft: it withdraws it
        street = self.new(year, "创文志愿服务（教师路口执勤）", year.ahead(rng), "city_campaign", declared=duty)
        self.go(street, (self.clerk, Action.WITHDRAW, ""), on=plan_day)
        first = self.go(self.new(year, "秋季学校食品安全检查", year.ahead(rng)), submit, on=plan_day)
        second = self.go(self.new(year, "秋季学校食品安全抽查", year.ahead(rng)), submit, on=plan_day)
        merged = demand_merge(
            acting_user=self.bureau,
            demand_ids=[first.pk, second.pk],
            title=f"{year.year}年{self.short}秋季学校食品安全联合检查",
            reason="内容相同相近，合并进行",
        )
        self.go(merged, review, joint, on=plan_day)
        temporary = self.new(year, "疫情防控临时检查", year.around_today(rng), in_annual_plan=False)
        self.go(temporary, submit, review, approve, on=today)  # outside the plan: submitted today
        flood = self.new(
            year,
            "防汛应急安全排查",
            year.around_today(rng),
            "campus_activity",
            requester=self.education,
            emergency=True,
            declared={},
        )
        self.go(flood, (self.bureau, Action.REGISTER_EMERGENCY, "汛期紧急，事后补办审核"), on=today)
        self.new(
            year, "教师心理健康专题培训", year.ahead(rng), "training", declared={"training_kind": "teaching"}
        )  # a draft

    def duplicate_collection(self, year: DemoYear) -> Demand:
        """A form asking schools again for what the teacher management system holds (clause 3.1): its
        reasons are written, and the bureau refuses it (DUPLICATE_REFUSED)."""
        reason = "统计本系统培训对象，需各校核对后上报"
        held = [{"label": label, "justification": reason} for label in ("教师姓名", "身份证号", "最高学历")]
        dates = year.ahead(self.rng)
        return self.new(year, "教师基本信息统计表", dates, "form", fields=held, in_annual_plan=False, declared={})
