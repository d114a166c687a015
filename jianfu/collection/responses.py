"""Schools fill only what is missing (3.1): a registered form reaches each school in its scope prefilled
from what the platform holds; the school types only the fields it does not; the requester sees who has
answered and downloads the aggregate.

A response stores, under each field's label, the values as they stood when it was last saved: the held
ones are read again from the records at every save, so a submitted response shows what the school
confirmed. ID numbers are only ever stored masked.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jianfu.audit.services import audit_record
from jianfu.collection.fields import FormField, InvalidValue, clean_value, form_fields, missing_message
from jianfu.collection.models import FormResponse, ResponseState
from jianfu.collection.prefill import roster_of, school_values, teacher_values
from jianfu.org.access import scope_for
from jianfu.org.models import School
from jianfu.registry.access import may_request_for
from jianfu.registry.models import Demand
from jianfu.registry.selectors import PUBLISHED_STATES, demand_list_for_school
from jianfu.workflow.demand import State

FORM_CATEGORIES = ("form", "statistical_survey", "research_survey")

ALREADY_SUBMITTED = gettext_noop("本校已提交此报表，不能再修改；如需更正，请联系提出单位")
NOT_OPEN = gettext_noop("此报表已办结，不再接受填报")
ONLY_PRINCIPAL = gettext_noop("只有本校校长（学校管理员）可以填报本校的报表")


class ResponseError(Exception):
    """The response cannot be changed at all (submitted, closed, not this school's)."""


class ResponseRejected(Exception):
    """Some values were wrong; nothing was saved. `errors` maps each input's key to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


@dataclass
class TeacherRow:
    teacher_id: int
    name: str
    values: dict[str, object] = field(default_factory=dict)  # field key -> value


@dataclass
class FormView:
    demand: Demand
    school: School
    fields: list[FormField]
    values: dict[str, object]  # school-level field key -> value (held ones prefilled)
    rows: list[TeacherRow]  # one per teacher of the roster when the form asks teacher-level fields
    state: str  # "" not started, or the response's state
    submitted_on: date | None = None

    @property
    def school_fields(self) -> list[FormField]:
        return [f for f in self.fields if not f.per_teacher]

    @property
    def teacher_fields(self) -> list[FormField]:
        return [f for f in self.fields if f.per_teacher]

    @property
    def open_fields(self) -> list[FormField]:
        return [f for f in self.fields if not f.held]

    @property
    def submitted(self) -> bool:
        return self.state == ResponseState.SUBMITTED

    @property
    def editable(self) -> bool:
        return not self.submitted and self.demand.state == State.REGISTERED


def teacher_key(field: FormField, teacher_id: int) -> str:
    """The input name of one teacher's value of a teacher-level field."""
    return f"{field.key}.t{teacher_id}"


# --- Which forms reach which schools ---------------------------------------------------------------


def forms_for_school(*, school: School, year: int | None = None) -> QuerySet[Demand]:
    """The registered forms (and surveys) that reach a school: the school calendar's demands that ask
    fields."""
    return demand_list_for_school(school=school, year=year).filter(category__in=FORM_CATEGORIES).exclude(fields=[])


def schools_reached(demand: Demand) -> QuerySet[School]:
    """The schools a demand reaches: the converse of `demand_list_for_school` (named, or in its counties,
    levels and areas, under the division that handles it)."""
    under = School.objects.filter(county__path__startswith=demand.division.path)
    named = Q(pk__in=demand.target_schools.values("pk"))
    counties = list(demand.target_counties.values_list("pk", flat=True))
    levels = list(demand.target_levels.values_list("pk", flat=True))
    areas = [a for a in demand.target_areas.split(",") if a]
    covered = Q()
    if counties:
        covered &= Q(county_id__in=counties)
    if levels:
        at_level = School.levels.through.objects.filter(school_id=OuterRef("pk"), level_id__in=levels)
        covered &= Q(Exists(at_level))
    if areas:
        covered &= Q(area__in=areas)
    return under.filter(named | covered).select_related("county").order_by("county__path", "code")


def school_for_user(user, *, demand: Demand, code: str = "") -> School:
    """The school this person fills the form for: the one they head (or the one asked, among them); 404
    when the form does not reach it."""
    ids = scope_for(user).roster_school_ids if not user.is_superuser else None
    schools = School.objects.all() if ids is None else School.objects.filter(pk__in=ids)
    school = (schools.filter(code=code) if code else schools.order_by("code")).first()
    if school is None or not forms_for_school(school=school).filter(pk=demand.pk).exists():
        raise Http404
    return school


def form_get_for_school(*, school: School, pk: int) -> Demand:
    demand = forms_for_school(school=school).filter(pk=pk).first()
    if demand is None:
        raise Http404
    return demand


# --- The form a school sees ------------------------------------------------------------------------


def form_for_school(demand: Demand, school: School, *, typed: dict | None = None) -> FormView:
    """The form as this school sees it: held values filled from the records, the rest from its saved
    response, or from what was just `typed` (a rejected save keeps what the person wrote)."""
    fields = form_fields(demand)
    response = FormResponse.objects.filter(demand=demand, school=school).first()
    saved = _saved_by_key(fields, response)
    values = {f.key: saved["values"].get(f.key, "") for f in fields if not f.per_teacher}
    held_school = [f for f in fields if f.held and not f.per_teacher]
    platform = school_values(school, [f.platform for f in held_school])
    values |= {f.key: platform.get(f.platform, "") for f in held_school}
    rows = _teacher_rows(fields, school, saved["rows"])
    if typed is not None:
        _overlay(values, rows, fields, typed)
    return FormView(
        demand=demand,
        school=school,
        fields=fields,
        values=values,
        rows=rows,
        state=response.state if response else "",
        submitted_on=response.submitted_on if response else None,
    )


def _saved_by_key(fields: list[FormField], response: FormResponse | None) -> dict:
    if response is None:
        return {"values": {}, "rows": {}}
    by_label = {f.label: f.key for f in fields}
    values = {by_label[label]: v for label, v in (response.values or {}).items() if label in by_label}
    rows = {
        row.get("teacher"): {by_label[label]: v for label, v in row.items() if label in by_label}
        for row in response.rows or []
    }
    return {"values": values, "rows": rows}


def _teacher_rows(fields: list[FormField], school: School, saved_rows: dict) -> list[TeacherRow]:
    per_teacher = [f for f in fields if f.per_teacher]
    if not per_teacher:
        return []
    held = [f for f in per_teacher if f.held]
    rows = []
    for teacher in roster_of(school):
        platform = teacher_values(teacher, [f.platform for f in held])
        saved = saved_rows.get(teacher.pk, {})
        values = {f.key: saved.get(f.key, "") for f in per_teacher if not f.held}
        values |= {f.key: platform.get(f.platform, "") for f in held}
        rows.append(TeacherRow(teacher.pk, teacher.name, values))
    return rows


def _overlay(values: dict, rows: list[TeacherRow], fields: list[FormField], typed: dict) -> None:
    """Put what was typed over the open fields, as it was typed."""
    by_label = {f.label: f for f in fields if not f.held}
    for label, value in (typed.get("values") or {}).items():
        if label in by_label and not by_label[label].per_teacher:
            values[by_label[label].key] = value
    typed_rows = {_teacher_id(row.get("teacher")): row for row in typed.get("rows") or []}
    for row in rows:
        for label, value in typed_rows.get(row.teacher_id, {}).items():
            if label in by_label and by_label[label].per_teacher:
                row.values[by_label[label].key] = value


def _teacher_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Saving ----------------------------------------------------------------------------------------


def response_save(demand: Demand, school: School, user, data: dict, *, submit: bool) -> FormResponse:
    """Save the school's answer (a draft, or submitted when `submit`): `data` is `{"values": {label:
    value}, "rows": [{"teacher": id, label: value}]}`; held fields in it are ignored (the records
    decide). Every wrong value and, on submission, every blank open field is listed; nothing is saved
    unless all are right."""
    _check_may_fill(demand, school, user)
    return response_write(demand, school, user, data, submit=submit)


def response_write(demand: Demand, school: School, user, data: dict, *, submit: bool) -> FormResponse:
    """`response_save` without asking who fills: for the demo, which answers for schools that have no
    accounts; audited under the acting user all the same."""
    view = form_for_school(demand, school)
    errors: dict[str, str] = {}
    values = _clean_school_values(view, data.get("values") or {}, errors, submit=submit)
    rows = _clean_teacher_rows(view, data.get("rows") or [], errors, submit=submit)
    if errors:
        raise ResponseRejected(errors)
    with transaction.atomic():
        response, _created = FormResponse.objects.select_for_update().get_or_create(demand=demand, school=school)
        if response.state == ResponseState.SUBMITTED:
            raise ResponseError(_(ALREADY_SUBMITTED))
        response.values, response.rows = values, rows
        if submit:
            response.state = ResponseState.SUBMITTED
            response.submitted_on = timezone.localdate()
            response.submitted_by = user
        response.save()
        audit_record(
            acting_user=user,
            action="form_response.submit" if submit else "form_response.save",
            object_type="form_response",
            object_id=response.pk,
            after={"demand": demand.pk, "school": school.code, "state": response.state, "teachers": len(rows)},
        )
    return response


def _check_may_fill(demand: Demand, school: School, user) -> None:
    if not (user.is_superuser or school.pk in scope_for(user).roster_school_ids):
        raise ResponseError(_(ONLY_PRINCIPAL))
    if not forms_for_school(school=school).filter(pk=demand.pk).exists():
        raise Http404
    if demand.state != State.REGISTERED:
        raise ResponseError(_(NOT_OPEN))


def _clean_school_values(view: FormView, typed: dict, errors: dict, *, submit: bool) -> dict:
    stored = {}
    for f in view.school_fields:
        if f.held:
            stored[f.label] = view.values[f.key]
            continue
        value = _cleaned(f, typed.get(f.label), f.key, errors, submit=submit)
        stored[f.label] = value
    return stored


def _clean_teacher_rows(view: FormView, typed_rows: list, errors: dict, *, submit: bool) -> list[dict]:
    if not view.teacher_fields:
        return []
    typed = {}
    roster = {row.teacher_id: row for row in view.rows}
    for position, row in enumerate(typed_rows, start=1):
        teacher_id = _teacher_id(row.get("teacher"))
        if teacher_id not in roster:
            errors[f"row{position}"] = _(
                "第 %(n)s 行的教师「%(who)s」不在本校花名册中；请使用下载的模板，不要改动教师编号"
            ) % {
                "n": row.get("line") or position,
                "who": row.get("name") or row.get("teacher") or "",
            }
            continue
        typed[teacher_id] = row
    stored = []
    for row in view.rows:
        entry: dict[str, object] = {"teacher": row.teacher_id}
        for f in view.teacher_fields:
            if f.held:
                entry[f.label] = row.values[f.key]
                continue
            key = teacher_key(f, row.teacher_id)
            value = _cleaned(f, typed.get(row.teacher_id, {}).get(f.label), key, errors, submit=submit)
            if key in errors:
                errors[key] = _("教师「%(name)s」：%(message)s") % {"name": row.name, "message": errors[key]}
            entry[f.label] = value
        stored.append(entry)
    return stored


def _cleaned(f: FormField, raw, key: str, errors: dict, *, submit: bool):
    try:
        value = clean_value(f, raw)
    except InvalidValue as invalid:
        errors[key] = str(invalid)
        return ""
    if submit and value == "":
        errors[key] = missing_message(f)
    return value


# --- The requester's view --------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolProgress:
    school: School
    state: str  # "" not started, draft, submitted
    submitted_on: date | None
    response: FormResponse | None


def completion(demand: Demand) -> list[SchoolProgress]:
    """Each school the form reaches, with where its answer stands."""
    responses = {r.school_id: r for r in FormResponse.objects.filter(demand=demand)}
    return [
        SchoolProgress(
            school=school,
            state=responses[school.pk].state if school.pk in responses else "",
            submitted_on=responses[school.pk].submitted_on if school.pk in responses else None,
            response=responses.get(school.pk),
        )
        for school in schools_reached(demand)
    ]


def completion_counts(progress: list[SchoolProgress]) -> dict[str, int]:
    return {
        "schools": len(progress),
        "submitted": sum(p.state == ResponseState.SUBMITTED for p in progress),
        "draft": sum(p.state == ResponseState.DRAFT for p in progress),
        "not_started": sum(not p.state for p in progress),
    }


def aggregate_xlsx(demand: Demand) -> bytes:
    from jianfu.collection.response_sheets import aggregate_workbook

    return aggregate_workbook(demand, form_fields(demand), completion(demand))


def may_see_progress(user, demand) -> bool:
    """The requesting units, and the education bureaus and inspectors over the demand's division."""
    if user.is_superuser or may_request_for(user, demand):
        return True
    return any(demand.division.path.startswith(path) for path in scope_for(user).roster_paths)


def is_form(demand: Demand) -> bool:
    return demand.category in FORM_CATEGORIES and bool(demand.fields) and demand.state in PUBLISHED_STATES
