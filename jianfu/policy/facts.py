"""The facts a demand is judged on: their names, types and defaults, and Chinese labels for values.

Callers (the registry's pre-check, the YAML cases) pass plain mappings; `facts_from` checks every
name and type, so a misspelt fact is an error rather than a rule that silently never fires.
"""

from collections.abc import Mapping
from datetime import date

BOOL, STR, INT, NUMBER, DATE, LIST, MAP = "bool", "str", "int", "number", "date", "list", "map"

# name: (type, default)
FACTS: dict[str, tuple[str, object]] = {
    "category": (STR, None),
    "kind": (STR, None),  # inspections: supervision, check, appraisal, assessment
    "requester_kind": (STR, "department"),  # a unit kind, or national_statistics, hr_department
    "requester_count": (INT, 1),
    "joint": (BOOL, False),
    "division_code": (STR, None),  # the handling division (GLOSSARY: a "level" is a 学段)
    "in_annual_plan": (BOOL, False),
    "on_activity_list": (BOOL, False),
    "party_approved": (BOOL, False),
    "education_consulted": (BOOL, False),
    "education_approved": (BOOL, False),
    "education_filed": (BOOL, False),
    "party_filed": (BOOL, False),
    "emergency": (BOOL, False),
    "submitted_on": (DATE, None),
    "start": (DATE, None),
    "end": (DATE, None),
    "work_assigned_on": (DATE, None),
    "evaluation_methods": (LIST, ()),  # screenshot, video, app_upload, photo, on_site, records
    "commercial": (BOOL, False),
    "teacher_street_duty": (BOOL, False),
    "paper_trail_demands": (LIST, ()),  # repeated_forms, periodic_visits, home_visit_photos
    "sent_directly_to_schools": (BOOL, False),
    "app_actions": (LIST, ()),  # follow, install, vote, like, quiz, survey, selection
    "related_to_teaching": (BOOL, False),
    "participation_targets": (BOOL, False),
    "national_requirement": (BOOL, False),
    "affects_teaching": (BOOL, False),
    "duplicates_curriculum": (BOOL, False),
    "duplicated_fields": (LIST, ()),  # fields the education databases already hold
    "statistics_approval_number": (STR, ""),
    "teacher_duties": (LIST, ()),  # admin, security, canteen, dormitory, fee_collection, industry_support...
    "frontline_teachers": (BOOL, True),
    "training_kind": (STR, None),  # teaching, non_teaching
    "statutory_hr_training": (BOOL, False),
    "seat_filling": (BOOL, False),
    "secondment_months": (NUMBER, None),
    "short_assignment_days": (NUMBER, None),
    "short_assignment_headcount": (INT, None),
    "purpose": (STR, None),  # meeting_service, ceremony, major_task...
    "history": (MAP, None),  # {year: count} of registered demands of this division and category
    "year_count": (INT, 0),  # already registered this year, same division and category
}

VALUE_LABELS = {
    "screenshot": "工作截图",
    "video": "录制视频",
    "app_upload": "APP上传",
    "photo": "照片",
    "repeated_forms": "反复填写表册",
    "periodic_visits": "定期走访",
    "home_visit_photos": "上门合影拍照",
    "follow": "关注公众号",
    "install": "下载安装APP",
    "vote": "投票",
    "like": "点赞",
    "quiz": "网络答题",
    "survey": "问卷调查",
    "selection": "人物评选",
    "admin": "行政事务",
    "security": "安保",
    "canteen": "食堂管理",
    "dormitory": "宿舍检查",
    "fee_collection": "代收费用",
    "industry_support": "产业发展包保",
    "household_support": "民生保障包保",
}


class FactError(ValueError):
    pass


def _type_ok(kind: str, value) -> bool:
    match kind:
        case "bool":
            return isinstance(value, bool)
        case "str":
            return isinstance(value, str)
        case "int":
            return isinstance(value, int) and not isinstance(value, bool)
        case "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        case "date":
            return isinstance(value, date)
        case "list":
            return isinstance(value, list | tuple | set | frozenset)
        case _:
            return isinstance(value, Mapping)


def facts_from(raw: Mapping) -> dict:
    """Every known fact, with defaults filled in; unknown names and wrong types are errors."""
    unknown = sorted(set(raw) - set(FACTS))
    if unknown:
        raise FactError(f"未知的事实 {', '.join(unknown)} / unknown facts: {', '.join(unknown)}")
    facts = {}
    for name, (kind, default) in FACTS.items():
        value = raw.get(name, default)
        if value is not None and not _type_ok(kind, value):
            raise FactError(f"事实 {name} 应为 {kind}，而不是 {value!r} / fact {name} must be a {kind}")
        facts[name] = tuple(value) if kind == LIST and value is not None else value
    if not facts["category"]:
        raise FactError("缺少事实 category（事项类别）/ the fact category is required")
    return facts


def label(value) -> str:
    return VALUE_LABELS.get(value, str(value))
