"""Monitoring (clause 7.4): each county names monitoring schools for a year (the pack's matrix of areas and
levels, one school a cell), their teachers answer a burden survey anonymously each wave, and each county
reports to the city by the pack's due date (25 November for Anshun).

What is never stored of a survey answer: who gave it. A school hands out single-use codes; a code is kept
only as a keyed digest, marked used in the transaction that stores the answer, and the answer keeps no link
to it — only the site, the wave and the day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Division, School

# What a teacher's hours in the most recent complete week are spent on (the survey's rows, TALIS-like).
ACTIVITIES = {
    "teaching": _("上课"),
    "preparation": _("备课"),
    "marking": _("批改作业"),
    "pupil_care": _("学生管理与辅导"),
    "parents": _("家校沟通"),
    "administration": _("学校行政事务"),
    "development": _("教研与培训"),
    "external_registered": _("已登记的外部事项"),
    "external_unregistered": _("未登记的外部事项"),
    "other": _("其他"),
}
EXTERNAL = ("external_registered", "external_unregistered")


class MonitoringSite(models.Model):
    """One cell of a county's matrix for a year: the school, and the cell it stands for (its real area and
    level, or the nearest area with a reason the city approved, when the county has no school for the cell)."""

    year = models.PositiveSmallIntegerField()
    county = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="monitoring_sites")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="monitoring_sites")
    area = models.CharField(max_length=16)  # a matrix area code of the pack (urban, township, village)
    level = models.CharField(max_length=16)  # a matrix level code of the pack (secondary, primary, kindergarten)
    stand_in_reason = models.TextField(blank=True)
    stand_in_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stand_in_approved_on = models.DateField(null=True, blank=True)
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_on = models.DateField()

    class Meta:
        ordering = ["year", "county__path", "area", "level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "county", "area", "level"], name="one_site_per_cell"),
            models.UniqueConstraint(fields=["year", "school"], name="one_cell_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.school} ({self.area}/{self.level})"


class Wave(models.Model):
    """One round of the survey (per term, as the pack says): when it opens and closes."""

    year = models.PositiveSmallIntegerField()  # the monitoring year its sites belong to
    term = models.CharField(max_length=16, unique=True)  # e.g. 2026-spring, 2026-autumn
    label = models.CharField(max_length=40)  # 2026年秋季学期
    opens_on = models.DateField()
    closes_on = models.DateField()

    class Meta:
        ordering = ["opens_on"]
        constraints = [
            models.CheckConstraint(name="wave_closes_after_it_opens", condition=Q(closes_on__gte=models.F("opens_on")))
        ]

    def __str__(self) -> str:
        return self.label


class SurveyCode(models.Model):
    """A single-use code a site's school hands to one teacher for one wave; only its keyed digest is kept."""

    site = models.ForeignKey(MonitoringSite, on_delete=models.CASCADE, related_name="codes")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)
    issued_on = models.DateField()
    used = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["site", "wave", "used"])]

    def __str__(self) -> str:
        return f"{self.site_id}/{self.wave_id}"


class SurveyAnswer(models.Model):
    """One teacher's answer, with nothing that says who: no code, no account, no time of day."""

    site = models.ForeignKey(MonitoringSite, on_delete=models.PROTECT, related_name="answers")
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="answers")
    hours = models.JSONField(default=dict)  # activity (ACTIVITIES) -> hours in the most recent complete week
    demands = models.TextField(blank=True)  # the demands received, in the teacher's words
    comment = models.TextField(blank=True)
    answered_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["wave", "site"])]

    def __str__(self) -> str:
        return f"答卷 {self.pk}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")


class CountyReport(models.Model):
    """A county's yearly report to the city (7.4): the figures assembled from the records, the sections the
    bureau writes itself, and, once submitted, the figures as they stood (a snapshot the city reads)."""

    county = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="monitoring_reports")
    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    sections = models.JSONField(default=dict)  # section key -> the bureau's own text
    figures = models.JSONField(default=dict)  # the assembled figures, frozen at submission
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "county__path"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="one_report_per_county_and_year")]

    def __str__(self) -> str:
        return f"{self.county} {self.year} 年减负情况报告"
