"""The secondments' demo, after the registry's and the deadlines': in every county, through the same services
people use (request, the registry's approval and filing, return, return order), teachers of the county's first
schools (the demo principal's school first) who are

- away on an approved secondment (two teachers), and one on a short assignment of three days;
- away on a secondment ending within the reminder window (the borrowing unit has been reminded);
- kept past the end of their secondment (the return overdue, escalated, a violation case against the borrower);
- back from a secondment, the return reported and confirmed by the school (the demo teacher, when in post);
- away without approval, as a roster import records them (one ordered back by the bureau);
- on leave (listed by the census, never flagged);

so that the census of any county, the school's and the teacher's pages and the inboxes have something to show.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from jianfu.deadlines.models import Obligation, ObligationKind
from jianfu.deadlines.reminders import reminders_send_due
from jianfu.org.demo.places import COUNTIES
from jianfu.org.models import Division, PostStatus, Role, Teacher, Unit
from jianfu.registry.services import demand_act
from jianfu.secondments.models import PostStatusPeriod, Secondment, Source
from jianfu.secondments.return_orders import return_order_issue
from jianfu.secondments.services import confirm_return, report_return, request_secondment
from jianfu.secondments.timers import SECONDMENT
from jianfu.workflow.demand import Action

TEACHERS_NEEDED = 10


def secondments_demo_is_loaded() -> bool:
    return Secondment.objects.exists()


def secondments_demo_load(today: date | None = None) -> int:
    """Returns the number of teachers the census of the demo's counties lists as away today."""
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__contains="-")}
    for code, _name, _kind, key, _townships in COUNTIES:
        _County(Division.objects.get(code=code), users, key, today).load()
    return PostStatusPeriod.objects.filter(until__isnull=True).count()


class _County:
    def __init__(self, county: Division, users: dict, key: str, today: date):
        self.county, self.today = county, today
        self.requester, self.bureau = users[f"{key}-requester"], users[f"{key}-bureau"]
        self.approver, self.principal = users[f"{key}-approver"], users[f"{key}-principal"]
        self.school = self.principal.role_assignments.get(role=Role.PRINCIPAL).school
        self.own_teacher = Teacher.objects.filter(user=users.get(f"{key}-teacher")).first()
        self.teachers = self._teachers_in_post()

    def _teachers_in_post(self) -> list[Teacher]:
        """The county's teachers in post, the principal's school first (so the school's pages show them);
        the demo teacher kept apart for the secondment they came back from."""
        found = list(
            Teacher.objects.filter(school__county=self.county, post_status=PostStatus.ON_POST)
            .exclude(pk=getattr(self.own_teacher, "pk", None))
            .order_by("school__code", "pk")[:TEACHERS_NEEDED]
        )
        return sorted(found, key=lambda t: t.school_id != self.school.pk)

    def load(self) -> None:
        today, day = self.today, timedelta(days=1)
        self.approved(
            "借用教师参与乡村振兴驻村工作", today - 30 * day, today + 90 * day, self._take(2), on=today - 40 * day
        )
        expiring = self.approved("借用教师参与全区乡村学校少年宫建设", today - 60 * day, today + 2 * day, self._take(1))
        overdue = self.approved("借用教师协助编撰地方志", today - 120 * day, today - 10 * day, self._take(1))
        self.approved(
            "抽调教师担任全区中小学生运动会裁判", today - day, today + day, self._take(1), kind="short_assignment"
        )
        for secondment in (expiring, overdue):
            self._remind(secondment)  # the reminders due by today, and the overdue one's escalation
        self.came_back()
        self.away_without_approval()
        self.on_leave()

    def _take(self, n: int) -> list[Teacher]:
        taken, self.teachers = self.teachers[:n], self.teachers[n:]
        return taken

    def approved(self, title, start, end, teachers, *, kind="secondment", on=None) -> Secondment | None:
        """Requested by the county's health commission, approved by the bureau and (a secondment) filed with
        the party committee, on `on` (ten days before the start by default)."""
        if not teachers:
            return None
        on = on or start - timedelta(days=10)
        secondment = request_secondment(
            self.requester,
            kind=kind,
            title=f"{start.year}年{title}",
            task=f"{title}，工作日在借用单位上班。",
            start=start,
            end=end,
            teacher_ids=[t.pk for t in teachers],
            on=on,
        )
        steps = [(self.requester, Action.SUBMIT), (self.bureau, Action.ADVANCE), (self.approver, Action.ADVANCE)]
        for user, action in steps:
            demand = secondment.demand
            demand.refresh_from_db()
            if demand.state == "registered":
                break
            demand_act(acting_user=user, demand_id=demand.pk, action=action, expected_state=demand.state, on=on)
        secondment.refresh_from_db()
        return secondment

    def _remind(self, secondment: Secondment | None) -> None:
        if secondment is None:
            return
        owed = Obligation.objects.filter(
            kind=ObligationKind.SECONDMENT_RETURN, subject_type=SECONDMENT, subject_id=secondment.pk
        ).first()
        if owed is not None:
            reminders_send_due(owed.pk)

    def came_back(self) -> None:
        """A secondment of last term, the return reported by the borrower and confirmed by the school."""
        teacher = self.own_teacher if self.own_teacher and self.own_teacher.post_status == PostStatus.ON_POST else None
        teacher = teacher or next((t for t in self.teachers if t.school_id == self.school.pk), None)
        if teacher is None:
            return
        self.teachers = [t for t in self.teachers if t.pk != teacher.pk]
        start, end = self.today - 200 * timedelta(days=1), self.today - 100 * timedelta(days=1)
        secondment = self.approved("借用教师协助全区教育信息化培训", start, end, [teacher])
        placement = secondment.placements.get()
        report_return(placement.pk, self.requester, on=end)
        confirm_return(placement.pk, self.principal, on=end + timedelta(days=2))

    def away_without_approval(self) -> None:
        """Two teachers a roster marks away with no approval behind them; the bureau orders one back."""
        government_office = Unit.objects.filter(code=f"{self.county.code}-ZFB").first()
        places = [
            (PostStatus.SECONDED, government_office, 150),
            (PostStatus.OTHER_OFF_POST, None, 400),
        ]
        for (status, unit, days), teacher in zip(places, self._take(2), strict=False):
            Teacher.objects.filter(pk=teacher.pk).update(post_status=status)
            PostStatusPeriod.objects.create(
                teacher=teacher,
                status=status,
                since=self.today - timedelta(days=days),
                where=unit.name if unit else "县城区某民营培训机构",
                where_unit=unit,
                source=Source.ROSTER,
            )
            if unit is not None:
                return_order_issue(self.bureau, teacher_id=teacher.pk, on=self.today - timedelta(days=3))

    def on_leave(self) -> None:
        for reason, days, teacher in zip(("产假", "进修学习"), (40, 120), self._take(2), strict=False):
            Teacher.objects.filter(pk=teacher.pk).update(post_status=PostStatus.ON_LEAVE)
            PostStatusPeriod.objects.create(
                teacher=teacher,
                status=PostStatus.ON_LEAVE,
                since=self.today - timedelta(days=days),
                where=reason,
                source=Source.MANUAL,
            )
