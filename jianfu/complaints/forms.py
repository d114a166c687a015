"""The public forms: filing a complaint, tracking it, and the filer's answer and request for review.

The forms check what a person can fix on the page (required fields, the passphrase typed twice, the date,
the files' kinds and sizes) with a Chinese message on the field; the services check the rest and their
`ComplaintInvalid(field, message)` is put on the same field (`error_on`). Evidence files are read from
request.FILES by `evidence_from`, refused one by one with their number, never with the name they had on
the filer's device.
"""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianfu.complaints.receipts import PASSPHRASE_MAX, PASSPHRASE_MIN
from jianfu.complaints.services import CONTENT_MAX, EVIDENCE_MAX_FILES, NOTICE_MAX, TEXT_MAX
from jianfu.documents.uploads import UploadRejected, check_upload
from jianfu.org.models import School, Unit
from jianfu.packs.active import active_engine

ANONYMOUS, NAMED = "anonymous", "named"
FOUND_MAX = 20  # directory matches shown for one search


def negative_list_choices() -> list[tuple[str, str]]:
    return [(str(item.no), f"{item.no}. {item.text}") for item in active_engine().pack.negative_list]


class FilingForm(forms.Form):
    accused = forms.CharField(
        label=gettext_lazy("被举报单位"),
        max_length=200,
        error_messages={"required": gettext_lazy("被举报单位：请从单位名录中查找选择，或直接写明单位名称")},
    )
    content = forms.CharField(
        label=gettext_lazy("被要求做的事"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("被要求做的事：请写明被要求做什么、何时、对哪些学校或教师")},
    )
    demanded_on = forms.DateField(
        label=gettext_lazy("被要求的日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("被要求的日期：请按 2024-03-05 的格式填写，或留空")},
    )
    school_codes = forms.MultipleChoiceField(label=gettext_lazy("涉及学校"), required=False)
    notice_text = forms.CharField(
        label=gettext_lazy("通知原文（如有）"),
        required=False,
        max_length=NOTICE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    items = forms.MultipleChoiceField(
        label=gettext_lazy("涉及的减负清单条目"), required=False, widget=forms.CheckboxSelectMultiple
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("举报方式"),
        choices=[(ANONYMOUS, gettext_lazy("匿名举报")), (NAMED, gettext_lazy("实名举报"))],
        initial=ANONYMOUS,
        required=False,
        widget=forms.RadioSelect,
    )
    passphrase = forms.CharField(
        label=gettext_lazy("设置查询密码"),
        min_length=PASSPHRASE_MIN,
        max_length=PASSPHRASE_MAX,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        error_messages={
            "required": gettext_lazy("查询密码：请设置至少 12 个字符的查询密码，凭它和查询码查看办理进度"),
            "min_length": gettext_lazy("查询密码至少 12 个字符；请设一个只有您知道、能记住的句子"),
        },
    )
    passphrase_again = forms.CharField(
        label=gettext_lazy("再次输入查询密码"),
        max_length=PASSPHRASE_MAX,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("请再次输入查询密码，以免输错后无法查询")},
    )
    # The directory searches (no JavaScript: the page is submitted with the search button and comes back).
    unit_search = forms.CharField(label=gettext_lazy("在单位名录中查找"), required=False, max_length=50)
    school_search = forms.CharField(label=gettext_lazy("在学校名录中查找"), required=False, max_length=50)
    items_reviewed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, may_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_name = may_name
        self.fields["items"].choices = negative_list_choices()
        chosen = self.data.getlist("school_codes") if hasattr(self.data, "getlist") else []
        self.fields["school_codes"].choices = school_choices(chosen)
        if not may_name:
            del self.fields["mode"]

    def clean_demanded_on(self) -> date | None:
        day = self.cleaned_data.get("demanded_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("被要求的日期不能晚于今天；请填写实际被要求的日期"))
        return day

    def clean(self):
        data = super().clean()
        first, again = data.get("passphrase"), data.get("passphrase_again")
        if first and again is not None and first != again:
            self.add_error("passphrase_again", _("两次输入的查询密码不一致；请重新输入"))
        return data

    def named(self) -> bool:
        return self.may_name and self.cleaned_data.get("mode") == NAMED

    def chosen_items(self) -> list[int] | None:
        """The items the filer kept or ticked; None (take the screener's) if they never saw a suggestion and
        ticked nothing."""
        ticked = [int(no) for no in self.cleaned_data.get("items") or []]
        if ticked or self.cleaned_data.get("items_reviewed"):
            return ticked
        return None


def school_choices(chosen_codes) -> list[tuple[str, str]]:
    """The schools already chosen, as choices (searches add the matches on the page)."""
    schools = School.objects.filter(code__in=list(chosen_codes)[:50]).select_related("county")
    return [(s.code, _("%(name)s（%(place)s）") % {"name": s.name, "place": s.county.name}) for s in schools]


def units_matching(words: str) -> list[Unit]:
    words = words.strip()
    if not words:
        return []
    return list(
        Unit.objects.filter(name__contains=words)
        .select_related("division")
        .order_by("division__path", "name")[:FOUND_MAX]
    )


def schools_matching(words: str) -> list[School]:
    words = words.strip()
    if not words:
        return []
    return list(
        School.objects.filter(name__contains=words)
        .select_related("county")
        .order_by("county__path", "name")[:FOUND_MAX]
    )


class TrackForm(forms.Form):
    receipt = forms.CharField(
        label=gettext_lazy("查询码"),
        max_length=40,
        error_messages={"required": gettext_lazy("请输入提交举报时页面上显示的查询码")},
    )
    passphrase = forms.CharField(
        label=gettext_lazy("查询密码"),
        max_length=PASSPHRASE_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("请输入提交举报时设置的查询密码")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("回复或补充说明"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("申请复查的理由"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("申请复查须写明理由：您对答复哪一点不服，为什么")},
    )


def evidence_from(files, field: str = "evidence") -> tuple[list[tuple[str, bytes]], str]:
    """The evidence files of a request as (label, bytes), labelled 证据1, 证据2... (the filer's own file names
    go no further than this function), and the first refusal in Chinese ("" when all are acceptable)."""
    uploaded = [f for f in files.getlist(field) if f.size]
    if len(uploaded) > EVIDENCE_MAX_FILES:
        return [], _("证据文件最多 {n} 个；请合并或挑选后上传").format(n=EVIDENCE_MAX_FILES)
    evidence = []
    for n, upload in enumerate(uploaded, 1):
        label = _("证据{n}").format(n=n)
        data = upload.read()
        try:
            check_upload(label, data)
        except UploadRejected as refused:
            return [], str(refused)
        evidence.append((label, data))
    return evidence, ""
