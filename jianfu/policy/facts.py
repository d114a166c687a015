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
    "duplicated_fields": (LIST, ()),  # other active forms in scope asking the same fields (3.1), described
    "held_fields_unjustified": (LIST, ()),  # fields the dictionary holds, asked with no written reason
    "held_fields_awaiting": (LIST, ()),  # held fields with a reason the reviewing bureau has not accepted
    "personal_fields_unaccepted": (LIST, ()),  # personal data asked, its need not accepted by the reviewer
    "held_form_id": (INT, None),  # the demand's id when every field it asks is held: ask for access instead
    "statistics_approval_number": (STR, ""),
    "teacher_duties": (LIST, ()),  # admin, security, canteen, dormitory, fee_collection, industry_support...
    "frontline_teachers": (BOOL, True),
    "training_kind": (STR, None),  # teaching, non_teaching
    "statutory_hr_training": (BOOL, False),
    "seat_filling": (BOOL, False),
    "secondment_months": (NUMBER, None),
    "short_assignment_days": (NUMBER, None),
    "short_assignment_headcount": (INT, None),
    "purpose": (STR, None),  # meeting_service, ceremony, reception, task... (the secondment's record)
    "purpose_consented": (BOOL, False),  # the bureau's explicit consent to a restricted purpose (5.3)
    "secondment_renewals": (INT, 0),  # which renewal this demand is: 0 for an original, 1 for the first...
    "history": (MAP, None),  # {year: count} of registered demands of this division and category
    "year_count": (INT, 0),  # already registered this year, same division and category
}

# Where each fact comes from, in order of trust (DESIGN.md, "Where facts come from"):
#   records  — what the platform keeps: the demand's own fields and dates, its scope, the route steps
#              actually taken (DemandTransition rows), the registry (annual lists, quotas, other forms);
#   reviewer — what the requester declares is only a claim: the reviewing bureau confirms or corrects it
#              (audited) and its value is the one judged.
# Text (the demand's words and attachments, screened) does not set facts: each hit is a finding of its
# own (negative_list.*). No fact comes from the requester alone.
RECORDS, TEXT, REVIEWER = "records", "text", "reviewer"
SOURCES: dict[str, str] = {
    "category": RECORDS,
    "kind": RECORDS,
    "requester_kind": RECORDS,
    "requester_count": RECORDS,
    "joint": RECORDS,
    "division_code": RECORDS,
    "in_annual_plan": RECORDS,  # the plan approved as a whole registers it (clause 1.1)
    "on_activity_list": RECORDS,  # the registered annual list of campus activities (2.3)
    "party_approved": RECORDS,  # the party committee's approval step, taken in the platform
    "education_consulted": RECORDS,  # the bureau's review is the consultation
    "education_approved": RECORDS,
    "education_filed": RECORDS,
    "party_filed": RECORDS,
    "emergency": RECORDS,
    "submitted_on": RECORDS,
    "start": RECORDS,
    "end": RECORDS,
    "secondment_months": RECORDS,  # from start and end
    "short_assignment_days": RECORDS,  # from start and end
    "duplicated_fields": RECORDS,  # the form's fields against other active forms' fields
    "held_fields_unjustified": RECORDS,  # the data dictionary, and the reviewer's acceptance of the reasons
    "held_fields_awaiting": RECORDS,
    "personal_fields_unaccepted": RECORDS,
    "held_form_id": RECORDS,
    "statistics_approval_number": REVIEWER,  # a confirmed number; the statistics bureau's step in the platform
    "history": RECORDS,
    "year_count": RECORDS,
    "work_assigned_on": REVIEWER,
    "evaluation_methods": REVIEWER,
    "commercial": REVIEWER,
    "teacher_street_duty": REVIEWER,
    "paper_trail_demands": REVIEWER,
    "sent_directly_to_schools": REVIEWER,
    "app_actions": REVIEWER,
    "related_to_teaching": REVIEWER,
    "participation_targets": REVIEWER,
    "national_requirement": REVIEWER,
    "affects_teaching": REVIEWER,
    "duplicates_curriculum": REVIEWER,
    "teacher_duties": REVIEWER,
    "frontline_teachers": REVIEWER,
    "training_kind": REVIEWER,
    "statutory_hr_training": REVIEWER,
    "seat_filling": REVIEWER,
    "short_assignment_headcount": RECORDS,  # the most teachers placed from one school (secondments app)
    "purpose": RECORDS,  # the secondment's purpose as requested: an admission, it can only add a finding
    "secondment_renewals": RECORDS,  # the chain of renewals kept by the secondments app
    "purpose_consented": REVIEWER,  # a claim until the bureau confirms it with a reason (consent_purpose)
}
# Reviewer facts whose declared value could clear a rule (a rule fires on their default). Until a
# reviewer confirms them, the default is judged. Every other reviewer fact is an admission: a rule
# fires only when it departs from its default, so the requester's unconfirmed word may be judged —
# it can add a finding, never take one away. tests/policy/test_fact_sources.py holds the pack to it.
CLAIMS = frozenset(
    {
        "related_to_teaching",
        "national_requirement",
        "frontline_teachers",
        "statutory_hr_training",
        "statistics_approval_number",
        "purpose_consented",
    }
)

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


def value_ok(name: str, value) -> bool:
    """A value of the fact's type (None is the fact's absence)."""
    return name in FACTS and (value is None or _type_ok(FACTS[name][0], value))


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
