"""Writes to the organisation data: each one atomic and audited."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_noop

from jianfu.audit.services import audit_record
from jianfu.org.access import can_manage_roster
from jianfu.org.imports.export import SPECS
from jianfu.org.imports.sheet import ImportRejected, read_rows
from jianfu.org.models import SCHOOL_ROLES, ApiToken, Role, RoleAssignment, School, Unit

NOT_A_ROSTER_MANAGER = gettext_noop("只有教育行政部门工作人员可以导入名册；请联系本级教育局")


def roster_import(*, kind: str, data: bytes, acting_user, progress=None) -> dict:
    """Import one workbook of schools, teachers or units. Every row is checked first; any problem
    rejects the whole file (ImportRejected, with every error) and nothing is written."""
    if not can_manage_roster(acting_user):
        raise PermissionDenied(NOT_A_ROSTER_MANAGER)
    spec = SPECS[kind]
    rows = read_rows(data, spec.COLUMNS)
    errors, write = spec.plan(rows, acting_user, progress)
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        counts = write()
        audit_record(
            acting_user=acting_user,
            action=f"{kind}.import",
            object_type=kind,
            object_id="*",
            after={**counts, "rows": len(rows), "file_sha256": hashlib.sha256(data).hexdigest()},
        )
    return counts


def role_grant(
    *, user, role: Role, unit: Unit | None = None, school: School | None = None, acting_user=None
) -> RoleAssignment:
    if (role in SCHOOL_ROLES) != (school is not None) or (unit is None) == (school is None):
        raise ValueError("学校角色（校长、教师）须指定学校，其他角色须指定单位")
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit, school=school)
        if created:
            audit_record(
                acting_user=acting_user,
                action="role.grant",
                object_type="user",
                object_id=user.pk,
                after={
                    "user": user.get_username(),
                    "role": role,
                    "unit": unit and unit.code,
                    "school": school and school.code,
                },
            )
    return assignment


def api_token_create(*, acting_user, name: str) -> str:
    """Returns the token once; only its digest is kept."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        record = ApiToken.objects.create(user=acting_user, name=name, digest=hashlib.sha256(token.encode()).hexdigest())
        audit_record(
            acting_user=acting_user,
            action="api_token.create",
            object_type="api_token",
            object_id=record.pk,
            after={"name": name},
        )
    return token
