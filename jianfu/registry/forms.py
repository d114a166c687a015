"""The demand form: the one validation used by the web pages and the API alike."""

import json
import re
from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jianfu.org.models import Area, Division, Level, School
from jianfu.packs.active import active_engine
from jianfu.registry.access import requester_units
from jianfu.registry.facts import DECLARABLE
from jianfu.registry.fields import FieldsInvalid, fields_parsed
from jianfu.registry.fields_overview import field_table
from jianfu.registry.questions import QUESTIONS, declared_from_post

LIST_SPLIT = re.compile(r"[、,，;；\s]+")
DECLARED_LISTS = {"evaluation_methods", "app_actions", "teacher_duties", "paper_trail_demands"}
DECLARED_NUMBERS = {"secondment_months", "short_assignment_days", "short_assignment_headcount"}

# Free text is bounded: a 4.6 MB "content" was once accepted and its page took 8.7 s to render. A notice
# longer than this belongs in an attachment. The same limits hold for the page and the API.
TITLE_MAX, CONTENT_MAX, LEGAL_BASIS_MAX = 200, 10_000, 300
SCHOOL_CODES_MAX, FIELDS_MAX, DECLARED_MAX = 20_000, 60_000, 5_000  # fields: up to 200 with their reasons
SCHOOLS_NAMED_MAX = 2_000  # ~20,000 characters of codes; beyond that the field's length error speaks


def requester_division_paths(user) -> list[str]:
    """The subtrees a user may raise demands in: those of the divisions of their requesting units."""
    return list(requester_units(user).values_list("division__path", flat=True).distinct())


def _under(paths: list[str], prefix: str) -> Q:
    return reduce(or_, (Q(**{f"{prefix}__startswith": p}) for p in paths), Q(pk__in=[]))


def targetable_counties(user) -> QuerySet[Division]:
    """The counties a user's demands may name: the ones the form offers as checkboxes."""
    counties = Division.objects.exclude(kind__in=("province", "prefecture"))
    return counties.filter(_under(requester_division_paths(user), "path"))


def targetable_schools(user) -> QuerySet[School]:
    """The schools a user's demands may name (the rule `DemandForm.clean` applies): the picker searches these."""
    return School.objects.filter(county__in=targetable_counties(user)).select_related("county")


SHORTEN = _("请精简后再提交")


def too_long(label, limit: int, fix=SHORTEN) -> dict:
    """The error message of a text field over its limit: names the field, the limit and the length
    (Django fills in %(show_value)d). Lazy, so each reader gets it in their language."""
    message = _("「{label}」最多 {limit} 字，现有 %(show_value)d 字；{fix}")
    return {"max_length": format_lazy(message, label=label, limit=limit, fix=fix)}


def joined(items) -> str:
    return gettext("、").join(str(item) for item in items)


class DemandForm(forms.Form):
    requester = forms.ModelChoiceField(queryset=None, label=_("提出单位"), empty_label=None)
    category = forms.ChoiceField(label=_("事项类别"))
    title = forms.CharField(
        label=_("事项名称"), max_length=TITLE_MAX, error_messages=too_long(_("事项名称"), TITLE_MAX)
    )
    content = forms.CharField(
        label=_("主要内容"),
        max_length=CONTENT_MAX,
        error_messages=too_long(_("主要内容"), CONTENT_MAX, _("请精简，完整的通知或方案请作为附件上传")),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    legal_basis = forms.CharField(
        label=_("依据（文件名称与文号）"),
        max_length=LEGAL_BASIS_MAX,
        required=False,
        error_messages=too_long(_("依据"), LEGAL_BASIS_MAX, _("请只写文件名称与文号")),
    )
    # Checkboxes, not Ctrl-click lists: a phone has no Ctrl key, and a ticked box shows what is chosen.
    target_counties = forms.ModelMultipleChoiceField(
        queryset=None, label=_("涉及县（区）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_levels = forms.ModelMultipleChoiceField(
        queryset=Level.objects.all(), label=_("涉及学段"), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_areas = forms.MultipleChoiceField(
        choices=Area.choices, label=_("涉及区域"), required=False, widget=forms.CheckboxSelectMultiple
    )
    # Codes, so that the form works without JavaScript; with it, the school picker (static/js/demand_form.js)
    # searches by name or code and writes the codes here.
    target_schools = forms.CharField(
        label=_("指定学校（学校标识码，用逗号分隔）"),
        max_length=SCHOOL_CODES_MAX,
        required=False,
        error_messages=too_long(_("指定学校"), SCHOOL_CODES_MAX, _("学校很多时请改选涉及的县（区）、学段或区域")),
    )
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    estimated_hours = forms.DecimalField(label=_("每校预计占用教师工时（小时）"), max_digits=7, decimal_places=1)
    # The fields table posts one row per field (fields_from_post); a client may send labels separated by
    # commas, or the JSON list of objects the API takes (fields.py says what each object holds).
    fields = forms.CharField(
        label=_("报表字段（报表、统计、调研填写）"),
        max_length=FIELDS_MAX,
        required=False,
        error_messages=too_long(_("报表字段"), FIELDS_MAX),
    )
    in_annual_plan = forms.BooleanField(label=_("已列入本年度计划"), required=False)
    emergency = forms.BooleanField(label=_("紧急事项（仅教育行政部门）"), required=False)
    declared = forms.JSONField(label=_("申报情况"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["requester"].queryset = requester_units(user).select_related("division")
        self.fields["category"].choices = [(c.code, c.label) for c in active_engine().pack.categories.values()]
        # Any county is accepted so that `clean` can say why one outside the requester's jurisdiction is
        # refused (the API sends codes); only the ones this person may name are offered as checkboxes.
        self.fields["target_counties"].queryset = Division.objects.exclude(kind__in=("province", "prefecture"))
        self.fields["target_counties"].widget.choices = [(c.pk, c.name) for c in targetable_counties(user)]

    def chosen_schools(self) -> list[dict]:
        """The named schools as the picker shows them (code, name, county), from what was posted or saved."""
        codes = [code for code in LIST_SPLIT.split(self["target_schools"].value() or "") if code]
        schools = targetable_schools(self.user).filter(code__in=codes[:SCHOOLS_NAMED_MAX])
        return [{"code": s.code, "name": s.name, "county": s.county.name} for s in schools]

    def clean_target_schools(self):
        codes = [code for code in LIST_SPLIT.split(self.cleaned_data["target_schools"]) if code]
        schools = list(School.objects.filter(code__in=codes).select_related("county"))
        unknown = sorted(set(codes) - {s.code for s in schools})
        if unknown:
            raise forms.ValidationError(
                gettext("学校标识码 %(codes)s 不存在；请核对后重填") % {"codes": joined(unknown)}
            )
        return schools

    def field_table(self) -> list[dict]:
        """The fields table's rows: what was posted (as typed, when it could not be kept) or saved."""
        raw = self.data.get("fields") if self.is_bound else self.initial.get("fields")
        try:
            fields = fields_parsed(raw, active_engine().pack)
        except FieldsInvalid:
            loose = json.loads(raw) if isinstance(raw, str) and raw.strip().startswith("[") else []
            fields = [
                {key: str(item.get(key) or "") for key in ("label", "element", "definition", "justification")}
                for item in loose
                if isinstance(item, dict)
            ]
        return field_table(fields)

    def clean_fields(self):
        try:
            return fields_parsed(self.cleaned_data["fields"], active_engine().pack)
        except FieldsInvalid as error:
            raise forms.ValidationError(str(error)) from None

    def clean_estimated_hours(self):
        hours = self.cleaned_data["estimated_hours"]
        if hours <= 0:
            raise forms.ValidationError(gettext("预计工时必须大于 0；请填写每所学校预计占用的教师工时"))
        return hours

    def clean_declared(self):
        declared = self.cleaned_data.get("declared") or {}
        if not isinstance(declared, dict):
            raise forms.ValidationError(gettext("申报情况应为键值表"))
        size = len(json.dumps(declared, ensure_ascii=False))
        if size > DECLARED_MAX:
            raise forms.ValidationError(
                gettext("「申报情况」最多 %(limit)s 字，现有 %(size)s 字；请只填写问题的答案")
                % {"limit": DECLARED_MAX, "size": size}
            )
        unknown = sorted(set(declared) - DECLARABLE)
        if unknown:
            raise forms.ValidationError(gettext("无法识别的申报项 %(keys)s") % {"keys": joined(unknown)})
        for key in DECLARED_NUMBERS & set(declared):
            value = declared[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                label = gettext(next(q.label for q in QUESTIONS if q.key == key))
                raise forms.ValidationError(
                    gettext("「%(label)s」应为大于 0 的数字，而不是 %(value)r；请改正")
                    % {"label": label, "value": value}
                )
        for key in DECLARED_LISTS & set(declared):
            if not isinstance(declared[key], list):
                raise forms.ValidationError(gettext("申报项 %(key)s 应为列表") % {"key": key})
        return declared

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", gettext("结束日期早于开始日期；请把结束日期改为开始日期当天或之后"))
        requester = data.get("requester")
        schools = data.get("target_schools") or []
        if requester:
            outside = [s.code for s in schools if not s.county.path.startswith(requester.division.path)]
            if outside:
                self.add_error(
                    "target_schools",
                    gettext("学校 %(codes)s 不在提出单位的管辖范围内；请删去或改由其上级单位提出")
                    % {"codes": joined(outside)},
                )
            counties = data.get("target_counties") or []
            foreign = [c.name for c in counties if not c.path.startswith(requester.division.path)]
            if foreign:
                self.add_error(
                    "target_counties",
                    gettext("%(counties)s 不在提出单位的管辖范围内；请删去") % {"counties": joined(foreign)},
                )
        if not (data.get("target_counties") or schools) and requester and requester.division.is_county_level is False:
            self.add_error("target_counties", gettext("请至少选择一个县（区）或指定学校：事项范围不能为空"))
        if data.get("emergency") and requester and requester.kind != "education_bureau":
            self.add_error("emergency", gettext("只有教育行政部门可以登记紧急事项；其他单位请按临时事项报审"))
        return data


def bound_demand_form(post, *, user) -> DemandForm:
    """The form as the page posts it: each declaration question is its own field (`declared.KEY`),
    gathered here into the one `declared` value the form and the API validate."""
    data = post.copy()
    data["declared"] = json.dumps(declared_from_post(post))
    if "field_label" in post:  # the fields table: one row per field
        data["fields"] = json.dumps(fields_from_post(post), ensure_ascii=False)
    return DemandForm(data=data, user=user)


NEW_FIELD = "new"  # the element select's choice for a field the dictionary does not hold


def fields_from_post(post) -> list[dict]:
    """The fields table's rows (field_label, field_element, field_definition, field_justification, in
    step) as the objects fields.py keeps; a row without a label is an unused blank row. The select's
    "suggested" choice (empty) leaves the element to the label, which names it or not."""
    rows = zip(
        post.getlist("field_label"),
        post.getlist("field_element"),
        post.getlist("field_definition"),
        post.getlist("field_justification"),
        strict=False,
    )
    fields = []
    for label, element, definition, justification in rows:
        if not label.strip():
            continue
        field = {"label": label, "definition": definition, "justification": justification}
        if element == NEW_FIELD:
            field["element"] = ""
        elif element:
            field["element"] = element
        fields.append(field)
    return fields
