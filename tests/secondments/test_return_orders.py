"""Return orders (5.1): the bureau orders a flagged teacher back — the borrowing unit owes the return (an
obligation), the school is told, it is audited — once per period away; approved teachers, teachers in post
and teachers outside the bureau's area cannot be ordered back."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.deadlines.models import Notification, NotificationKind, Obligation, ObligationKind
from jianfu.org.models import PostStatus, Teacher
from jianfu.secondments.census import census_of_teacher
from jianfu.secondments.models import Placement, PostStatusPeriod, ReturnOrder, Source
from jianfu.secondments.periods import period_close
from jianfu.secondments.return_orders import return_order_issue
from jianfu.secondments.roster import post_statuses_from_roster
from jianfu.secondments.services import SecondmentInvalid
from tests.secondments.census_helpers import approved_secondment, everyone_on_post

ON = date(2021, 5, 10)  # a Monday; 10 working days later is 24 May


def away_without_approval(world, teacher=None):
    everyone_on_post()
    return PostStatusPeriod.objects.create(
        teacher=teacher or world.xixiu_colleague,
        status=PostStatus.SECONDED,
        since=date(2021, 3, 1),
        where="西秀区卫生健康局",
        where_unit=world.unit("520402-WJJ"),
        source=Source.ROSTER,
    )


def test_the_bureau_orders_an_unapproved_teacher_back_the_borrower_owes_it_and_the_school_is_told(world):
    period = away_without_approval(world)

    order = return_order_issue(world.county_officer, teacher_id=world.xixiu_colleague.pk, on=ON)

    assert (order.period, order.borrowing_unit.code, order.issued_on, order.due_on) == (
        period,
        "520402-WJJ",
        ON,
        date(2021, 5, 24),
    )
    owed = Obligation.objects.get(kind=ObligationKind.RETURN_ORDER, subject_id=order.pk)
    assert (owed.owner_unit.code, owed.owed_to.code, owed.due_on, owed.clause) == (
        "520402-WJJ",
        "520402-JYJ",
        date(2021, 5, 24),
        "5.1",
    )
    told = Notification.objects.get(kind=NotificationKind.RETURN_ORDER)
    assert told.recipient == world.principal and world.xixiu_colleague.name in told.title
    assert "未经审批" in told.body
    event = AuditEvent.objects.get(action="return_order.issue")
    assert (event.actor_label, event.after["census"], event.after["due_on"]) == (
        "county_officer",
        "unapproved",
        "2021-05-24",
    )


def test_a_second_order_for_the_same_period_away_is_refused_naming_the_first(world):
    away_without_approval(world)
    return_order_issue(world.county_officer, teacher_id=world.xixiu_colleague.pk, on=ON)

    with pytest.raises(SecondmentInvalid) as refused:
        return_order_issue(world.city_officer, teacher_id=world.xixiu_colleague.pk, on=date(2021, 5, 12))

    assert "已于 2021-05-10" in refused.value.message and "2021-05-24" in refused.value.message
    row = census_of_teacher(world.xixiu_colleague, date(2021, 5, 12))
    assert (row.ordered_on, row.order_due_on) == (ON, date(2021, 5, 24))  # the census shows the order
    assert ReturnOrder.objects.count() == 1 and Obligation.objects.filter(kind="return_order").count() == 1


def test_a_teacher_kept_past_the_approved_end_is_ordered_back_from_the_borrowing_unit(world):
    everyone_on_post()
    approved_secondment(world, world.xixiu_teacher, date(2021, 1, 4), date(2021, 4, 30), number="N-9")

    order = return_order_issue(world.county_officer, teacher_id=world.xixiu_teacher.pk, on=ON)

    assert order.borrowing_unit.code == "520402-WJJ"
    assert "借用期满未返岗" in Notification.objects.get(kind=NotificationKind.RETURN_ORDER).body


def test_an_approved_teacher_or_one_in_post_is_not_ordered_back(world):
    everyone_on_post()
    approved_secondment(world, world.xixiu_teacher, date(2021, 3, 1), date(2021, 8, 31), number="N-8")

    with pytest.raises(SecondmentInvalid) as approved:
        return_order_issue(world.county_officer, teacher_id=world.xixiu_teacher.pk, on=ON)
    with pytest.raises(SecondmentInvalid) as in_post:
        return_order_issue(world.county_officer, teacher_id=world.xixiu_colleague.pk, on=ON)

    assert "「已审批」" in approved.value.message and "在岗" in in_post.value.message
    assert not ReturnOrder.objects.exists()


def test_a_teacher_away_by_the_roster_alone_gets_a_period_from_the_order_and_only_the_school_is_told(world):
    everyone_on_post()
    Teacher.objects.filter(pk=world.xixiu_colleague.pk).update(post_status=PostStatus.OTHER_OFF_POST)

    order = return_order_issue(world.county_officer, teacher_id=world.xixiu_colleague.pk, on=ON)

    assert (order.period.since, order.period.source, order.borrowing_unit) == (ON, Source.MANUAL, None)
    assert not Obligation.objects.filter(kind=ObligationKind.RETURN_ORDER).exists()
    assert Notification.objects.filter(kind=NotificationKind.RETURN_ORDER, recipient=world.principal).exists()


def test_another_countys_bureau_sees_not_found_and_a_principal_may_not_order(world):
    away_without_approval(world)

    with pytest.raises(Http404):
        return_order_issue(world.other_county_officer, teacher_id=world.xixiu_colleague.pk, on=ON)
    with pytest.raises(PermissionDenied):
        return_order_issue(world.principal, teacher_id=world.xixiu_colleague.pk, on=ON)
    assert not ReturnOrder.objects.exists()


def test_a_roster_showing_the_teacher_back_in_post_complies_with_the_order_and_meets_what_was_owed(world):
    away_without_approval(world)
    order = return_order_issue(world.county_officer, teacher_id=world.xixiu_colleague.pk, on=ON)
    Teacher.objects.filter(pk=world.xixiu_colleague.pk).update(post_status=PostStatus.ON_POST)

    post_statuses_from_roster([Teacher.objects.get(pk=world.xixiu_colleague.pk)], on=date(2021, 5, 17))

    order.refresh_from_db()
    owed = Obligation.objects.get(kind=ObligationKind.RETURN_ORDER, subject_id=order.pk)
    assert order.complied_on == date(2021, 5, 17) and owed.state == "met"
    assert census_of_teacher(world.xixiu_colleague, date(2021, 5, 18)) is None


def test_a_confirmed_return_of_a_teacher_kept_too_long_complies_with_the_order(world):
    everyone_on_post()
    approved_secondment(world, world.xixiu_teacher, date(2021, 1, 4), date(2021, 4, 30), number="N-7")
    order = return_order_issue(world.county_officer, teacher_id=world.xixiu_teacher.pk, on=ON)

    period_close(Placement.objects.get(teacher=world.xixiu_teacher), until=date(2021, 5, 20))

    order.refresh_from_db()
    assert order.complied_on == date(2021, 5, 20)
    assert Obligation.objects.get(kind=ObligationKind.RETURN_ORDER, subject_id=order.pk).state == "met"
