"""Collect once, use many times (clauses 3.1–3.3): what schools answer to a registered form, the statistics
bureau's approval of a statistical survey, and grants of access to data already held instead of asking
schools for it again.

The data dictionary (what the education systems already hold) is data in the policy pack
(`dictionary/*.yaml`, read by `jianfu.policy.dictionary`); a form demand's fields live on the demand
(`Demand.fields`: one object per field, `{"label", "element", "definition", "justification"}`), so the
registry's pre-check reads them with the rest of the demand.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Division, School, Unit


class StatisticsApproval(models.Model):
    """The statistics bureau's approval of a statistical survey (3.2), recorded by its own route step, never
    typed by the requester: the number and how long it is valid."""

    demand = models.OneToOneField("registry.Demand", on_delete=models.PROTECT, related_name="statistics_approval")
    number = models.CharField("统计审批文号", max_length=100)
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期止")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="statistics_approval_ends_after_it_starts",
                condition=models.Q(valid_until__gte=models.F("valid_from")),
            )
        ]

    def __str__(self) -> str:
        return self.number


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("已提交")


class FormResponse(models.Model):
    """One school's answer to a registered form: only the fields the platform does not hold are typed; the
    held ones are filled from the records when the form is opened (and again when it is submitted)."""

    demand = models.ForeignKey("registry.Demand", on_delete=models.PROTECT, related_name="responses")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="form_responses")
    values = models.JSONField(default=dict)  # field label -> value, school-level fields
    rows = models.JSONField(default=list)  # per-teacher fields: [{"teacher": id, label: value, ...}]
    state = models.CharField(max_length=12, choices=ResponseState.choices, default=ResponseState.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demand", "school"], name="one_response_per_school")]

    def __str__(self) -> str:
        return f"{self.school} · {self.demand}"


class GrantState(models.TextChoices):
    REQUESTED = "requested", _("申请中")
    GRANTED = "granted", _("已授权")
    REFUSED = "refused", _("不予授权")
    REVOKED = "revoked", _("已撤销")


class AccessGrant(models.Model):
    """A department's access to data already held (3.3), instead of a form: which elements, for what, for
    which schools (those of `division`), until when; personal data masked unless `personal` is granted.
    Expired when `ends_on` has passed, whatever its state."""

    requester = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="access_grants")
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="access_granted")  # the owning bureau
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")  # the schools in scope
    elements = models.JSONField(default=list)  # dictionary element ids
    purpose = models.TextField("用途")
    starts_on = models.DateField()
    ends_on = models.DateField()
    personal = models.BooleanField("含个人信息", default=False)
    state = models.CharField(max_length=12, choices=GrantState.choices, default=GrantState.REQUESTED)
    demand = models.ForeignKey(  # the form whose fields were all held, when the grant replaces it
        "registry.Demand", null=True, blank=True, on_delete=models.PROTECT, related_name="access_grants"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)  # of a refusal or a revocation

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                name="grant_ends_after_it_starts", condition=models.Q(ends_on__gte=models.F("starts_on"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester} · {self.purpose[:20]}"
