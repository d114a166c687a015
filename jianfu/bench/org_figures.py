"""Organisation figures: province generation, roster import throughput, scoped list latency."""

import io
import random

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from openpyxl import Workbook

from jianfu.bench.measure import Figure, page_percentiles, percentiles_ms, timed
from jianfu.org.console import console_user
from jianfu.org.demo.places import GIVEN, SURNAMES
from jianfu.org.identity import check_digit
from jianfu.org.imports.sheet import read_rows
from jianfu.org.imports.teachers import COLUMNS
from jianfu.org.models import Role, School, Teacher, Unit
from jianfu.org.services import role_grant, roster_import
from jianfu.web.two_factor import client_sign_in_verified

RUNS = 30


def teachers_workbook(rows: int, seed: int = 11) -> bytes:
    """`rows` new teachers spread over the schools of the first prefecture, as a real .xlsx."""
    rng = random.Random(seed)
    codes = list(School.objects.filter(county__path__startswith="/520000/520100/").values_list("code", flat=True))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("教师")
    sheet.append([c.header for c in COLUMNS])
    for n in range(rows):
        # Region 110105 and birth years 2001-2002 keep these apart from the generated roster.
        first17 = f"110105{2001 + n // 366000}{(n // 1000) % 12 + 1:02d}{n // 12000 % 28 + 1:02d}{n % 1000:03d}"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        sheet.append(
            [rng.choice(codes), name, first17 + check_digit(first17), "在编", "在岗", "数学", "班主任", "2024-09-01"]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_figures(rows: int) -> list[Figure]:
    data = teachers_workbook(rows)
    read_seconds = timed(lambda: read_rows(data, COLUMNS))
    before = Teacher.objects.count()
    import_seconds = timed(lambda: roster_import(kind="teachers", data=data, acting_user=console_user()))
    assert Teacher.objects.count() == before + rows, "the benchmark import must write every row"
    return [
        Figure(f"import {rows:,} teacher rows (xlsx)", import_seconds, "s", "read the same sheet only", read_seconds),
        Figure("import throughput", rows / import_seconds, "rows/s"),
    ]


def _officer(username: str, unit_code: str):
    user, _ = get_user_model().objects.get_or_create(username=username)
    role_grant(user=user, role=Role.EDUCATION_BUREAU, unit=Unit.objects.get(code=unit_code))
    return user


@override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)
def latency_figures() -> list[Figure]:
    """In-process requests through the whole middleware stack (the network is left out: it is the
    same for every page and not the application's to improve), each beside its bare query: the plain
    ORM read of the 50 rows the page shows."""
    figures = []
    for label, username, unit_code, path in (
        ("county", "bench-county", "520102-JYJ", "/520000/520100/520102/"),
        ("prefecture", "bench-city", "520100-JYJ", "/520000/520100/"),
    ):
        client = Client()
        client_sign_in_verified(client, _officer(username, unit_code))  # a bureau officer gives a second factor
        # With what each row shows: a school's county and levels, a teacher's school (the bare reads left
        # them out, so the pages were measured against less than they show).
        schools = School.objects.filter(county__path__startswith=path).select_related("county")
        schools = schools.prefetch_related("levels").order_by("code")
        teachers = Teacher.objects.filter(school__county__path__startswith=path).select_related("school")
        teachers = teachers.order_by("school__code", "id")
        bare = {"schools": _bare(schools), "teachers": _bare(teachers)}
        for name, url, rows in (
            ("school list page", "/schools/", "schools"),
            ("teacher list page", "/teachers/", "teachers"),
            ("API /schools", "/api/v1/schools", "schools"),
            ("API /teachers", "/api/v1/teachers", "teachers"),
        ):
            p50, p95 = page_percentiles(client, url, RUNS)
            baseline = f"bare query: 50 {rows} of the {label}"
            figures.append(Figure(f"{label} {name} p50", p50, "ms", f"{baseline} p50", bare[rows][0]))
            figures.append(Figure(f"{label} {name} p95", p95, "ms", f"{baseline} p95", bare[rows][1]))
    return figures


def _bare(queryset) -> tuple[float, float]:
    return percentiles_ms(lambda: list(queryset.all()[:50]), RUNS)
