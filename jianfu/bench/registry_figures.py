"""Registry figures at province scale: 100,000 demands over 88 counties and 20,000 schools."""

import random
import statistics
import threading
import time
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings

from jianfu.bench.measure import (
    Figure,
    page_percentiles,
    percentiles_ms,
    planner_statistics_refreshed,
    timed,
    together,
)
from jianfu.org.models import Division, Level, Role, School, Unit
from jianfu.org.services import role_grant
from jianfu.registry.models import Demand, RegistrationCounter
from jianfu.registry.selectors import PUBLISHED_STATES, demand_list_for_school
from jianfu.registry.services import demand_act
from jianfu.registry.similar import COMPARABLE_STATES, similar_demands
from jianfu.registry.stored_answers import rebuild_answers
from jianfu.web.two_factor import client_sign_in_verified
from jianfu.workflow.demand import OPEN_STATES, Action, State

RUNS = 30
TOPICS = [
    "校园安全",
    "食品安全",
    "消防安全",
    "控辍保学",
    "均衡发展",
    "周边环境",
    "卫生防疫",
    "校车安全",
    "禁毒宣传",
    "防溺水",
    "心理健康",
    "体质健康",
    "法治教育",
    "财务管理",
    "招生工作",
    "作业管理",
    "课后服务",
    "营养改善",
]
KINDS = ["专项检查", "督查", "考核", "评估", "抽查", "调研", "宣传进校园", "培训"]
CATEGORIES = ["inspection"] * 5 + ["campus_activity"] * 3 + ["form", "meeting", "training", "research_survey"]
STATES = [State.REGISTERED] * 6 + [State.DONE] * 2 + [State.SUBMITTED, State.IN_REVIEW, State.REJECTED, State.MERGED]
ROUTE = [
    {"action": "review", "by": "education_bureau", "clause": "1.1", "label": "本级教育行政部门审核"},
    {"action": "approval", "by": "party_committee", "clause": "1.1", "label": "本级党委审批"},
]


def demands_generate(total: int, seed: int = 7) -> float:
    """Bulk-writes `total` demands of 2021 spread over the counties; returns the seconds it took."""
    rng = random.Random(seed)
    counties = list(Division.objects.filter(kind="county").order_by("code"))
    requesters = {u.division_id: u for u in Unit.objects.filter(code__endswith="-WJJ", division__in=counties)}
    author = get_user_model().objects.get_or_create(username="bench-author")[0]
    levels = list(Level.objects.all())
    started = time.perf_counter()
    # Numbers go on from the counters, so a second call (`--growth`) adds to the registry without a clash.
    serial = dict(RegistrationCounter.objects.filter(year=2021).values_list("division_id", "last_serial"))
    through_counties, through_levels = Demand.target_counties.through, Demand.target_levels.through
    per_county = total // len(counties)
    for county in counties:
        batch = []
        for _ in range(per_county):
            state = rng.choice(STATES)
            start = date(2021, 1, 4) + timedelta(days=rng.randrange(0, 340))
            registered = state in (State.REGISTERED, State.DONE)
            if registered:
                serial[county.pk] = serial.get(county.pk, 0) + 1
            batch.append(
                Demand(
                    year=2021,
                    category=rng.choice(CATEGORIES),
                    title=f"2021年{rng.choice(TOPICS)}{rng.choice(KINDS)}",
                    content=f"{rng.choice(TOPICS)}相关工作，{rng.choice(KINDS)}。",
                    requester=requesters[county.pk],
                    division=county,
                    start=start,
                    end=start + timedelta(days=rng.randrange(1, 15)),
                    estimated_hours=rng.choice([1, 2, 4]),
                    in_annual_plan=True,
                    state=state,
                    route=ROUTE,
                    waiting_for="education_bureau" if state in (State.SUBMITTED, State.IN_REVIEW) else "",
                    registration_number=f"安教减备〔2021〕{county.code}-{serial[county.pk]:04d}号"
                    if registered
                    else None,
                    verification_code=f"B{county.code}{serial[county.pk]:05d}" if registered else None,
                    created_by=author,
                    target_areas=rng.choice(["", "", "urban", "township,village"]),
                )
            )
        Demand.objects.bulk_create(batch, batch_size=2000)
        through_counties.objects.bulk_create(
            [through_counties(demand_id=d.pk, division_id=county.pk) for d in batch], batch_size=5000
        )
        through_levels.objects.bulk_create(
            [through_levels(demand_id=d.pk, level_id=rng.choice(levels).pk) for d in batch if rng.random() < 0.5],
            batch_size=5000,
        )
    for pk, last in serial.items():
        RegistrationCounter.objects.update_or_create(division_id=pk, year=2021, defaults={"last_serial": last})
    rebuild_answers()  # bulk_create sends no signal: the registrations' verification answers are stored here
    seconds = time.perf_counter() - started
    planner_statistics_refreshed()  # the teachers added before (growth) are seen too
    return seconds


def _demand(county: Division, author, start: date, days: int, **fields) -> Demand:
    """A demand of the bench county made directly (the bench measures reads, not the filing form)."""
    return Demand.objects.create(
        year=2021,
        requester=Unit.objects.get(code=f"{county.code}-WJJ"),
        division=county,
        start=start,
        end=start + timedelta(days=days),
        created_by=author,
        **fields,
    )


def similar_figures(county: Division, author) -> list[Figure]:
    rng = random.Random(3)
    drafts = []
    for _ in range(RUNS):
        start = date(2021, 1, 4) + timedelta(days=rng.randrange(0, 330))
        draft = _demand(
            county,
            author,
            start,
            5,
            category="inspection",
            estimated_hours=2,
            title=f"2021年{rng.choice(TOPICS)}专项检查",
            content="新提出的检查。",
        )
        draft.target_counties.set([county])
        drafts.append(draft)
    search = [timed(lambda d=d: similar_demands(d)) * 1000 for d in drafts]
    bare = [
        timed(
            lambda d=d: list(
                Demand.objects.filter(
                    year=2021,
                    category="inspection",
                    state__in=COMPARABLE_STATES,
                    start__lte=d.end,
                    end__gte=d.start,
                    target_counties=county,
                ).values_list("pk", "title")
            )
        )
        * 1000
        for d in drafts
    ]
    Demand.objects.filter(pk__in=[d.pk for d in drafts]).delete()
    search, bare = sorted(search), sorted(bare)
    p95 = round(0.95 * len(search)) - 1
    label = "bare query: the county's comparable demands (pk, title)"
    return [
        Figure(
            "similar-demand search, median", statistics.median(search), "ms", f"{label} p50", statistics.median(bare)
        ),
        Figure("similar-demand search p95", search[p95], "ms", f"{label} p95", bare[p95]),
    ]


def _bare_queries(county: Division, school: School) -> dict:
    """Each page's bare query: the plain ORM read of the rows the page shows, nothing else."""
    return {
        "review queue page": (
            "bare query: 50 open demands waiting for the county bureau",
            Demand.objects.filter(division=county, state__in=OPEN_STATES, waiting_for__contains="education_bureau")
            .select_related("requester", "division")
            .order_by("updated_at", "id")[:50],
        ),
        "annual list page (public)": (
            "bare query: 100 registered demands of the county's list",
            Demand.objects.filter(year=2021, division=county, state__in=PUBLISHED_STATES)
            .select_related("requester")
            .order_by("registration_number")[:100],
        ),
        "school calendar page": (
            "bare query: 50 demands reaching the school in 2021",
            demand_list_for_school(school=school, year=2021)[:50],
        ),
    }


@override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)
def page_figures(county: Division) -> list[Figure]:
    officer = get_user_model().objects.get_or_create(username="bench-registry-officer")[0]
    role_grant(user=officer, role=Role.EDUCATION_BUREAU, unit=Unit.objects.get(code=f"{county.code}-JYJ"))
    client, anonymous = Client(), Client()
    client_sign_in_verified(client, officer)  # a bureau officer gives a second factor
    trivial = percentiles_ms(lambda: anonymous.get("/healthz"), RUNS)[0]
    school = School.objects.filter(county=county).order_by("code").first()
    bare = _bare_queries(county, school)
    figures = [Figure("trivial view /healthz p50", trivial, "ms")]
    for name, url, who in (
        ("review queue page", "/review/", client),
        ("annual list page (public)", f"/lists/2021/{county.code}/", anonymous),
        ("school calendar page", f"/schools/{school.code}/calendar/?year=2021", client),
    ):
        p50, p95 = page_percentiles(who, url, RUNS)
        label, rows = bare[name]
        bare_p50, bare_p95 = percentiles_ms(lambda rows=rows: list(rows.all()), RUNS)
        figures.append(Figure(f"{name} p50", p50, "ms", f"{label} p50", bare_p50))
        figures.append(Figure(f"{name} p95", p95, "ms", f"{label} p95", bare_p95))
    return figures


def concurrent_approvals_figure(county: Division, approvals: int = 8) -> Figure:
    """`approvals` demands at the last step, approved by as many threads at once."""
    approver = get_user_model().objects.get_or_create(username="bench-approver")[0]
    role_grant(user=approver, role=Role.APPROVER, unit=Unit.objects.get(code=f"{county.code}-DW"))
    author = get_user_model().objects.get(username="bench-author")
    waiting = []
    for n in range(approvals):
        waiting.append(
            _demand(
                county,
                author,
                date(2021, 12, 1),
                1,
                category="campus_activity",
                title=f"并发审批 {n}",
                content="基准测试。",
                estimated_hours=1,
                state=State.APPROVAL,
                step=1,
                route=ROUTE,
                waiting_for="party_committee",
                declared_facts={"on_activity_list": True},
                in_annual_plan=True,  # on the year's activity list: the registry reads it from its records
            )
        )
    barrier, errors = threading.Barrier(approvals), []

    def approve(demand_id: int):
        try:
            barrier.wait()
            demand_act(acting_user=approver, demand_id=demand_id, action=Action.ADVANCE, expected_state=State.APPROVAL)
        except Exception as error:  # counted below
            errors.append(error)
        finally:
            connection.close()

    seconds = together([threading.Thread(target=approve, args=(d.pk,)) for d in waiting])
    numbers = sorted(
        Demand.objects.filter(division=county, registration_number__isnull=False).values_list(
            "registration_number", flat=True
        )
    )
    serials = sorted(int(n.rsplit("-", 1)[1][:4]) for n in numbers)
    gaps = len(set(range(1, serials[-1] + 1)) - set(serials)) if serials else 0
    duplicates = len(serials) - len(set(serials))
    if errors or gaps or duplicates:
        raise RuntimeError(f"concurrent approvals: {len(errors)} errors, {gaps} gaps, {duplicates} duplicates")
    return Figure(f"{approvals} concurrent approvals: 0 duplicate, 0 missing numbers", seconds * 1000, "ms")
