"""Demo: the group 工资数据查看 holding accountability.view_pay, given to the city bureau's, the inspectorates' and
every county bureau's people (in production the operator grants it with Django's auth); three years of pay
figures per county entered by its bureau, teachers at or above parity everywhere but in 平坝区 this year; that
figure carries the finance and HR bureaus' statements."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from jianfu.accountability.models import PayFigure
from jianfu.accountability.pay import COUNTY_KINDS, PAY_GROUP, document_add, pay_enter
from jianfu.org.demo.load import bureau_person
from jianfu.org.models import Division, DivisionKind, Role, RoleAssignment

BELOW_PARITY_COUNTY = "520403"  # 平坝区: teachers paid less than civil servants in the current year


def pay_demo_is_loaded() -> bool:
    return PayFigure.objects.exists()


def pay_demo_load(today: date | None = None) -> int:
    """Returns how many figures were entered."""
    today = today or timezone.localdate()
    with transaction.atomic():
        pay_group_grant()
        entered = 0
        for index, county in enumerate(Division.objects.filter(kind__in=COUNTY_KINDS).order_by("path")):
            bureau = bureau_person(county)
            if bureau is None:
                continue
            for year in range(today.year - 2, today.year + 1):
                figure = pay_enter(
                    bureau, county=county, year=year, **_averages(index, county, year, today), today=today
                )
                entered += 1
            if county.code == BELOW_PARITY_COUNTY:
                for issuer, name in (("finance", "财政局工资统计.pdf"), ("hr", "人社局公务员工资统计.pdf")):
                    document_add(bureau, figure, issuer=issuer, name=name, data=_statement_pdf(name), today=today)
    return entered


def pay_group_grant() -> Group:
    """The group, with the permission, and its members: the city bureau's, the inspectorates', the counties'
    bureaus' people."""
    group, _ = Group.objects.get_or_create(name=PAY_GROUP)
    group.permissions.add(Permission.objects.get(codename="view_pay", content_type__app_label="accountability"))
    holders = RoleAssignment.objects.filter(unit__isnull=False, user__is_active=True).filter(
        role__in=(Role.EDUCATION_BUREAU, Role.INSPECTOR),
        unit__division__kind__in=(DivisionKind.PREFECTURE, *COUNTY_KINDS),
    )
    group.user_set.add(*{assignment.user for assignment in holders.select_related("user")})
    return group


def _averages(index: int, county: Division, year: int, today: date) -> dict:
    """Civil servants' average rising 4% a year from a county's own base; teachers' just above it, except in
    the below-parity county this year."""
    civil = (Decimal(94_000 + 1_500 * index) * Decimal("1.04") ** (year - today.year + 2)).quantize(Decimal("0.01"))
    behind = county.code == BELOW_PARITY_COUNTY and year == today.year
    teacher = civil - Decimal("3200") if behind else civil + Decimal(600 + 100 * index)
    return {
        "teacher_average": teacher,
        "civil_servant_average": civil,
        "rural_subsidy_average": Decimal(3_000 + 200 * (index % 4)),
    }


def _statement_pdf(title: str) -> bytes:
    """A one-page PDF standing in for a bureau's statement (ASCII only: no font is embedded)."""
    text = f"Jianfu demo statement: {title.encode('unicode_escape').decode()}"
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
