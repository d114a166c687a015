"""Complaints about burdens on schools (clause 6.3): anyone may file, with or without an account, and every
complaint is answered.

What is never stored for an anonymous filing: an address, a user agent, a session, an account, a time of
day (the dates are days only, so the records cannot be matched against any log by the minute), the names
of the files given as evidence, their metadata. The receipt code is shown once and kept only as a keyed
digest; the passphrase only as a salted hash. A named filer's identity is encrypted (jianfu.complaints
.identity) and read only by holders of the `reveal_complainant` permission, who state a reason (audited).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Division, School, Unit
from jianfu.workflow.complaint import FINDING_LABELS, STATE_LABELS, Finding, State

STATE_CHOICES = [(state.value, _(label)) for state, label in STATE_LABELS.items()]
FINDING_CHOICES = [(finding.value, _(label)) for finding, label in FINDING_LABELS.items()]


class Level(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")


class Complaint(models.Model):
    receipt_digest = models.CharField(max_length=64, unique=True, editable=False)
    passphrase_hash = models.CharField(max_length=200, editable=False)
    state = models.CharField(max_length=16, choices=STATE_CHOICES, default=State.RECEIVED)
    # Where it happened (the county of the school or of the accused unit; the city when neither is known):
    # the scope of who may see it, and the row of the figures.
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="complaints")
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.COUNTY)
    accused_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="accused_in")
    accused_name = models.CharField("被举报单位", max_length=200)  # the unit's name, or the filer's own words
    content = models.TextField("被要求做的事")
    demanded_on = models.DateField("要求的日期", null=True, blank=True)
    schools = models.ManyToManyField(School, blank=True, related_name="complaints")
    notice_text = models.TextField("通知原文", blank=True)
    suggested_items = models.JSONField(default=list)  # negative-list item numbers the screener found
    items = models.JSONField(default=list)  # as the filer confirmed or changed them
    clauses = models.JSONField(default=list)
    demand = models.ForeignKey(
        "registry.Demand", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    investigating_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="investigating"
    )
    # Where the county bureau itself is accused: the city bureau investigates with the discipline inspectorate.
    assisting_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="assisting")
    named = models.BooleanField(default=False)
    identity_cipher = models.TextField(blank=True, editable=False)
    filer_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    received_on = models.DateField()
    accepted_on = models.DateField(null=True, blank=True)
    not_accepted_reason = models.TextField(blank=True)
    finding = models.CharField(max_length=16, choices=FINDING_CHOICES, blank=True)
    facts = models.TextField(blank=True)
    measures = models.TextField(blank=True)
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    review_reason = models.TextField(blank=True)
    violation_case = models.ForeignKey(
        "gate.ViolationCase", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        permissions = [("reveal_complainant", _("查看实名举报人身份"))]
        indexes = [models.Index(fields=["division", "received_on"])]

    def __str__(self) -> str:
        return f"举报 {self.pk}：{self.accused_name}"

    @property
    def finding_value(self) -> Finding | None:
        return Finding(self.finding) if self.finding else None


class Side(models.TextChoices):
    FILER = "filer", _("举报人")
    INVESTIGATOR = "investigator", _("调查单位")


class ComplaintMessage(models.Model):
    """A question of the investigator, or the filer's answer. The filer's side has no author, ever."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(max_length=16, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.side}"


class ComplaintEvidence(models.Model):
    """A file given with a complaint, its metadata removed before it was stored; named by its number
    (证据1.jpg), never by the name it had on the filer's device."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    message = models.ForeignKey(
        ComplaintMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to="complaints/")
    kind = models.CharField(max_length=8)  # as read from the content (documents.uploads.sniff)
    digest = models.CharField(max_length=64)  # of the stored (cleaned) bytes
    size = models.PositiveIntegerField()
    added_on = models.DateField()
    # A photo or scan: read by the task worker after filing; its text is searched by the bureau. The
    # recognition has no owner, so nothing about the filer is stored with it.
    recognition = models.ForeignKey(
        "ocr.Recognition", null=True, blank=True, on_delete=models.SET_NULL, related_name="complaint_evidence"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"证据 {self.pk}"


class ComplaintTransition(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16)
    to_state = models.CharField(max_length=16)
    action = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_state} → {self.to_state}"


class ComplaintChannel(models.Model):
    """A level's published hotline and mailbox (6.3: 公布举报电话和信箱), maintained by an operator."""

    division = models.OneToOneField(Division, on_delete=models.PROTECT, related_name="complaint_channel")
    unit_name = models.CharField("受理单位", max_length=128)
    hotline = models.CharField("举报电话", max_length=64)
    mailbox = models.CharField("举报信箱", max_length=200)  # an e-mail address or a postal address
    hours = models.CharField("受理时间", max_length=100, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["division__path"]

    def __str__(self) -> str:
        return f"{self.division.name}：{self.hotline}"
