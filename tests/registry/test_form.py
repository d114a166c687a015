"""Bad input on a demand: a Chinese message that names the field and the fix, and nothing saved."""

import json
from datetime import date

import pytest

from jianfu.registry.forms import DemandForm
from jianfu.registry.models import Demand
from tests.registry.conftest import inspection_data


def errors_for(world, **overrides):
    form = DemandForm(data=inspection_data(world, **overrides), user=world.department_clerk)
    assert not form.is_valid()
    assert not Demand.objects.exists()
    return form.errors


def test_an_end_before_the_start_is_refused_on_the_end_field(world):
    errors = errors_for(world, start=date(2021, 9, 10), end=date(2021, 9, 6))
    assert "结束日期早于开始日期" in errors["end"][0]


@pytest.mark.parametrize("hours", ["0", "-3"])
def test_hours_not_above_zero_are_refused(world, hours):
    assert "必须大于 0" in errors_for(world, estimated_hours=hours)["estimated_hours"][0]


def test_schools_outside_the_requester_s_jurisdiction_are_refused(world):
    errors = errors_for(world, target_schools=world.pingba_school.code)
    assert world.pingba_school.code in errors["target_schools"][0] and "管辖范围" in errors["target_schools"][0]


def test_an_unknown_school_code_is_refused(world):
    assert "3152999999 不存在" in errors_for(world, target_schools="3152999999")["target_schools"][0]


def test_a_county_outside_the_requester_s_jurisdiction_is_refused(world):
    assert "平坝区 不在" in errors_for(world, target_counties=[world.pingba.pk])["target_counties"][0]


def test_only_the_education_bureau_may_flag_an_emergency(world):
    assert "只有教育行政部门" in errors_for(world, emergency=True)["emergency"][0]


def test_a_unit_the_clerk_does_not_belong_to_is_not_a_choice(world):
    errors = errors_for(world, requester=world.unit("520402-GAJ").pk)
    assert "requester" in errors


def test_an_unknown_declared_fact_is_refused(world):
    assert "无法识别的申报项 screenshots" in errors_for(world, declared={"screenshots": True})["declared"][0]


def test_the_requester_edits_a_returned_demand_and_the_change_is_audited(world, file_demand, client_for):
    from jianfu.audit.models import AuditEvent
    from jianfu.workflow.demand import Action
    from tests.registry.test_lifecycle import act

    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    act(world.county_officer, demand, Action.RETURN, reason="请写明检查标准")
    client = client_for(world.department_clerk)
    page = client.get(f"/demands/{demand.pk}/edit/").content.decode()
    assert "修改涉校事项" in page and demand.title in page and 'value="on_site" checked' in page
    data = inspection_data(world, title="2021 年学校食品安全专项检查（按《食品安全国家标准》）")
    data["declared.party_approved"] = "on"
    data["declared.evaluation_methods"] = ["on_site"]
    data.pop("declared")
    response = client.post(f"/demands/{demand.pk}/edit/", data, follow=True)
    assert "已保存为草稿" in response.content.decode()
    demand.refresh_from_db()
    assert demand.title.endswith("（按《食品安全国家标准》）") and demand.state == "returned"
    assert AuditEvent.objects.filter(action="demand.update", object_id=str(demand.pk)).exists()


def test_a_submitted_demand_can_no_longer_be_edited(world, file_demand, client_for):
    from jianfu.workflow.demand import Action
    from tests.registry.test_lifecycle import act

    demand = file_demand()
    act(world.department_clerk, demand, Action.SUBMIT)
    data = inspection_data(world, title="改名")
    data.pop("declared")
    page = client_for(world.department_clerk).post(f"/demands/{demand.pk}/edit/", data).content.decode()
    assert "不能再修改" in page
    demand.refresh_from_db()
    assert demand.title != "改名"


# --- the page a requester fills in (issue 9, item 4) ---------------------------------------------


def test_the_form_offers_checkboxes_and_date_pickers_not_ctrl_click_lists(world, client_for):
    page = client_for(world.department_clerk).get("/demands/new/").content.decode()
    assert "<select" in page and "multiple" not in page
    assert page.count('type="date"') == 2
    for name in ("target_counties", "target_levels", "target_areas"):
        assert f'type="checkbox" name="{name}"' in page, name
    assert (
        'src="/static/js/demand_form.js"' in page and "http" not in page.split("<main>")[1].split("demand_form.js")[0]
    )


def test_the_form_offers_only_the_counties_the_requester_may_name(world, client_for):
    page = client_for(world.department_clerk).get("/demands/new/").content.decode()
    assert f'value="{world.xixiu.pk}"' in page and "平坝区" not in page


def test_the_declaration_questions_are_the_ones_questions_py_lists(world, client_for):
    from jianfu.registry.questions import QUESTIONS

    page = client_for(world.department_clerk).get("/demands/new/").content.decode()
    for question in QUESTIONS:
        assert f'name="declared.{question.key}"' in page and question.label in page, question.key


def test_without_javascript_school_codes_typed_in_the_field_are_saved(world, client_for):
    from tests.registry.test_form_endpoints import posted

    data = posted(world, target_schools=f"{world.xixiu_school.code}，{world.xixiu_other_school.code}")
    response = client_for(world.department_clerk).post("/demands/new/", data, follow=True)
    assert "已保存为草稿" in response.content.decode()
    assert set(Demand.objects.get().target_schools.all()) == {world.xixiu_school, world.xixiu_other_school}


def test_a_form_shown_again_keeps_the_picked_schools_with_their_names(world, client_for):
    from tests.registry.test_form_endpoints import posted

    data = posted(world, title="", target_schools=world.xixiu_school.code)
    page = client_for(world.department_clerk).post("/demands/new/", data).content.decode()
    chosen = json.loads(page.split('<script id="chosen-schools" type="application/json">')[1].split("</script>")[0])
    assert chosen == [{"code": world.xixiu_school.code, "name": "西秀区第一小学", "county": "西秀区"}]
    assert f'value="{world.xixiu_school.code}"' in page


def test_the_edit_page_judges_live_against_its_own_demand(world, client_for, file_demand):
    demand = file_demand(target_schools=world.xixiu_school.code)
    page = client_for(world.department_clerk).get(f"/demands/{demand.pk}/edit/").content.decode()
    assert f'data-precheck-url="/demands/{demand.pk}/precheck"' in page
    chosen = json.loads(page.split('<script id="chosen-schools" type="application/json">')[1].split("</script>")[0])
    assert [school["name"] for school in chosen] == ["西秀区第一小学"]


def test_only_people_who_raise_demands_are_offered_the_new_demand_button(world, client_for):
    """A button that leads to a refusal is not shown: the principal and the inspector read demands
    but raise none."""
    assert "/demands/new/" in client_for(world.department_clerk).get("/demands/").content.decode()
    for reader in (world.principal, world.inspector):
        page = client_for(reader).get("/demands/")
        assert page.status_code == 200 and "/demands/new/" not in page.content.decode()
