"""What one county's people see of another's: similar demands show only what the viewer may see or what
is registered; inspection results are shared between departments, a school sees its own, a teacher none."""

import pytest
from django.contrib.auth import get_user_model

from jianfu.org.models import Role
from jianfu.org.services import role_grant
from jianfu.registry.forms import DemandForm
from jianfu.registry.services import demand_create
from jianfu.registry.sharing import result_file
from jianfu.registry.similar import similar_demands
from jianfu.workflow.demand import Action
from tests.registry.conftest import inspection_data
from tests.registry.test_lifecycle import act, register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XIXIU_SUBMITTED = "2021 年西秀区学校食品安全专项检查（待审）"
XIXIU_REGISTERED = "2021 年西秀区学校食品安全督查（已登记）"


def user_with(username: str, role: Role, *, unit=None, school=None):
    user = get_user_model().objects.create_user(username)
    role_grant(user=user, role=role, unit=unit, school=school)
    return user


@pytest.fixture
def pingba_clerk(world):
    return user_with("pingba_clerk", Role.REQUESTER, unit=world.unit("520403-WJJ"))


def xixiu_draft(file_demand, title):
    """A Xixiu department's inspection over the whole county (no county named)."""
    return file_demand(title=title, target_counties=[], target_levels=[], target_areas=[])


def xixiu_submitted(world, file_demand, title=XIXIU_SUBMITTED):
    demand = xixiu_draft(file_demand, title)
    act(world.department_clerk, demand, Action.SUBMIT)
    demand.refresh_from_db()
    return demand


def pingba_draft(world, pingba_clerk):
    data = inspection_data(
        world,
        requester=world.unit("520403-WJJ").pk,
        title="2021 年平坝区学校食品安全专项检查",
        target_counties=[world.pingba.pk],
    )
    form = DemandForm(data=data, user=pingba_clerk)
    assert form.is_valid(), form.errors
    return demand_create(acting_user=pingba_clerk, data=form.cleaned_data)


def test_a_pingba_requester_s_draft_does_not_show_a_xixiu_submitted_demand(
    world, file_demand, pingba_clerk, client_for
):
    hidden = xixiu_submitted(world, file_demand)
    draft = pingba_draft(world, pingba_clerk)
    assert hidden in [s.demand for s in similar_demands(draft)], "the demands are alike: only scope may hide it"
    page = client_for(pingba_clerk).get(f"/demands/{draft.pk}/").content.decode()
    assert "相同或相近的事项" not in page and XIXIU_SUBMITTED not in page and "西秀区卫生健康局" not in page
    assert similar_demands(draft, viewer=pingba_clerk) == []


def test_a_pingba_requester_s_draft_shows_a_registered_xixiu_demand(world, file_demand, pingba_clerk, client_for):
    public = register(world, xixiu_draft(file_demand, XIXIU_REGISTERED))
    draft = pingba_draft(world, pingba_clerk)
    assert [s.demand for s in similar_demands(draft, viewer=pingba_clerk)] == [public]
    assert XIXIU_REGISTERED in client_for(pingba_clerk).get(f"/demands/{draft.pk}/").content.decode()


def test_the_xixiu_bureau_sees_its_own_county_s_submitted_demands_to_merge(world, file_demand, client_for):
    first = xixiu_submitted(world, file_demand)
    second = xixiu_submitted(world, file_demand, title="2021 年学校食品安全检查")
    assert [s.demand for s in similar_demands(second, viewer=world.county_officer)] == [first]
    page = client_for(world.county_officer).get(f"/demands/{second.pk}/").content.decode()
    assert XIXIU_SUBMITTED in page and "合并为联合事项" in page


@pytest.fixture
def xixiu_result(world, file_demand):
    demand = register(world, file_demand())
    return result_file(
        acting_user=world.department_clerk,
        demand=demand,
        school=world.xixiu_school,
        summary="食堂证照齐全，留样记录完整。",
        name="r.pdf",
        data=PDF,
    )


@pytest.mark.parametrize("actor", ["department_clerk", "county_officer", "city_officer", "approver", "inspector"])
def test_departments_of_the_county_and_the_city_read_the_results_and_their_files(
    world, xixiu_result, client_for, actor
):
    client = client_for(getattr(world, actor))
    assert "食堂证照齐全" in client.get("/results/").content.decode()
    assert b"".join(client.get(f"/results/{xixiu_result.pk}/file").streaming_content) == PDF


def test_another_county_s_departments_do_not_read_its_results(world, xixiu_result, pingba_clerk, client_for):
    for user in (world.other_county_officer, pingba_clerk):
        client = client_for(user)
        assert "食堂证照齐全" not in client.get("/results/").content.decode()
        assert client.get(f"/results/{xixiu_result.pk}/file").status_code == 404


def test_a_principal_reads_only_the_results_of_its_own_school(world, xixiu_result, client_for):
    own = client_for(world.principal)
    assert "食堂证照齐全" in own.get("/results/").content.decode()
    assert own.get(f"/results/{xixiu_result.pk}/file").status_code == 200
    other = client_for(user_with("other_principal", Role.PRINCIPAL, school=world.xixiu_other_school))
    assert "食堂证照齐全" not in other.get("/results/").content.decode()
    assert other.get(f"/results/{xixiu_result.pk}/file").status_code == 404
    pingba = client_for(user_with("pingba_principal", Role.PRINCIPAL, school=world.pingba_school))
    assert pingba.get(f"/results/?school={world.xixiu_school.code}").content.decode().count("食堂证照齐全") == 0


def test_a_teacher_sees_no_results_page_and_no_result_file(world, xixiu_result, client_for):
    client = client_for(world.teacher)
    assert client.get("/results/").status_code == 404
    assert client.get(f"/results/{xixiu_result.pk}/file").status_code == 404


def test_a_principal_finds_the_results_page_from_home_and_a_teacher_does_not(world, client_for):
    assert 'href="/results/"' in client_for(world.principal).get("/").content.decode()
    assert 'href="/results/"' not in client_for(world.teacher).get("/").content.decode()
