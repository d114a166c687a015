"""The secondment request form and the list's filters: what the pages accept, checked before a service is
called, so that a bad field keeps what was typed and a bad parameter is a sentence, never a 500."""

import hashlib
import secrets
from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jianfu.org.access import schools_for
from jianfu.org.models import Teacher
from jianfu.registry.forms import CONTENT_MAX, TITLE_MAX, too_long
from jianfu.secondments.models import PlacementState, Purpose

KINDS = (("secondment", _("借用教师（第 5.2 条）")), ("short_assignment", _("抽调教师（第 5.3 条）")))
TEACHER_QUERY_MAX = 32  # a teacher's name, or the start of a school's code
TEACHERS_SHOWN = 30  # search hits a phone can show; typing more narrows them
TEACHERS_NAMED_MAX = 200  # one request borrowing more than this is not a secondment

# Back-and-resubmit: the form carries a signed key; the first request made with it is remembered in the
# cache (shared by every worker) for this long, and the same key sent again opens that request.
FORM_TOKEN_HOURS = 24
_FORM_SIGNER = signing.Signer(salt="jianfu.secondments.request-form")


def pickable_teachers(user) -> QuerySet[Teacher]:
    """The teachers a person's request may name: those of the schools in the person's reach (the service
    checks the same rule again)."""
    return Teacher.objects.filter(school__in=schools_for(user)).select_related("school")


def teacher_search(user, query: str) -> list[Teacher]:
    """Teachers whose name contains the words, or whose school's name or code matches them."""
    query = query.strip()[:TEACHER_QUERY_MAX]
    if not query:
        return []
    found = pickable_teachers(user).filter(
        Q(name__contains=query) | Q(school__name__contains=query) | Q(school__code__startswith=query)
    )
    return list(found.order_by("school__code", "name", "id")[:TEACHERS_SHOWN])


def new_form_token(user) -> str:
    return _FORM_SIGNER.sign(f"{user.pk}:{secrets.token_urlsafe(18)}")


def _claim_key(token: str) -> str:
    return "secondments:form:" + hashlib.sha256(token.encode()).hexdigest()


def form_token_owner_ok(user, token: str) -> bool:
    try:
        owner = _FORM_SIGNER.unsign(token).split(":")[0]
    except signing.BadSignature:
        return False
    return owner == str(user.pk)


def form_claim(token: str) -> bool:
    """Marks the form as being sent; False if it was sent before (the cache is shared by every worker)."""
    return cache.add(_claim_key(token), 0, timeout=FORM_TOKEN_HOURS * 3600)


def request_made_with(token: str) -> int | None:
    """The secondment already created from this form (0 while the first sending is still at work)."""
    made = cache.get(_claim_key(token))
    return made if isinstance(made, int) else None


def form_release(token: str) -> None:
    """Nothing was made: the same form may be sent again, corrected."""
    cache.delete(_claim_key(token))


def remember_request(token: str, secondment_id: int) -> None:
    cache.set(_claim_key(token), secondment_id, timeout=FORM_TOKEN_HOURS * 3600)


class TeacherPicker(forms.Form):
    """Teachers ticked from the roster in reach: the boxes offered are those already ticked and the search's
    hits (`found`), so the form works without JavaScript and a refused save keeps every tick."""

    teachers = forms.ModelMultipleChoiceField(
        queryset=Teacher.objects.none(),
        label=_("借用的教师（可暂不选，草稿中再补）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("所选教师（编号 %(value)s）不在您可借用的学校名册中；请重新搜索并勾选"),
            "invalid_pk_value": _("教师编号「%(pk)s」无效；请从搜索结果中勾选教师"),
        },
    )

    def __init__(self, *args, user, found=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["teachers"].queryset = pickable_teachers(user)
        chosen = self.chosen_teachers()
        offered = chosen + [t for t in found if t.pk not in {c.pk for c in chosen}]
        self.fields["teachers"].widget.choices = [(t.pk, self.teacher_label(t)) for t in offered]

    @staticmethod
    def teacher_label(teacher: Teacher) -> str:
        return gettext("%(name)s（%(school)s，%(id)s）") % {
            "name": teacher.name,
            "school": teacher.school.name,
            "id": teacher.id_number_masked,
        }

    def chosen_teachers(self) -> list[Teacher]:
        raw = self["teachers"].value() or []
        ids = [int(value) for value in raw if str(value).isdigit()][:TEACHERS_NAMED_MAX]
        return list(pickable_teachers(self.user).filter(pk__in=ids).order_by("school__code", "name"))

    def clean_teachers(self):
        teachers = self.cleaned_data["teachers"]
        if len(teachers) > TEACHERS_NAMED_MAX:
            raise forms.ValidationError(
                gettext("一次最多借用 %(max)s 名教师；请分批提出") % {"max": TEACHERS_NAMED_MAX}
            )
        return teachers


class SecondmentForm(TeacherPicker):
    kind = forms.ChoiceField(label=_("类别"), choices=KINDS, widget=forms.RadioSelect, initial="secondment")
    title = forms.CharField(
        label=_("事项名称"), max_length=TITLE_MAX, error_messages=too_long(_("事项名称"), TITLE_MAX)
    )
    task = forms.CharField(
        label=_("借用（抽调）任务"),
        max_length=CONTENT_MAX,
        error_messages=too_long(_("借用（抽调）任务"), CONTENT_MAX),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    purpose = forms.ChoiceField(label=_("用途"), choices=Purpose.choices, initial=Purpose.TASK)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, found=(), **kwargs):
        super().__init__(*args, user=user, found=found, **kwargs)
        if not self.is_bound and not self.initial.get("form_token"):
            self.initial["form_token"] = new_form_token(user)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", gettext("结束日期早于开始日期；请把结束日期改为开始日期当天或之后"))
        return data


class RenewForm(forms.Form):
    end = forms.DateField(label=_("续借至"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ReturnForm(forms.Form):
    on = forms.DateField(label=_("返岗日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


# --- The list's filters -------------------------------------------------------------------------------

LIST_FILTERS = ("kind", "state", "year")


class FilterInvalid(ValueError):
    """A filter the list cannot apply; the message names the parameter and what to give instead."""

    def __init__(self, name: str, message: str):
        self.name, self.message = name, message
        super().__init__(message)


@dataclass(frozen=True)
class ListFilters:
    kind: str = ""
    state: str = ""  # a placement state
    year: int | None = None
    given: dict = field(default_factory=dict)  # as typed, for the form and the pager's links


def list_filters_from(params) -> ListFilters:
    given = {name: (params.get(name) or "").strip() for name in LIST_FILTERS}
    kind, state, year = given["kind"], given["state"], given["year"]
    if kind and kind not in dict(KINDS):
        raise FilterInvalid(
            "kind",
            gettext("类别「%(value)s」不存在；请填 secondment（借用）或 short_assignment（抽调）") % {"value": kind},
        )
    if state and state not in PlacementState.values:
        raise FilterInvalid("state", gettext("状态「%(value)s」不存在；请从列表中选择状态") % {"value": state})
    number = None
    if year:
        if not year.isdigit() or not 2000 <= int(year) <= 2100:
            raise FilterInvalid("year", gettext("年度「%(value)s」无效；请填写四位数的年份，如 2021") % {"value": year})
        number = int(year)
    return ListFilters(kind=kind, state=state, year=number, given={k: v for k, v in given.items() if v})
