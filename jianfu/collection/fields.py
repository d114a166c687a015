"""A registered form's fields as a school fills them: each with its dictionary element (type, unit, owner
system) and whether the platform already holds its value; and the check of one typed value against its
element's type, with a Chinese message naming the field and the fix."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from jianfu.collection.prefill import holds_school_value, holds_teacher_value
from jianfu.packs.active import active_engine
from jianfu.policy import dictionary

TEXT_MAX = 200  # a form's text answer; longer writing is a report, not a form
TRUE_WORDS = ("是", "有", "true", "yes", "y", "1", "√")
FALSE_WORDS = ("否", "无", "没有", "false", "no", "n", "0", "×")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class FormField:
    key: str  # "f<position>" in the demand's fields: the web form's input name
    label: str
    element: str  # the dictionary element's id, "" for a new field
    type: str  # text | integer | decimal | date | choice | boolean
    unit: str
    definition: str
    owner: str  # the system that holds the element ("" for a new field)
    level: str  # "teacher" (one row per teacher of the roster) or "school"
    platform: str  # the platform's own key for the value when the platform holds it, else ""
    choices: tuple[str, ...] = ()

    @property
    def held(self) -> bool:
        return bool(self.platform)

    @property
    def per_teacher(self) -> bool:
        return self.level == "teacher"


def _as_object(field) -> dict:
    """A field as the registry stores it: an object, or (before the dictionary) a label alone."""
    if isinstance(field, dict):
        return field
    return {"label": str(field), "element": "", "definition": "", "justification": ""}


def _element(pack, element_id: str):
    try:
        return dictionary.element(pack, element_id) if element_id else None
    except (KeyError, LookupError):
        return None  # an element a later pack no longer has: the school types it


def form_fields(demand) -> list[FormField]:
    """The demand's fields in order; a label stored alone counts as the element it matches."""
    pack = active_engine().pack
    result = []
    for position, raw in enumerate(demand.fields or []):
        field = _as_object(raw)
        label = str(field.get("label", "")).strip()
        element = _element(pack, field.get("element", ""))
        if element is None and not isinstance(raw, dict):
            element = dictionary.matched(pack, label)
        level = "teacher" if element is not None and element.level == "teacher" else "school"
        platform = (getattr(element, "platform", "") or "") if element is not None else ""
        holds = holds_teacher_value if level == "teacher" else holds_school_value
        result.append(
            FormField(
                key=f"f{position}",
                label=label,
                element=element.id if element is not None else "",
                type=element.type if element is not None else "text",
                unit=(element.unit or "") if element is not None else "",
                definition=element.definition if element is not None else str(field.get("definition", "")),
                owner=element.owner if element is not None else "",
                level=level,
                platform=platform if platform and holds(platform) else "",
                choices=tuple(getattr(element, "choices", ()) or ()),
            )
        )
    return result


class InvalidValue(ValueError):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def clean_value(field: FormField, value):
    """The value to store (int, decimal and date as text, the rest as text), "" when blank; raises
    InvalidValue with the message to show beside the field."""
    text = _text(value)
    if text == "":
        return ""
    names = {"label": field.label, "value": text[:30]}
    if field.type == "integer":
        if not re.fullmatch(r"\d+", text.replace(",", "")):
            raise InvalidValue(
                _("「%(label)s」应填不带小数的整数（如 12），而不是「%(value)s」；请去掉小数、单位和文字") % names
            )
        return int(text.replace(",", ""))
    if field.type == "decimal":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise InvalidValue(_("「%(label)s」应填数字（如 3.5），而不是「%(value)s」；请去掉单位和文字") % names)
        return str(number)
    if field.type == "date":
        match = _DATE.match(text)
        try:
            return date(*(int(part) for part in match.groups())).isoformat() if match else _bad_date(names)
        except ValueError:
            return _bad_date(names)
    if field.type == "boolean":
        folded = text.lower()
        if folded in TRUE_WORDS:  # stored in Chinese whatever the language the school reads
            return "是"
        if folded in FALSE_WORDS:
            return "否"
        raise InvalidValue(_("「%(label)s」应填「是」或「否」，而不是「%(value)s」") % names)
    if field.type == "choice" and field.choices and text not in field.choices:
        raise InvalidValue(
            _("「%(label)s」应从以下选项中选择一项：%(choices)s；「%(value)s」不在其中")
            % (names | {"choices": _("、").join(field.choices)})
        )
    if len(text) > TEXT_MAX:
        raise InvalidValue(
            _("「%(label)s」最多填 %(max)s 字，现有 %(n)s 字；请精简")
            % {"label": field.label, "max": TEXT_MAX, "n": len(text)}
        )
    return text


def _bad_date(names: dict):
    raise InvalidValue(_("「%(label)s」应填日期，如 2021-09-01，而不是「%(value)s」") % names)


def missing_message(field: FormField) -> str:
    return _("「%(label)s」尚未填写；请填写后再提交（可先保存草稿）") % {"label": field.label}
