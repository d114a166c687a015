"""A form's fields against the data dictionary (clause 3.1: collect once, use many times).

A form, statistics or survey demand lists its fields; each is one object
`{"label", "element", "definition", "justification"}`: `element` is the id of the dictionary element it
asks for ("" when the field is new, and then `definition` says what it is); `justification` is the
requester's reason for asking schools again for what is already held — a claim, which the reviewing
bureau accepts or not (fields_review.py). A plain label is accepted too: the element it names (its
label or a synonym, exactly) is the one it asks for, until the requester chooses otherwise.

Which fields are held is a fact of the dictionary; which overlap another collection is a fact of the
registry (other active forms reaching the same schools). Both are records, never the requester's word."""

import json
import re
from dataclasses import dataclass

from django.utils.translation import gettext

from jianfu.policy import dictionary

FIELD_KEYS = ("label", "element", "definition", "justification")
LABEL_MAX, TEXT_MAX, FIELDS_COUNT_MAX = 60, 500, 200
# The old text box: labels separated by commas, 、 or semicolons, one a line.
LABEL_SPLIT = re.compile(r"[,，、;；\n]+")


class FieldsInvalid(ValueError):
    """What is wrong with the fields as sent, in words that name the field and the fix."""


@dataclass(frozen=True)
class FieldRow:
    """One field as the pre-check reads it: the element it asks for (None when new)."""

    label: str
    element: object  # dictionary.Element | None
    definition: str
    justification: str

    @property
    def held(self) -> bool:
        return self.element is not None

    @property
    def key(self) -> str:
        """What two forms compare: the element when there is one, else the label as written."""
        return self.element.id if self.element is not None else f"label:{folded(self.label)}"

    @property
    def named(self) -> str:
        """The element and its owner system as a finding names them: 身份证件号码（全国教师管理信息系统）."""
        if self.element is None:
            return self.label
        return gettext("%(label)s（%(owner)s）") % {"label": self.element.label, "owner": self.element.owner}


def folded(label: str) -> str:
    return "".join(str(label).split()).lower()


def fields_parsed(raw, pack) -> list[dict]:
    """What the form or the API sends — a list of objects and plain labels, its JSON text, or the old
    comma-separated labels — as the objects a demand keeps. Refuses what it cannot keep, saying why."""
    items = _items(raw)
    if len(items) > FIELDS_COUNT_MAX:
        raise FieldsInvalid(
            gettext("报表字段最多 %(max)s 个，现有 %(count)s 个；请精简，或拆分为几张报表")
            % {"max": FIELDS_COUNT_MAX, "count": len(items)}
        )
    fields = [_field(item, pack) for item in items]
    fields = [field for field in fields if field["label"]]
    seen = set()
    for field in fields:
        if folded(field["label"]) in seen:
            raise FieldsInvalid(gettext("字段「%(label)s」重复；请删去一个") % {"label": field["label"]})
        seen.add(folded(field["label"]))
    return fields


def _items(raw) -> list:
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        text = raw.strip()
        if not text.startswith("["):
            return [part.strip() for part in LABEL_SPLIT.split(text) if part.strip()]
        try:
            raw = json.loads(text)
        except ValueError:
            raise FieldsInvalid(gettext("报表字段不是有效的列表；请逐项填写字段名称")) from None
    if not isinstance(raw, list | tuple):
        raise FieldsInvalid(gettext("报表字段应为列表：每项是字段名称，或含 label、element 的对象"))
    return list(raw)


def _field(item, pack) -> dict:
    if isinstance(item, str):
        label = item.strip()
        return {"label": label, "element": _matched_id(pack, label), "definition": "", "justification": ""}
    if not isinstance(item, dict):
        raise FieldsInvalid(gettext("报表字段的每一项应为字段名称或对象，而不是 %(item)r") % {"item": item})
    unknown = sorted(set(item) - set(FIELD_KEYS))
    if unknown:
        raise FieldsInvalid(
            gettext("报表字段中无法识别的项 %(keys)s；只可填写 label、element、definition、justification")
            % {"keys": "、".join(unknown)}
        )
    values = {key: item.get(key) for key in FIELD_KEYS}
    if not all(value is None or isinstance(value, str) for value in values.values()):
        raise FieldsInvalid(gettext("报表字段的 label、element、definition、justification 都应为文字"))
    label = (values["label"] or "").strip()
    if not label:
        raise FieldsInvalid(gettext("有报表字段没有名称（label）；请填写字段名称或删去该项"))
    if len(label) > LABEL_MAX:
        raise FieldsInvalid(
            gettext("字段名称「%(label)s…」超过 %(max)s 字；请精简") % {"label": label[:20], "max": LABEL_MAX}
        )
    for key, name in (("definition", gettext("定义")), ("justification", gettext("采集理由"))):
        if len(values[key] or "") > TEXT_MAX:
            raise FieldsInvalid(
                gettext("字段「%(label)s」的%(name)s超过 %(max)s 字；请精简")
                % {"label": label, "name": name, "max": TEXT_MAX}
            )
    element = values["element"]
    if element is None:  # not said: the element the label names, as for a plain label
        element = _matched_id(pack, label)
    element = element.strip()
    if element and dictionary.element(pack, element) is None:
        raise FieldsInvalid(
            gettext(
                "字段「%(label)s」对应的数据元素 %(element)s 不在数据字典中；请从建议中选择，或标为新字段并写明定义"
            )
            % {"label": label, "element": element}
        )
    return {
        "label": label,
        "element": element,
        "definition": (values["definition"] or "").strip(),
        "justification": (values["justification"] or "").strip(),
    }


def _matched_id(pack, label: str) -> str:
    found = dictionary.matched(pack, label)
    return found.id if found is not None else ""


def stored_fields(demand) -> list[dict]:
    """The demand's fields as objects, whatever an old row holds (a list of labels before migration)."""
    fields = []
    for item in demand.fields or []:
        if isinstance(item, str):
            fields.append({"label": item, "element": "", "definition": "", "justification": ""})
        elif isinstance(item, dict) and item.get("label"):
            fields.append({key: str(item.get(key) or "") for key in FIELD_KEYS})
    return fields


def field_rows(demand, pack) -> list[FieldRow]:
    return [
        FieldRow(
            f["label"],
            dictionary.element(pack, f["element"]) if f["element"] else None,
            f["definition"],
            f["justification"],
        )
        for f in stored_fields(demand)
    ]


def fields_as_text(demand) -> str:
    """The labels in the old text box's form (the edit page without the fields table, the documents)."""
    return "，".join(field["label"] for field in stored_fields(demand))
