"""The demand form: the one validation used by the web pages and the API alike."""

import re

from django import forms

from jianfu.org.models import Area, Division, Level, School
from jianfu.packs.active import active_engine
from jianfu.registry.access import requester_units
from jianfu.registry.facts import DECLARABLE
from jianfu.registry.questions import QUESTIONS

LIST_SPLIT = re.compile(r"[、,，;；\s]+")
DECLARED_LISTS = {"evaluation_methods", "app_actions", "teacher_duties", "paper_trail_demands"}
DECLARED_NUMBERS = {"secondment_months", "short_assignment_days", "short_assignment_headcount"}


class DemandForm(forms.Form):
    requester = forms.ModelChoiceField(queryset=None, label="提出单位", empty_label=None)
    category = forms.ChoiceField(label="事项类别")
    title = forms.CharField(label="事项名称", max_length=200)
    content = forms.CharField(label="主要内容", widget=forms.Textarea(attrs={"rows": 5}))
    legal_basis = forms.CharField(label="依据（文件名称与文号）", max_length=300, required=False)
    target_counties = forms.ModelMultipleChoiceField(queryset=None, label="涉及县（区）", required=False)
    target_levels = forms.ModelMultipleChoiceField(queryset=Level.objects.all(), label="涉及学段", required=False)
    target_areas = forms.MultipleChoiceField(choices=Area.choices, label="涉及区域", required=False)
    target_schools = forms.CharField(label="指定学校（学校标识码，用逗号分隔）", required=False)
    start = forms.DateField(label="开始日期")
    end = forms.DateField(label="结束日期")
    estimated_hours = forms.DecimalField(label="每校预计占用教师工时（小时）", max_digits=7, decimal_places=1)
    fields = forms.CharField(label="报表字段（逗号分隔，报表、统计、调研填写）", required=False)
    in_annual_plan = forms.BooleanField(label="已列入本年度计划", required=False)
    emergency = forms.BooleanField(label="紧急事项（仅教育行政部门）", required=False)
    declared = forms.JSONField(label="申报情况", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["requester"].queryset = requester_units(user).select_related("division")
        self.fields["category"].choices = [(c.code, c.label) for c in active_engine().pack.categories.values()]
        self.fields["target_counties"].queryset = Division.objects.exclude(kind__in=("province", "prefecture"))

    def clean_target_schools(self):
        codes = [code for code in LIST_SPLIT.split(self.cleaned_data["target_schools"]) if code]
        schools = list(School.objects.filter(code__in=codes).select_related("county"))
        unknown = sorted(set(codes) - {s.code for s in schools})
        if unknown:
            raise forms.ValidationError(f"学校标识码 {'、'.join(unknown)} 不存在；请核对后重填")
        return schools

    def clean_estimated_hours(self):
        hours = self.cleaned_data["estimated_hours"]
        if hours <= 0:
            raise forms.ValidationError("预计工时必须大于 0；请填写每所学校预计占用的教师工时")
        return hours

    def clean_declared(self):
        declared = self.cleaned_data.get("declared") or {}
        if not isinstance(declared, dict):
            raise forms.ValidationError("申报情况应为键值表")
        unknown = sorted(set(declared) - DECLARABLE)
        if unknown:
            raise forms.ValidationError(f"无法识别的申报项 {'、'.join(unknown)}")
        for key in DECLARED_NUMBERS & set(declared):
            value = declared[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                label = next(q.label for q in QUESTIONS if q.key == key)
                raise forms.ValidationError(f"「{label}」应为大于 0 的数字，而不是 {value!r}；请改正")
        for key in DECLARED_LISTS & set(declared):
            if not isinstance(declared[key], list):
                raise forms.ValidationError(f"申报项 {key} 应为列表")
        return declared

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "结束日期早于开始日期；请把结束日期改为开始日期当天或之后")
        requester = data.get("requester")
        schools = data.get("target_schools") or []
        if requester:
            outside = [s.code for s in schools if not s.county.path.startswith(requester.division.path)]
            if outside:
                self.add_error(
                    "target_schools", f"学校 {'、'.join(outside)} 不在提出单位的管辖范围内；请删去或改由其上级单位提出"
                )
            counties = data.get("target_counties") or []
            foreign = [c.name for c in counties if not c.path.startswith(requester.division.path)]
            if foreign:
                self.add_error("target_counties", f"{'、'.join(foreign)} 不在提出单位的管辖范围内；请删去")
        if not (data.get("target_counties") or schools) and requester and requester.division.is_county_level is False:
            self.add_error("target_counties", "请至少选择一个县（区）或指定学校：事项范围不能为空")
        if data.get("emergency") and requester and requester.kind != "education_bureau":
            self.add_error("emergency", "只有教育行政部门可以登记紧急事项；其他单位请按临时事项报审")
        return data
