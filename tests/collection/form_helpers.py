"""Registered forms for the tests of schools' answers (issue 14, item 5): a form demand of 西秀区's
department, registered, reaching 西秀区's two schools; its fields in the registry's format, mapped to the
pack's dictionary elements found by what the platform holds (so the tests do not hang on element ids)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from jianfu.packs.active import active_engine
from jianfu.registry.models import Demand

REGISTERED_AT = datetime(2021, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FILLING = datetime(2021, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # within the form's period


def dictionary():
    return active_engine().pack.dictionary


def held_element(platform: str) -> str:
    """The id of the element whose value the platform holds under `platform` (school.name, teacher.id_number…)."""
    return next(e.id for e in dictionary() if e.platform == platform)


def open_element(*, type: str, level: str = "school"):
    """An element the platform does not hold (the school types it), of this type and level."""
    return next(e for e in dictionary() if not e.platform and e.type == type and e.level == level)


def held(platform: str, label: str = "") -> dict:
    element = held_element(platform)
    found = next(e for e in dictionary() if e.id == element)
    return {"label": label or found.label, "element": element, "definition": "", "justification": "已核对"}


def element_field(element, label: str = "") -> dict:
    return {"label": label or element.label, "element": element.id, "definition": "", "justification": ""}


def new(label: str, definition: str = "") -> dict:
    return {"label": label, "element": "", "definition": definition or f"{label}（新增字段）", "justification": ""}


def registered_form(world, fields: list, *, title="2021 年学校卫生基本情况表", state="registered", number=1, **extra):
    demand = Demand.objects.create(
        year=2021,
        category="form",
        title=title,
        content="各校按表填报一次。",
        requester=world.unit("520402-WJJ"),
        division=world.xixiu,
        start=date(2021, 3, 15),
        end=date(2021, 4, 15),
        estimated_hours=1,
        fields=fields,
        state=state,
        registration_number=f"安教减备〔2021〕520402-{number:04d}号" if state == "registered" else None,
        verification_code=f"TESTFORM{number:04d}" if state == "registered" else None,
        registered_at=REGISTERED_AT if state == "registered" else None,
        created_by=world.department_clerk,
        **extra,
    )
    demand.target_counties.set([world.xixiu])
    return demand
