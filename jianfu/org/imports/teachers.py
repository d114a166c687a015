"""Teachers: keyed by ID number (through its keyed digest); a known person is updated in place.

A bureau that names an ID number already registered outside its jurisdiction is told only that the
number cannot be imported here, never where it is (that would let anyone with the import page find
out where a person works). Transfers between counties go through the bureau above both, whose import
moves the teacher; each such move is audited with the schools it went from and to.
"""

from django.utils import timezone

from jianfu.audit.services import audit_record
from jianfu.documents.language import official_labels
from jianfu.org.access import can_manage_roster
from jianfu.org.identity import (
    encrypt_id_number,
    id_number_digest,
    id_number_problem,
    mask_id_number,
    normalise_id_number,
)
from jianfu.org.imports.lookups import chunks, schools_by_code
from jianfu.org.imports.sheet import Column, RowError, parse_date, split_list, text
from jianfu.org.models import PostStatus, StaffingStatus, Teacher
from jianfu.secondments.roster import post_statuses_from_roster

COLUMNS = [
    Column("学校标识码", "school", hint="所在学校的标识码，须已导入"),
    Column("姓名", "name"),
    Column("身份证号", "id_number", hint="18 位，单元格设为文本格式"),
    Column("编制情况", "staffing", hint="在编 或 非在编"),
    Column("岗位状态", "post", hint="在岗、借用、抽调、其他离岗 或 休假（病假、产假、进修等）"),
    Column("任教学科", "subject", required=False),
    Column("兼任职务", "duties", required=False, hint="如 班主任、年级组长，用顿号分隔"),
    Column("参加工作日期", "started_on", required=False, hint="如 2010-09-01"),
]
STAFFING_BY_LABEL = {label: value for value, label in official_labels(StaffingStatus).items()}
POST_BY_LABEL = {label: value for value, label in official_labels(PostStatus).items()}
NOT_IMPORTABLE_HERE = "该身份证号无法导入到本单位；如属调动，请联系市教育局办理"
UPDATED_FIELDS = ["school", "name", "staffing_status", "post_status", "subject", "duties", "started_on"]


def _id_number(value, number: int, errors: list[RowError]) -> str | None:
    if isinstance(value, int | float):
        errors.append(
            RowError(
                number,
                "身份证号",
                text(value),
                "被 Excel 存成了数字，末几位已经丢失；请把该列设为「文本」格式后重新录入",
            )
        )
        return None
    id_number = normalise_id_number(text(value))
    problem = id_number_problem(id_number)
    if problem:
        errors.append(RowError(number, "身份证号", id_number, problem))
        return None
    return id_number


def plan(rows, acting_user, progress=None):
    errors: list[RowError] = []
    schools, foreign = schools_by_code(acting_user, [text(r["school"]) for _, r in rows])
    records, seen = [], {}
    for number, row in rows:
        school_code = text(row["school"])
        school = schools.get(school_code)
        if school is None:
            reason = (
                "属于您管辖范围以外的县（区）；请由其所属教育局导入"
                if school_code in foreign
                else "不是已登记的学校；请先导入该学校，或核对标识码"
            )
            errors.append(RowError(number, "学校标识码", school_code, reason))
        name = text(row["name"])
        if not name:
            errors.append(RowError(number, "姓名", "", "不能为空；请填写教师姓名"))
        id_number = _id_number(row["id_number"], number, errors)
        digest = id_number_digest(id_number) if id_number else None
        if digest and digest in seen:
            errors.append(
                RowError(number, "身份证号", mask_id_number(id_number), f"与第 {seen[digest]} 行重复；同一教师只填一行")
            )
        elif digest:
            seen[digest] = number
        staffing = STAFFING_BY_LABEL.get(text(row["staffing"]))
        if staffing is None:
            errors.append(RowError(number, "编制情况", text(row["staffing"]), "请填写 在编 或 非在编"))
        post = POST_BY_LABEL.get(text(row["post"]))
        if post is None:
            errors.append(RowError(number, "岗位状态", text(row["post"]), "请填写 在岗、借用、抽调、其他离岗 或 休假"))
        started_on = None
        if text(row.get("started_on")):
            try:
                started_on = parse_date(row["started_on"])
            except ValueError:
                errors.append(
                    RowError(number, "参加工作日期", text(row["started_on"]), "不是有效日期；请写成 2010-09-01 的格式")
                )
        records.append(
            {
                "school": school,
                "name": name,
                "id_number": id_number,
                "digest": digest,
                "staffing_status": staffing,
                "post_status": post,
                "subject": text(row.get("subject")),
                "duties": split_list(row.get("duties")),
                "started_on": started_on,
            }
        )
        if progress and number % 1000 == 0:
            progress(1000)
    existing = _existing_by_digest(list(seen))
    for digest, teacher in existing.items():
        if not can_manage_roster(acting_user, teacher.school.county):
            errors.append(RowError(seen[digest], "身份证号", teacher.id_number_masked, NOT_IMPORTABLE_HERE))
    return errors, lambda: _write(records, existing, acting_user)


def _existing_by_digest(digests: list[str]) -> dict[str, Teacher]:
    found = {}
    for chunk in chunks(digests):
        for teacher in Teacher.objects.filter(id_number_digest__in=chunk).select_related("school__county"):
            found[teacher.id_number_digest] = teacher
    return found


def _write(records, existing: dict[str, Teacher], acting_user) -> dict:
    created, updated, moved = [], [], []
    for record in records:
        teacher = existing.get(record["digest"])
        if teacher is not None and record["school"].county_id != teacher.school.county_id:
            _audit_transfer(acting_user, teacher, record["school"])
        if teacher is None:
            teacher = Teacher(
                id_number_digest=record["digest"],
                id_number_cipher=encrypt_id_number(record["id_number"]),
                id_number_masked=mask_id_number(record["id_number"]),
            )
            created.append(teacher)
        else:
            updated.append(teacher)
        status_before = teacher.post_status
        for field in UPDATED_FIELDS:
            setattr(teacher, field, record[field])
        if teacher.post_status != status_before:
            moved.append(teacher)
    Teacher.objects.bulk_create(created, batch_size=2000)
    Teacher.objects.bulk_update(updated, UPDATED_FIELDS, batch_size=2000)
    # The census (5.1) reads the history of post statuses: a teacher newly marked away is away from today.
    post_statuses_from_roster(moved, on=timezone.localdate())
    return {"created": len(created), "updated": len(updated)}


def _audit_transfer(acting_user, teacher: Teacher, to_school) -> None:
    """A teacher moved to another county's school: who moved whom, from where, to where."""
    audit_record(
        acting_user=acting_user,
        action="teacher.transfer",
        object_type="teacher",
        object_id=teacher.pk,
        before={"school": teacher.school.code, "county": teacher.school.county.code},
        after={"school": to_school.code, "county": to_school.county.code},
    )
