"""Statistical and teacher surveys filed and moved through the registry's own services, for the tests of
clause 3.2 (the statistics bureau's step, the education bureau's consent, the gate)."""

from datetime import date

from jianfu.registry.forms import DemandForm
from jianfu.registry.services import demand_act, demand_create
from jianfu.workflow.demand import Action


def survey_data(world, **overrides) -> dict:
    data = {
        "requester": world.unit("520402-WJJ").pk,
        "category": "statistical_survey",
        "title": "2021 年学校卫生健康基本情况统计",
        "content": "统计各校卫生室、校医配备情况，学校按表填报一次。",
        "legal_basis": "《学校卫生工作条例》",
        "target_counties": [world.xixiu.pk],
        "target_levels": ["primary"],
        "target_areas": ["urban"],
        "target_schools": "",
        "start": date(2021, 3, 15),
        "end": date(2021, 4, 15),
        "estimated_hours": "1",
        "fields": "校医人数,卫生室面积",
        "in_annual_plan": False,
        "emergency": False,
        "declared": {},
    }
    return data | overrides


def survey_filed(world, **overrides):
    form = DemandForm(data=survey_data(world, **overrides), user=world.department_clerk)
    assert form.is_valid(), form.errors
    return demand_create(acting_user=world.department_clerk, data=form.cleaned_data)


def survey_submitted(world, **overrides):
    demand = survey_filed(world, **overrides)
    return demand_act(
        acting_user=world.department_clerk, demand_id=demand.pk, action=Action.SUBMIT, expected_state="draft"
    )
