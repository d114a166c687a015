"""Pay parity (clause 6.1): each county's yearly averages of compulsory-education teachers' and local civil
servants' pay, with the finance and HR bureaus' statements attached.

Pay figures are personal-data adjacent: only aggregates are stored, and only people who hold the permission
`accountability.view_pay` read them (the operator grants it with Django's groups; the demo makes the group
工资数据查看). Without it every reader below answers nothing, and the pages 404. Writes are the county's own
education bureau's, for its own county only; each is atomic and audited with what it replaced."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianfu.accountability.models import PayDocument, PayFigure
from jianfu.audit.services import audit_record
from jianfu.documents.uploads import UploadRejected, check_upload, download_name, store_upload
from jianfu.org.access import divisions_for
from jianfu.org.models import Division, DivisionKind, Role, RoleAssignment
from jianfu.web.params import year_typed

VIEW_PAY = "accountability.view_pay"
PAY_GROUP = "工资数据查看"  # the demo's group holding VIEW_PAY (the operator may name theirs freely)
MAX_AMOUNT = Decimal("9999999.99")
COUNTY_KINDS = (
    DivisionKind.DISTRICT,
    DivisionKind.COUNTY,
    DivisionKind.AUTONOMOUS_COUNTY,
    DivisionKind.MANAGEMENT_COMMITTEE,
)
ISSUERS = {"finance": gettext_lazy("财政局"), "hr": gettext_lazy("人力资源和社会保障局"), "other": gettext_lazy("其他")}
FIELD_LABELS = {
    "county": gettext_lazy("县（区）"),
    "year": gettext_lazy("年度"),
    "teacher_average": gettext_lazy("义务教育教师年平均工资"),
    "civil_servant_average": gettext_lazy("当地公务员年平均工资"),
    "rural_subsidy_average": gettext_lazy("乡村教师年平均生活补助"),
    "issuer": gettext_lazy("出具单位"),
    "file": gettext_lazy("文件"),
}


class PayInvalid(Exception):
    """Refused input: `errors` maps each field to a Chinese sentence that names it and the fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors

    @property
    def message(self) -> str:
        return str(self)


# --- Who reads, who writes ------------------------------------------------------------------------------


def may_view_pay(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(VIEW_PAY))


def pay_counties(user) -> QuerySet[Division]:
    """The counties whose figures this person reads: those in their divisions (a city bureau every county of
    the city, a county bureau its own), and none without the permission."""
    if not may_view_pay(user):
        return Division.objects.none()
    return divisions_for(user).filter(kind__in=COUNTY_KINDS).order_by("path")


def pay_entry_counties(user) -> QuerySet[Division]:
    """The counties whose figures this person may enter: where they work for the county's education bureau
    (and hold the permission, since whoever enters the figures reads them)."""
    if not may_view_pay(user):
        return Division.objects.none()
    bureau_divisions = RoleAssignment.objects.filter(user=user, role=Role.EDUCATION_BUREAU, unit__isnull=False)
    return Division.objects.filter(kind__in=COUNTY_KINDS, pk__in=bureau_divisions.values("unit__division_id")).order_by(
        "path"
    )


def pay_figures_for(user, *, year: int | None = None) -> QuerySet[PayFigure]:
    """The figures this person may read, newest year first, county by county."""
    figures = PayFigure.objects.filter(county__in=pay_counties(user))
    if year is not None:
        figures = figures.filter(year=year)
    return figures.select_related("county").prefetch_related("documents").order_by("-year", "county__path")


def below_parity(figure: PayFigure) -> bool:
    """Clause 6.1: teachers' average pay may not fall below local civil servants'."""
    return figure.teacher_average < figure.civil_servant_average


def parity_gap(figure: PayFigure) -> Decimal:
    """How much less teachers are paid (0 at or above parity)."""
    return max(figure.gap, Decimal("0"))


def year_asked(typed: str, default: int | None) -> tuple[int | None, str]:
    """The year of a page's or the API's `year` parameter (pay is reported for past years only), or
    `default` when it is left out; and the sentence naming the parameter when it is no year."""
    return year_typed(typed, last=timezone.localdate().year, default=default)


# --- Checking what was typed or imported ----------------------------------------------------------------


@dataclass(frozen=True)
class PayValues:
    year: int
    teacher_average: Decimal
    civil_servant_average: Decimal
    rural_subsidy_average: Decimal | None


def pay_values_check(*, year, teacher_average, civil_servant_average, rural_subsidy_average, today: date):
    """(PayValues, {}) or (None, {field: what to fix}) for the year and the three amounts, typed or read."""
    errors: dict[str, str] = {}
    checked_year = _year(year, today, errors)
    amounts = {
        field: _amount(field, value, errors, required=field != "rural_subsidy_average")
        for field, value in (
            ("teacher_average", teacher_average),
            ("civil_servant_average", civil_servant_average),
            ("rural_subsidy_average", rural_subsidy_average),
        )
    }
    if errors:
        return None, errors
    return PayValues(checked_year, **amounts), {}


def _year(value, today: date, errors: dict) -> int | None:
    text = str(value if value is not None else "").strip()
    if text.endswith(".0"):  # a spreadsheet's number
        text = text[:-2]
    year, error = year_typed(text, last=today.year)
    if error or year is None:
        errors["year"] = error or _("年度：请填写年份")
    return year


def _amount(field: str, value, errors: dict, *, required: bool) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    label = FIELD_LABELS[field]
    if not text:
        if required:
            errors[field] = _("请填写%(label)s（元/年）") % {"label": label}
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        errors[field] = _("%(label)s「%(value)s」不是金额；请只填数字，单位为元/年，如 98000.00") % {
            "label": label,
            "value": text,
        }
    elif amount <= 0 or amount > MAX_AMOUNT:
        errors[field] = _("%(label)s须大于 0 且不超过 9,999,999.99 元/年；请核对金额（单位是元，不是万元）") % {
            "label": label
        }
    elif amount != amount.quantize(Decimal("0.01")):
        errors[field] = _("%(label)s最多保留两位小数（到分）；请改正") % {"label": label}
    else:
        return amount.quantize(Decimal("0.01"))
    return None


def county_entry_error(user, county: Division | None) -> str | None:
    if county is None or not pay_entry_counties(user).filter(pk=county.pk).exists():
        return _("只有本县（区）教育局可以填报本县（区）的工资数据；请选择您所在的县（区）")
    return None


# --- Writes ---------------------------------------------------------------------------------------------


def pay_enter(
    user,
    *,
    county: Division,
    year,
    teacher_average,
    civil_servant_average,
    rural_subsidy_average=None,
    today: date | None = None,
) -> PayFigure:
    """Creates the county's figure of the year, or corrects it (the audit keeps what it replaced)."""
    today = today or timezone.localdate()
    errors = {}
    if problem := county_entry_error(user, county):
        errors["county"] = problem
    values, value_errors = pay_values_check(
        year=year,
        teacher_average=teacher_average,
        civil_servant_average=civil_servant_average,
        rural_subsidy_average=rural_subsidy_average,
        today=today,
    )
    errors |= value_errors
    if errors:
        raise PayInvalid(errors)
    with transaction.atomic():
        return figure_write(user, county, values, today=today, via="form")


def figure_write(user, county: Division, values: PayValues, *, today: date, via: str) -> PayFigure:
    """Inside the caller's transaction: the county's row is locked first, so two people entering the same year
    at once make one figure and two audited versions of it, never a failed unique constraint."""
    Division.objects.select_for_update().filter(pk=county.pk).first()
    figure = PayFigure.objects.filter(county=county, year=values.year).first()
    before = _snapshot(figure) if figure else None
    figure = figure or PayFigure(county=county, year=values.year)
    figure.teacher_average = values.teacher_average
    figure.civil_servant_average = values.civil_servant_average
    figure.rural_subsidy_average = values.rural_subsidy_average
    figure.entered_by, figure.entered_on = user, today
    figure.save()
    audit_record(
        acting_user=user,
        action="pay.correct" if before else "pay.enter",
        object_type="pay_figure",
        object_id=figure.pk,
        before=before,
        after=_snapshot(figure) | {"via": via},
    )
    return figure


def _snapshot(figure: PayFigure) -> dict:
    subsidy = figure.rural_subsidy_average
    return {
        "county": figure.county.code,
        "year": figure.year,
        "teacher_average": str(figure.teacher_average),
        "civil_servant_average": str(figure.civil_servant_average),
        "rural_subsidy_average": str(subsidy) if subsidy is not None else None,
    }


def document_add(user, figure: PayFigure, *, issuer: str, name: str, data: bytes, today=None) -> PayDocument:
    """Attaches the finance or HR bureau's statement (or another source) to a figure; the file's kind is read
    from its content and it is stored under its digest."""
    errors = {}
    if problem := county_entry_error(user, figure.county):
        errors["county"] = problem
    if issuer not in ISSUERS:
        errors["issuer"] = _("请选择出具单位：%(choices)s") % {
            "choices": _("、").join(str(v) for v in ISSUERS.values())
        }
    try:
        kind = check_upload(name, data)
    except UploadRejected as rejected:
        errors["file"] = str(rejected)
    if errors:
        raise PayInvalid(errors)
    with transaction.atomic():
        document = PayDocument(
            figure=figure,
            issuer=issuer,
            name=download_name(name, kind)[-128:],
            kind=kind,
            size=len(data),
            added_on=today or timezone.localdate(),
        )
        digest = store_upload(document, data, kind)
        document.save()
        audit_record(
            acting_user=user,
            action="pay.document_add",
            object_type="pay_figure",
            object_id=figure.pk,
            after={"document": document.pk, "issuer": issuer, "kind": kind, "size": len(data), "sha256": digest},
        )
    return document
