"""Accountability (clauses 6.1, 7.1–7.3): each measure's units report progress per period and the
inspectorate accepts or returns the report; the inspectorate scores counties and requesting departments
from the records by the pack's scoring sheet, with its own adjustments; counties enter teachers' and civil
servants' average pay (6.1), read only by those who hold the permission."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Division, Unit


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    ACCEPTED = "accepted", _("已认可")
    RETURNED = "returned", _("已退回")


class MeasureReport(models.Model):
    """One unit's progress on one measure (a clause id of the pack, e.g. "1.2") for one period of the pack's
    cycle (e.g. "2026-H2"): what was done, links to records, evidence files; the inspectorate's decision."""

    measure = models.CharField(max_length=16)  # the pack's clause id
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="measure_reports")
    period = models.CharField(max_length=16)  # 2026-H1 | 2026-H2 | 2026 (as the pack's cycle says)
    state = models.CharField(max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    done = models.TextField(blank=True)  # what was done, in the unit's words
    links = models.JSONField(default=list)  # [{"label": ..., "url": ...}] to the platform's records
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remarks = models.TextField(blank=True)  # the inspectorate's, required when returned

    class Meta:
        ordering = ["period", "measure", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "unit", "period"], name="one_report_per_measure_unit_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.unit} {self.period}"


class StoredFile(models.Model):
    """What an attached file keeps besides its bytes: the name it is shown by, its type as read from the
    content (documents.uploads.sniff), its size and the day it was added."""

    name = models.CharField(max_length=128)  # as shown: 证据1.pdf
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    added_on = models.DateField()

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class MeasureEvidence(StoredFile):
    """A file attached to a progress report, named by its number."""

    report = models.ForeignKey(MeasureReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="accountability/")


class ScoreAdjustment(models.Model):
    """The inspectorate's own points for a unit's score of a year, on one indicator or on the whole
    (indicator blank), always with a reason."""

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="score_adjustments")
    indicator = models.CharField(max_length=32, blank=True)  # an indicator id of the scoring sheet, or whole
    points = models.DecimalField(max_digits=6, decimal_places=2)  # added (negative: deducted)
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_on = models.DateField()

    class Meta:
        ordering = ["year", "unit__code", "id"]
        constraints = [models.CheckConstraint(name="adjustment_has_a_reason", condition=~Q(reason=""))]

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.indicator or '总分'} {self.points:+}"


class PayFigure(models.Model):
    """A county's yearly averages (6.1): compulsory-education teachers' and local civil servants' average
    annual pay, and rural teachers' average yearly subsidy, entered or imported by the county's education
    bureau from the finance and HR bureaus' documents. Aggregates only: nobody's own pay is stored."""

    county = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="pay_figures")
    year = models.PositiveSmallIntegerField()
    teacher_average = models.DecimalField(max_digits=10, decimal_places=2)  # yuan a year
    civil_servant_average = models.DecimalField(max_digits=10, decimal_places=2)  # yuan a year
    rural_subsidy_average = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField()

    class Meta:
        ordering = ["-year", "county__path"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="one_pay_figure_per_county_year")]
        permissions = [("view_pay", "查看教师与公务员平均工资对比")]

    def __str__(self) -> str:
        return f"{self.county} {self.year}"

    @property
    def gap(self):
        """Civil servants' average less teachers' (positive: teachers are paid less, below parity)."""
        return self.civil_servant_average - self.teacher_average


class PayDocument(StoredFile):
    """A source document of a pay figure: the finance or the HR bureau's statement."""

    figure = models.ForeignKey(PayFigure, on_delete=models.CASCADE, related_name="documents")
    issuer = models.CharField(max_length=16)  # finance | hr | other
    file = models.FileField(upload_to="accountability/pay/")
