"""Obligations (who owes what to whom, by when, under which clause) and notifications (what a person
was told). One mechanism for every time limit of the measures (DESIGN.md, "Time")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Division, School, Unit


class ObligationKind(models.TextChoices):
    REVISION = "revision", _("修改退回的事项")
    JUSTIFICATION = "justification", _("紧急事项补办说明")
    CASE_HANDLING = "case_handling", _("处理学校拒绝的违规线索")
    EXAM_PLAN = "exam_plan", _("报送考试考务计划")
    COMPLAINT_ACCEPT = "complaint_accept", _("决定是否受理举报")
    COMPLAINT_CONCLUDE = "complaint_conclude", _("办结举报并答复举报人")
    COMPLAINT_REVIEW = "complaint_review", _("复查举报的答复")
    SECONDMENT_RETURN = "secondment_return", _("借用（抽调）期满让教师返岗")
    RETURN_CONFIRM = "return_confirm", _("确认借用教师已返岗")
    RETURN_ORDER = "return_order", _("按返岗通知让教师返岗")
    COUNTY_REPORT = "county_report", _("报送年度教师减负情况报告")
    MEASURE_REPORT = "measure_report", _("报送减负措施落实情况")


class ObligationState(models.TextChoices):
    OPEN = "open", _("待办")
    OVERDUE = "overdue", _("已逾期")
    MET = "met", _("已办")
    WAIVED = "waived", _("已免除")


PENDING = (ObligationState.OPEN, ObligationState.OVERDUE)


class Obligation(models.Model):
    kind = models.CharField(max_length=24, choices=ObligationKind.choices)
    state = models.CharField(max_length=12, choices=ObligationState.choices, default=ObligationState.OPEN)
    # Who owes it: a unit (its people with a role there) or a school (its principal's office).
    owner_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="obligations")
    owner_school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="obligations"
    )
    owed_to = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="owed")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")  # the owner's, for scope
    what = models.CharField(max_length=300)
    clause = models.CharField(max_length=16)
    # The thing it is about, and where it is dealt with (a page path).
    subject_type = models.CharField(max_length=32)
    subject_id = models.PositiveBigIntegerField()
    link = models.CharField(max_length=200)
    # The due date, and how it was reckoned, so it can be reckoned again when the calendar gains a year.
    counted_from = models.DateField()
    days = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=16)  # working_days | days
    due_on = models.DateField(db_index=True)
    due_estimated = models.BooleanField(default=False)  # a year outside the calendar, Monday–Friday assumed
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waive_reason = models.TextField(blank=True)
    note = models.TextField(blank=True)  # what the owner did (an emergency's justification...)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"])]
        constraints = [
            # One pending obligation of a kind per thing: a second return opens a new one only after
            # the first was met by resubmission.
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                condition=Q(state__in=["open", "overdue"]),
                name="one_pending_obligation_per_subject",
            ),
            models.CheckConstraint(
                name="obligation_has_one_owner",
                condition=Q(owner_unit__isnull=False, owner_school__isnull=True)
                | Q(owner_unit__isnull=True, owner_school__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.what}（{self.due_on}）"

    @property
    def owner_name(self) -> str:
        return self.owner_unit.name if self.owner_unit_id else self.owner_school.name


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("届满前提醒")
    DUE = "due", _("届满当日提醒")
    ESCALATION = "escalation", _("逾期告知上一级")


class ReminderSent(models.Model):
    """A reminder of an obligation, recorded in the transaction that queues its delivery: the unique key
    (obligation, key) is what makes every reminder go out exactly once, whatever workers do."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=24)  # before-3, before-1, due, escalation
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["obligation", "key"], name="one_reminder_per_key")]

    def __str__(self) -> str:
        return f"{self.obligation_id}:{self.key}"


class NotificationKind(models.TextChoices):
    DEMAND_RETURNED = "demand_returned", _("事项被退回修改")
    DEMAND_REJECTED = "demand_rejected", _("事项被驳回")
    DEMAND_REGISTERED = "demand_registered", _("事项已登记")
    DEMAND_REFUSED = "demand_refused", _("学校拒绝了事项")
    CASE_HANDLED = "case_handled", _("违规线索已处理")
    REMINDER = "reminder", _("时限提醒")
    ESCALATION = "escalation", _("逾期告知")
    EXAM_PLAN_LATE = "exam_plan_late", _("考试承办事项未报考务计划")
    VIOLATION = "violation", _("违规线索")
    EMERGENCY_REGISTERED = "emergency_registered", _("紧急事项先行登记")
    COMPLAINT_NEW = "complaint_new", _("收到举报")
    COMPLAINT_ASSIGNED = "complaint_assigned", _("举报已交办")
    COMPLAINT_REPLY = "complaint_reply", _("举报人回复或补充证据")
    COMPLAINT_REVIEW = "complaint_review", _("举报人申请复查")
    RETURN_REPORTED = "return_reported", _("借用教师已报返岗")
    REPORT_SUBMITTED = "report_submitted", _("县（区）报送了年度减负情况报告")
    RETURN_CONFIRMED = "return_confirmed", _("借用教师已确认返岗")
    RETURN_ORDER = "return_order", _("未经审批离岗教师返岗通知")
    SECONDMENT_OVERDUE = "secondment_overdue", _("借用（抽调）逾期未返岗")
    MEASURE_REPORT_SUBMITTED = "measure_report_submitted", _("收到减负措施落实情况报告")
    MEASURE_REPORT_DECIDED = "measure_report_decided", _("减负措施落实情况报告已认可或退回")
    STAND_IN_NAMED = "stand_in_named", _("县（区）以邻近区域学校替代监测点")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True)
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    # What it is about (a refusal, for the letter a requester may download from its notification).
    subject_type = models.CharField(max_length=32, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)  # sent through the channels (mail...)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
