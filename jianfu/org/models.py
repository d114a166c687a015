"""Organisation: divisions, units, schools, teachers, and the roles users hold on them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionKind(models.TextChoices):
    PROVINCE = "province", _("省")
    PREFECTURE = "prefecture", _("市（州）")
    DISTRICT = "district", _("区")
    COUNTY = "county", _("县")
    AUTONOMOUS_COUNTY = "autonomous_county", _("自治县")
    MANAGEMENT_COMMITTEE = "management_committee", _("管委会")


class Division(models.Model):
    """An administrative division; `code` is GB/T 2260 where one exists, else a stable local code."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    kind = models.CharField("类别", max_length=24, choices=DivisionKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # "/520000/520400/520402/": a subtree is one indexed prefix match, at any depth.
    path = models.CharField(max_length=128, unique=True, editable=False)
    is_gb_code = models.BooleanField("国标代码", default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "行政区划"

    def __str__(self) -> str:
        return self.name

    @property
    def is_county_level(self) -> bool:
        return self.kind not in (DivisionKind.PROVINCE, DivisionKind.PREFECTURE)


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委")
    GOVERNMENT = "government", _("人民政府")
    PARTY_OFFICE = "party_office", _("党委办公室")
    GOVERNMENT_OFFICE = "government_office", _("政府办公室")
    EDUCATION_BUREAU = "education_bureau", _("教育局")
    STATISTICS_BUREAU = "statistics_bureau", _("统计局")
    SUPERVISION_BUREAU = "supervision_bureau", _("督查督办局")
    DISCIPLINE_COMMISSION = "discipline_commission", _("纪委监委")
    EDUCATION_INSPECTORATE = "education_inspectorate", _("教育督导室")
    DEPARTMENT = "department", _("其他部门")
    TOWNSHIP = "township", _("乡镇（街道）")


class Unit(models.Model):
    code = models.CharField("单位代码", max_length=32, unique=True)
    name = models.CharField("单位名称", max_length=128)
    kind = models.CharField("单位类别", max_length=32, choices=UnitKind.choices)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="units", verbose_name="所属区划")

    class Meta:
        ordering = ["division__path", "code"]
        verbose_name = "单位"

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """A school level (学段); the six rows are created by a migration."""

    code = models.CharField(max_length=24, primary_key=True)
    name = models.CharField(max_length=16, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Area(models.TextChoices):
    URBAN = "urban", _("城区")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村")


class School(models.Model):
    code = models.CharField("学校标识码", max_length=16, unique=True)
    name = models.CharField("学校名称", max_length=128)
    county = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="schools", verbose_name="所属县（区）")
    levels = models.ManyToManyField(Level, related_name="schools", verbose_name="学段")
    area = models.CharField("区域", max_length=12, choices=Area.choices)
    pupil_count = models.PositiveIntegerField("在校学生数", default=0)
    staff_quota = models.PositiveIntegerField("核定编制数", default=0)

    class Meta:
        ordering = ["county__path", "code"]
        verbose_name = "学校"

    def __str__(self) -> str:
        return self.name


class StaffingStatus(models.TextChoices):
    ESTABLISHED = "established", _("在编")
    NON_ESTABLISHED = "non_established", _("非在编")


class PostStatus(models.TextChoices):
    ON_POST = "on_post", _("在岗")
    SECONDED = "seconded", _("借用")
    ASSIGNED = "assigned", _("抽调")
    OTHER_OFF_POST = "other_off_post", _("其他离岗")
    # Away for the teacher's own reasons (sick, maternity, study leave): listed by the census, never flagged.
    ON_LEAVE = "on_leave", _("休假")


class Teacher(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="teachers", verbose_name="学校")
    name = models.CharField("姓名", max_length=32)
    # The ID number itself is only ever stored encrypted (see org/identity.py); the digest finds
    # duplicates without decrypting, the masked form is what people see.
    id_number_cipher = models.TextField(editable=False)
    id_number_digest = models.CharField(max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField("身份证号", max_length=18, editable=False)
    staffing_status = models.CharField("编制情况", max_length=20, choices=StaffingStatus.choices)
    post_status = models.CharField("岗位状态", max_length=20, choices=PostStatus.choices)
    subject = models.CharField("任教学科", max_length=32, blank=True)
    duties = models.JSONField("兼任职务", default=list, blank=True)
    started_on = models.DateField("参加工作日期", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="teacher"
    )

    class Meta:
        ordering = ["school_id", "id"]
        verbose_name = "教师"
        permissions = [("view_teacher_id_number", "可查看完整身份证号")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    EDUCATION_BUREAU = "education_bureau", _("教育行政部门")
    APPROVER = "approver", _("审批机关")
    JOINT_REVIEWER = "joint_reviewer", _("联合审核单位")
    REQUESTER = "requester", _("提出单位")
    PRINCIPAL = "principal", _("学校（校长/办公室）")
    TEACHER = "teacher", _("教师")
    INSPECTOR = "inspector", _("督导/纪检（只读）")


SCHOOL_ROLES = frozenset({Role.PRINCIPAL, Role.TEACHER})


class RoleAssignment(models.Model):
    """A user holds a role on a unit (bureau, authority, department, inspectorate) or on a school."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=24, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="role_on_exactly_one_unit_or_school",
                condition=(
                    models.Q(unit__isnull=False, school__isnull=True)
                    | models.Q(unit__isnull=True, school__isnull=False)
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "unit", "school"], name="unique_role_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit or self.school}"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"


class DemoMark(models.Model):
    """Present when the demo data set is loaded; the interface then shows a 演示数据 banner."""

    loaded_at = models.DateTimeField(auto_now_add=True)
    version = models.CharField(max_length=16)

    def __str__(self) -> str:
        return f"演示数据 {self.version}"
