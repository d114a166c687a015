"""The school's side of the gate: refusals of demands, and the violation cases they open."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Division, School, Unit

TITLE_CHARS = 40


class Channel(models.TextChoices):
    DOCUMENT = "document", _("文件通知")
    PHONE = "phone", _("电话")
    WECHAT = "wechat_group", _("微信工作群")
    VISIT = "visit", _("上门")
    APP = "app", _("政务APP")


class Refusal(models.Model):
    """A demand a school refused: who asked, how, when, what, the evidence and the screening verdict."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="refusals")
    requester_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="refused")
    requester_text = models.CharField("提出单位（名录外）", max_length=120, blank=True)
    channel = models.CharField("提出方式", max_length=16, choices=Channel.choices)
    received_on = models.DateField("收到日期")
    content = models.TextField("事项内容")
    screening = models.JSONField(default=dict)
    registration = models.JSONField(default=dict)  # the verification answer for the number given, if any
    serial = models.PositiveIntegerField()  # per school, for the letter's number
    # Issued with the refusal form (hidden field): a second POST of the same form (Back, then submit
    # again) finds the first refusal instead of recording a second one and opening a second case.
    form_token = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["school", "serial"], name="one_serial_per_school")]

    def __str__(self) -> str:
        return f"{self.school.name} 拒绝 {self.requester_name}"

    @property
    def requester_name(self) -> str:
        return self.requester_unit.name if self.requester_unit else self.requester_text

    @property
    def title(self) -> str:
        """What the demand was, for lists: the notice's first sentence, shortened at a word's end."""
        first = self.content.strip().splitlines()[0] if self.content.strip() else ""
        for end in "。！？；":
            first = first.split(end)[0]
        return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"


class Evidence(models.Model):
    refusal = models.ForeignKey(Refusal, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="refusals/")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8)
    sha256 = models.CharField(max_length=64)
    # A photo or scan of the notice: the text read from it, as the principal corrected it, kept beside the
    # file so the bureau can search it and the letter can quote it (jianfu.ocr).
    recognised_text = models.TextField("识别的文字", blank=True)
    recognition = models.ForeignKey(
        "ocr.Recognition", null=True, blank=True, on_delete=models.SET_NULL, related_name="refusal_evidence"
    )

    def __str__(self) -> str:
        return self.name


class CaseState(models.TextChoices):
    OPEN = "open", _("待处理")
    HANDLING = "handling", _("处理中")
    CLOSED = "closed", _("已办结")


class ViolationCase(models.Model):
    """Opened by every refusal, for the education bureau of the school's county; or, without a refusal,
    by a demand that broke a time limit (an emergency left unjustified, 2.3: jianfu/deadlines)."""

    refusal = models.OneToOneField(Refusal, null=True, blank=True, on_delete=models.PROTECT, related_name="case")
    demand = models.ForeignKey(
        "registry.Demand", null=True, blank=True, on_delete=models.PROTECT, related_name="violation_cases"
    )
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="violation_cases")
    state = models.CharField(max_length=12, choices=CaseState.choices, default=CaseState.OPEN)
    action_taken = models.TextField("处理措施", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set by the bureau when it closes a case opened by a refusal: was the school right to refuse? The
    # screening learns from it (jianfu screen --export-cases) and the cases page shows its precision.
    refusal_upheld = models.BooleanField("拒绝是否成立", null=True, blank=True)

    class Meta:
        ordering = ["state", "-id"]

    def __str__(self) -> str:
        return f"违规线索 {self.pk}"
