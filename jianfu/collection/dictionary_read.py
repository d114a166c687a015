"""Reading the active pack's data dictionary for the page, the API and the command: the filters they
share (a query, an owner system, a level, personal or not), each refused with a sentence that names
the parameter and the values it takes."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from jianfu.packs.active import active_engine
from jianfu.policy import dictionary
from jianfu.policy.dictionary import Element

FILTER_KEYS = ("q", "owner", "level", "personal")
QUERY_MAX = 60
LEVEL_LABELS = {
    # A level is one school or one teacher ("School"), where the navigation's 学校 and 教师 are lists ("Schools").
    "school": pgettext_lazy("dictionary level", "学校"),
    "teacher": pgettext_lazy("dictionary level", "教师"),
    "pupil": gettext_lazy("学生"),
    "facility": gettext_lazy("校舍与装备"),
}
TYPE_LABELS = {
    "text": gettext_lazy("文本"),
    "integer": gettext_lazy("整数"),
    "decimal": gettext_lazy("小数"),
    "date": gettext_lazy("日期"),
    "choice": gettext_lazy("选项"),
    "boolean": gettext_lazy("是/否"),
}
PERSONAL_VALUES = {"yes": True, "no": False}


class FilterInvalid(ValueError):
    """A filter the dictionary cannot apply, in a sentence naming the parameter and the fix."""


def active_pack():
    return active_engine().pack


def owners(pack) -> list[str]:
    return dictionary.owners(pack)


def filtered(pack, *, q: str = "", owner: str = "", level: str = "", personal: str = "") -> list[Element]:
    """The elements matching every filter given; an empty filter does not filter."""
    if len(q) > QUERY_MAX:
        raise FilterInvalid(
            _("搜索词 q 过长（%(length)d 个字）：请用不超过 %(max)d 个字的名称、同义词、编号或系统名搜索。")
            % {"length": len(q), "max": QUERY_MAX}
        )
    if owner and owner not in owners(pack):
        raise FilterInvalid(
            _("没有名为“%(owner)s”的来源系统：owner 应为以下之一：%(owners)s。")
            % {"owner": owner, "owners": _("、").join(owners(pack))}
        )
    if level and level not in LEVEL_LABELS:
        raise FilterInvalid(
            _("层级 level 应为 %(levels)s 之一，而不是“%(level)s”。")
            % {"levels": ", ".join(LEVEL_LABELS), "level": level}
        )
    if personal and personal not in PERSONAL_VALUES:
        raise FilterInvalid(
            _("personal 应为 yes（只看个人信息）或 no（不含个人信息），而不是“%(value)s”。") % {"value": personal}
        )
    return [
        element
        for element in dictionary.search(pack, q)
        if (not owner or element.owner == owner)
        and (not level or element.level == level)
        and (not personal or element.personal == PERSONAL_VALUES[personal])
    ]


def presented(element: Element) -> dict:
    """An element as the page shows it: its fields with their labels in words."""
    return {
        **element.as_dict(),
        "type_label": TYPE_LABELS.get(element.type, element.type),
        "level_label": LEVEL_LABELS.get(element.level, element.level),
        "held_by_platform": bool(element.platform),
    }
