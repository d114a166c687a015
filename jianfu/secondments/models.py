"""Secondments (借用, clause 5.2) and short assignments (抽调, 5.3) of named teachers, and the history of
every teacher's post status that the census of clause 5.1 reads.

The request itself is a registry demand of the category `secondment` or `short_assignment`: the registry
routes it (the education bureau's consent, the party committee's filing), checks it against the pack (at
most six months for Anshun: a longer one is blocked, 5.2) and registers it with a public number. This app
adds who is borrowed, from which school, until when, and whether they came back.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import PostStatus, School, Teacher, Unit


class Purpose(models.TextChoices):
    TASK = "task", _("工作任务")
    MEETING_SERVICE = "meeting_service", _("会议会务")
    CEREMONY = "ceremony", _("庆典活动")
    RECEPTION = "reception", _("接待")
    OTHER = "other", _("其他")


class Secondment(models.Model):
    """The teachers a secondment or short-assignment demand borrows."""

    demand = models.OneToOneField("registry.Demand", on_delete=models.PROTECT, related_name="secondment")
    # A renewal is a new demand, approved afresh and counted (the pack says how many are allowed).
    renewal_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals")
    purpose = models.CharField("用途", max_length=16, choices=Purpose.choices, default=Purpose.TASK)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"借用 {self.demand}"


class PlacementState(models.TextChoices):
    REQUESTED = "requested", _("申请中")
    ACTIVE = "active", _("借用中")
    RETURN_REPORTED = "return_reported", _("已报返岗，待学校确认")
    RETURNED = "returned", _("已返岗")
    CANCELLED = "cancelled", _("已取消")


class Placement(models.Model):
    """One teacher in one secondment: from which school, from when until when, and the return."""

    secondment = models.ForeignKey(Secondment, on_delete=models.CASCADE, related_name="placements")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="placements")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="placements")  # at the request
    start = models.DateField()
    end = models.DateField()
    state = models.CharField(max_length=16, choices=PlacementState.choices, default=PlacementState.REQUESTED)
    returned_on = models.DateField(null=True, blank=True)  # as the borrowing unit reports it
    return_confirmed_on = models.DateField(null=True, blank=True)
    return_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["secondment", "teacher"], name="one_placement_per_teacher_and_secondment"),
            models.CheckConstraint(name="placement_ends_after_it_starts", condition=Q(end__gte=models.F("start"))),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} {self.start}–{self.end}"


class Source(models.TextChoices):
    SECONDMENT = "secondment", _("借用/抽调审批")
    ROSTER = "roster", _("花名册导入")
    MANUAL = "manual", _("人工登记")


class PostStatusPeriod(models.Model):
    """A teacher's post status from `since` until `until` (open while it lasts): the census asks what it was
    on a date, since when, where, and on whose approval."""

    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="post_periods")
    status = models.CharField(max_length=20, choices=PostStatus.choices)
    since = models.DateField()
    until = models.DateField(null=True, blank=True)
    where = models.CharField("去向", max_length=200, blank=True)  # the unit the teacher works for meanwhile
    where_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="periods")
    source = models.CharField(max_length=16, choices=Source.choices)

    class Meta:
        ordering = ["teacher_id", "since", "id"]
        indexes = [models.Index(fields=["status", "since"])]

    def __str__(self) -> str:
        return f"{self.teacher} {self.get_status_display()} {self.since}–{self.until or ''}"


class ReturnOrder(models.Model):
    """The bureau's order (5.1) that a teacher away without approval go back to their school: the borrowing
    unit owes the return by `due_on` (an obligation), the school is told."""

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="return_orders")
    period = models.ForeignKey(PostStatusPeriod, on_delete=models.PROTECT, related_name="return_orders")
    borrowing_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField()
    due_on = models.DateField()
    complied_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"返岗通知 {self.teacher}"
