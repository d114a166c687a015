"""English on the secondment pages beyond what opening them shows (issue 13 in English): what the borrowing
unit is told when a request or a step is refused or done, what the bureau is told when it orders a teacher
back from the census; and the records that stay Chinese whatever language the person acting reads the site
in: what is owed, the notices sent, the title of a renewal."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from jianfu.deadlines.models import Notification, NotificationKind, Obligation, ObligationKind
from jianfu.org.models import PostStatus
from jianfu.secondments import timers
from jianfu.secondments.models import PostStatusPeriod, Secondment, Source
from jianfu.web.two_factor import client_sign_in_verified
from tests.secondments.census_helpers import approved_secondment, everyone_on_post
from tests.secondments.flow import approved, at, frozen_time, requested
from tests.web.every_page import CJK
from tests.web.every_page import chinese_interface as chinese_left
from tests.web.every_page import in_english as switched_to_english

pytestmark = pytest.mark.django_db


def in_english(user) -> Client:
    """A client of its own, signed in as `user` (the second factor done where needed), switched to English
    with the page's own button."""
    return switched_to_english(client_sign_in_verified(Client(), user))


def chinese_interface(response, *typed: str) -> list[str]:
    """The Chinese left on a page once the data is taken out (the database's, the pack's, what was typed)."""
    page = response.content.decode()
    assert '<html lang="en"' in page, "the page was not served in English"
    return chinese_left(page, *typed)


def text_of(response) -> str:
    return response.content.decode()


def test_an_english_borrowing_unit_is_told_in_english_what_is_wrong_and_what_was_done(world):
    with frozen_time() as travel:
        taken = approved(world, requested(world))
        teacher = world.xixiu_teacher
        clerk = in_english(world.department_clerk)

        bad_filter = clerk.get("/secondments/?kind=loan")
        assert bad_filter.status_code == 400
        assert "There is no kind “loan”; give secondment (a secondment) or short_assignment (a short assignment)." in (
            text_of(bad_filter)
        )
        assert chinese_interface(bad_filter) == []

        form = clerk.get("/secondments/new/")
        assert "Secondment of teachers (clause 5.2)" in text_of(form) and chinese_interface(form) == []
        token = text_of(form).split('name="form_token" value="')[1].split('"')[0]
        typed = {"title": "借用教师协助全区卫生健康宣传", "task": "编写中小学健康教育读本"}
        overlapping = clerk.post(
            "/secondments/new/",
            typed
            | {
                "form_token": token,
                "kind": "secondment",
                "start": "2025-10-01",
                "end": "2026-01-31",
                "purpose": "task",
                "teachers": [str(teacher.pk)],
                "intent": "save",
            },
        )
        assert (
            f"The teacher to second, {teacher.name}, is already taken by “{taken.demand.registration_number}”"
            in text_of(overlapping)
        )
        assert chinese_interface(overlapping, *typed.values()) == []

        travel(at(2026, 2, 27))
        clerk = in_english(world.department_clerk)
        placement = taken.placements.get()
        refused = clerk.post(f"/secondments/placements/{placement.pk}/return/", {"on": "soon"}, follow=True)
        assert "The date of return must be a date, such as 2021-09-01; correct it and report again." in text_of(refused)
        done = clerk.post(f"/secondments/placements/{placement.pk}/return/", {"on": "2026-02-27"}, follow=True)
        assert f"Done: {teacher.name} is now “Return reported, awaiting the school's confirmation”." in (
            text_of(done).replace("&#x27;", "'")
        )
        assert "Returned on 2026-02-27" in text_of(done)
        assert chinese_interface(refused) == [] and chinese_interface(done) == []


@pytest.fixture
def census_day():
    with time_machine.travel(datetime(2021, 10, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def test_an_english_bureau_orders_a_teacher_back_from_the_census_in_english_and_the_order_is_written_in_chinese(
    world, census_day
):
    everyone_on_post()
    approved_secondment(world, world.xixiu_teacher, date(2021, 9, 1), date(2021, 12, 31), number="N-2")
    away = world.xixiu_colleague
    PostStatusPeriod.objects.create(
        teacher=away,
        status=PostStatus.OTHER_OFF_POST,
        since=date(2021, 3, 1),
        where="区政府办公室",
        source=Source.ROSTER,
    )
    bureau = in_english(world.county_officer)
    census = bureau.get("/secondments/census/?county=520402&as_of=2021-10-15")
    assert "2 teachers off post, 1 of them flagged." in text_of(census)
    assert f"Issue a return order ({away.name})" in text_of(census)
    assert chinese_interface(census) == []

    body = {"teacher": away.pk, "county": "520402", "as_of": "2021-10-15"}
    ordered = bureau.post("/secondments/census/orders/", body, follow=True)
    assert f"Return order issued: {away.name} is to be back at school by" in text_of(ordered)
    assert "Ordered on 2021-10-15, back by" in text_of(ordered)
    assert chinese_interface(ordered) == []
    again = bureau.post("/secondments/census/orders/", body, follow=True)
    assert "one order is issued per period away, so follow up that order." in text_of(again)
    assert chinese_interface(again) == []

    notice = Notification.objects.get(kind=NotificationKind.RETURN_ORDER)
    assert notice.title.startswith(f"返岗通知：本校教师 {away.name} 应于") and "未经审批" in notice.body


def written_in_chinese(text: str) -> bool:
    """A record as the Chinese catalogue writes it: Chinese words, and no English sentence around the data."""
    return bool(CJK.search(text)) and not any(word in text for word in (" the ", "Return", "return", "confirm"))


def test_steps_taken_in_english_leave_records_written_in_chinese(world):
    """The approver, the borrowing unit and the school read the site in English; what they set off (the
    return owed, the school's notice of the registration, the report and the confirmation of the return,
    the escalation's violation notice, the renewal's title) is read later by others, and is Chinese."""
    with frozen_time() as travel:
        with translation.override("en"):  # the route's steps taken by people reading in English
            secondment = approved(world, requested(world, start=date(2025, 9, 1), end=date(2026, 1, 31)))
        teacher, demand = world.xixiu_teacher, secondment.demand
        owed = Obligation.objects.get(kind=ObligationKind.SECONDMENT_RETURN, subject_id=secondment.pk)
        assert owed.what == f"「{demand.title}」期满，让借用的教师于 2026-01-31 前返回原学校"
        told = Notification.objects.get(title__contains=teacher.name, kind=NotificationKind.DEMAND_REGISTERED)
        assert told.title.startswith(
            f"{demand.requester.name} 经批准借用本校教师 {teacher.name}（2025-09-01 至 2026-01-31"
        )

        with translation.override("en"):  # the escalation, run while an English page is being served
            timers.overdue_case_open(owed)
        overdue = Notification.objects.get(kind=NotificationKind.SECONDMENT_OVERDUE)
        assert overdue.title.startswith("违规线索：") and overdue.body.endswith("至今未返回原学校。")

        travel(at(2026, 1, 10))
        clerk = in_english(world.department_clerk)
        clerk.post(f"/secondments/{secondment.pk}/renew/", {"end": "2026-05-31"})
        renewal = Secondment.objects.get(renewal_of=secondment)
        assert renewal.demand.title == f"{demand.title}（第 1 次续借）"

        placement = secondment.placements.get()
        clerk.post(f"/secondments/placements/{placement.pk}/return/", {"on": "2026-01-10"})
        in_english(world.principal).post(f"/secondments/placements/{placement.pk}/confirm/", {"on": "2026-01-10"})
        confirm = Obligation.objects.get(kind=ObligationKind.RETURN_CONFIRM)
        assert confirm.what == f"确认 {teacher.name} 已于 2026-01-10 返回本校"
        reported = Notification.objects.get(kind=NotificationKind.RETURN_REPORTED)
        confirmed = Notification.objects.get(kind=NotificationKind.RETURN_CONFIRMED)
        assert reported.title == f"{demand.requester.name} 报告 {teacher.name} 已于 2026-01-10 返岗，请确认"
        assert confirmed.title == f"{placement.school.name} 已确认 {teacher.name} 返岗"
        records = [owed.what, told.title, overdue.title, overdue.body, confirm.what, reported.title, confirmed.title]
        assert all(written_in_chinese(record) for record in records), records
