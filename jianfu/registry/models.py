"""The registry: demands on schools and teachers, their transitions, and registration numbers."""

from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from jianfu.org.models import Division, Level, School, Unit
from jianfu.workflow.demand import STATE_LABELS, State

# The labels live in the pure workflow module (marked there for makemessages); they are translated
# here, when a page shows them.
STATE_CHOICES = [(state.value, lazy(gettext, str)(STATE_LABELS[state])) for state in State]


class Demand(models.Model):
    """One demand, whatever its category: the pack says how each category is routed and judged."""

    year = models.PositiveSmallIntegerField("年度")
    category = models.CharField("事项类别", max_length=32)
    kind = models.CharField("检查方式", max_length=24, blank=True)
    title = models.CharField("事项名称", max_length=200)
    content = models.TextField("主要内容")
    legal_basis = models.CharField("依据", max_length=300, blank=True)
    requester = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="demands", verbose_name="提出单位")
    co_requesters = models.ManyToManyField(Unit, blank=True, related_name="joint_demands", verbose_name="联合提出单位")
    # The level that handles it: the requester's division (its education bureau reviews it).
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="demands")
    target_counties = models.ManyToManyField(
        Division, blank=True, related_name="targeted_by", verbose_name="涉及县（区）"
    )
    target_levels = models.ManyToManyField(Level, blank=True, related_name="targeted_by", verbose_name="涉及学段")
    # Area codes joined by commas ("township,village"); empty means every area. (Codes never contain
    # one another, so a substring match finds an area on SQLite and PostgreSQL alike.)
    target_areas = models.CharField("涉及区域", max_length=40, blank=True)
    target_schools = models.ManyToManyField(School, blank=True, related_name="demands", verbose_name="指定学校")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    estimated_hours = models.DecimalField("每校预计占用教师工时", max_digits=7, decimal_places=1)
    fields = models.JSONField("报表字段", default=list, blank=True)
    in_annual_plan = models.BooleanField("列入年度计划", default=False)
    temporary = models.BooleanField("临时事项", default=False)
    emergency = models.BooleanField("紧急事项", default=False)
    # What the requester declares that the engine judges (evaluation methods, app actions...).
    declared_facts = models.JSONField("申报情况", default=dict, blank=True)
    state = models.CharField("状态", max_length=16, choices=STATE_CHOICES, default=State.DRAFT)
    step = models.PositiveSmallIntegerField(default=0)
    route = models.JSONField(default=list, blank=True)  # the route's steps as the pack gave them at submission
    # The unit kinds the present step waits for ("party_office,government_office,..."), empty when
    # nothing waits: what the review queues filter on.
    waiting_for = models.CharField(max_length=120, blank=True, db_index=True)
    findings = models.JSONField(default=list, blank=True)  # the engine's findings at the last submission
    registration_number = models.CharField("备案号", max_length=64, unique=True, null=True, blank=True)
    verification_code = models.CharField("核验码", max_length=16, unique=True, null=True, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["year", "category", "state"]),
            models.Index(fields=["division", "state"]),
            # A year, then the divisions near a school or a demand (calendar, similar search), category and dates.
            # `end` rides along: the similar search's range (start before the new demand's end) holds every
            # earlier demand of the year, and the index alone rejects those that ended before the new one
            # starts, where the old index fetched each one's row to look. A prefecture at four times Guizhou's
            # density: candidates 2.9-3.6 ms instead of 8.8 on SQLite, 3.5 instead of 6.2 on PostgreSQL.
            models.Index(
                fields=["year", "division", "category", "start", "end"], name="demand_year_division_dates_idx"
            ),
            # The public annual list: a division's year in number order, its state beside each number. Read in
            # that order, a page stops after its 100 rows; sorted, it read every demand of the county's year (a
            # county at four times Guizhou's density: 35 ms for the first page, now 4).
            models.Index(fields=["division", "year", "registration_number", "state"], name="demand_published_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="demand_ends_after_it_starts", condition=models.Q(end__gte=models.F("start"))),
            models.CheckConstraint(name="demand_hours_positive", condition=models.Q(estimated_hours__gt=0)),
        ]

    def __str__(self) -> str:
        return self.registration_number or self.title


class DemandTransition(models.Model):
    """Who moved a demand from which state to which, when, and why (the audit log has it too)."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=24)
    from_state = models.CharField(max_length=16, choices=STATE_CHOICES)
    to_state = models.CharField(max_length=16, choices=STATE_CHOICES)
    step = models.PositiveSmallIntegerField(default=0)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.demand_id}: {self.from_state} → {self.to_state}"


class RegistrationCounter(models.Model):
    """The last serial given per division and year; locked while a number is taken, so numbers are
    unique and gap-free even when approvals happen at the same moment."""

    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["division", "year"], name="one_counter_per_division_year")]

    def __str__(self) -> str:
        return f"{self.division_id}/{self.year}: {self.last_serial}"


class QuotaBaseline(models.Model):
    """The count of a category's demands a division actually ran in the baseline year (2020),
    entered once (audited); the pack's quota rules count against it."""

    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["division", "category", "year"], name="one_baseline_per_division")
        ]

    def __str__(self) -> str:
        return f"{self.division_id}/{self.category}/{self.year}: {self.count}"


class QuotaCorrection(models.Model):
    """A wrong baseline set right by the level above (for the city: its approving authority), with
    the reason; the baseline keeps the corrected count and these rows keep every earlier one."""

    baseline = models.ForeignKey(QuotaBaseline, on_delete=models.PROTECT, related_name="corrections")
    previous_count = models.PositiveIntegerField("原基数")
    count = models.PositiveIntegerField("更正后基数")
    reason = models.TextField("更正理由")
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-corrected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.baseline}: {self.previous_count} → {self.count}"


def attachment_path(instance, filename: str) -> str:
    return f"demands/{instance.demand_id}/{filename}"  # the filename is the content's digest


class Attachment(models.Model):
    """A file attached to a demand (its notice, its form); kind checked from the content."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


def result_path(instance, filename: str) -> str:
    return f"results/{instance.demand_id}/{instance.school_id}-{filename}"


class InspectionResult(models.Model):
    """What an inspection found at one school, filed by its requester and readable by every
    department, so that nobody inspects the same school for the same thing again (clause 1.1)."""

    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="results")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="inspection_results")
    summary = models.TextField("检查结果")
    file = models.FileField(upload_to=result_path, blank=True)
    kind = models.CharField(max_length=8, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demand", "school"], name="one_result_per_school")]

    def __str__(self) -> str:
        return f"{self.demand_id}@{self.school_id}"


class ReviewDecision(models.Model):
    """The reviewing bureau's word on what the platform cannot know by itself: a finding the screening
    of the demand's text made (upheld, or dismissed with a reason), or a requester's declaration
    (confirmed, or corrected). The latest decision on a subject holds; earlier ones stay as history."""

    class Verdict(models.TextChoices):
        UPHELD = "upheld", gettext_lazy("维持")
        DISMISSED = "dismissed", gettext_lazy("经审核排除")
        CONFIRMED = "confirmed", gettext_lazy("核实无误")
        CORRECTED = "corrected", gettext_lazy("已更正")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="review_decisions")
    subject = models.CharField(max_length=80)  # "finding:negative_list.A.15" or "declared:teacher_street_duty"
    clause = models.CharField(max_length=16, blank=True)
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    value = models.JSONField(null=True, blank=True)  # a declaration's value as the reviewer certifies it
    reason = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.subject}: {self.verdict}"


class PublicAnswer(models.Model):
    """The public verification answer of a looked-up demand, stored ready so that a look-up is one read
    by a unique index (issue 17). A table of its own rather than columns on Demand: the row is short
    (Demand carries its text and JSON), holds only registered, done and revoked demands, and is written
    by one module (`answer_upkeep.py`, in the transaction of every change that alters an answer), which
    `jianfu verify --check-answers` compares with the answers computed afresh."""

    demand = models.OneToOneField(Demand, on_delete=models.CASCADE, primary_key=True, related_name="+")
    verification_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    registration_number = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # `answer_query.AnswerRow` as JSON: language-neutral data; the words are made per request.
    row = models.TextField()

    def __str__(self) -> str:
        return self.registration_number or str(self.demand_id)
