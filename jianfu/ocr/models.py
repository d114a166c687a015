"""A recognition: photos, screenshots or scans a person gave, read by the task worker (never in a web
request), and the text they gave back, with the characters the reader doubted and the chat labels it set
apart, until the person corrects it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.accountability.models import StoredFile


class Purpose(models.TextChoices):
    SCREENING = "screening", _("审查通知")
    REFUSAL_EVIDENCE = "refusal_evidence", _("拒绝的证据")
    COMPLAINT_EVIDENCE = "complaint_evidence", _("举报的证据")


class State(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("识别中")
    DONE = "done", _("已识别")
    FAILED = "failed", _("识别失败")


class Recognition(models.Model):
    # A uuid, not a counter: the page's address is given to nobody else, and reveals no count.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Empty for a complaint's evidence: an anonymous filing has no account, and none is stored.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="recognitions"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.SCREENING)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)  # as read
    doubtful = models.JSONField(default=list)  # [[start, end], ...] spans of `text` below the confidence threshold
    set_apart = models.JSONField(default=list)  # chat names, times and labels: shown, never screened
    corrected_text = models.TextField(blank=True)  # as the person corrected it; screened when given
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)  # when a worker last took it
    attempts = models.PositiveSmallIntegerField(default=0)  # how many times a worker took it
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"识别 {self.pk}"

    @property
    def final_text(self) -> str:
        """What is screened and kept: the person's correction, or the text as read."""
        return self.corrected_text or self.text


class RecognitionImage(StoredFile):
    """One photo, screenshot or scan of a recognition, stored like other evidence (named by its digest)."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="recognitions/")
    sha256 = models.CharField(max_length=64)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta(StoredFile.Meta):
        ordering = ["order", "id"]
