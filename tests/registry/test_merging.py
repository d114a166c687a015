"""Similar demands are found with a score and a reason; the bureau merges them into one joint demand."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from jianfu.registry.merging import demand_merge
from jianfu.registry.services import DemandError, demand_act
from jianfu.registry.similar import similar_demands, text_likeness
from jianfu.workflow.demand import Action, State
from tests.registry.test_lifecycle import act


def submitted(world, file_demand, **overrides):
    demand = file_demand(**overrides)
    act(world.department_clerk, demand, Action.SUBMIT)
    demand.refresh_from_db()
    return demand


def test_the_same_inspection_raised_twice_is_found_with_its_reason(world, file_demand):
    first = submitted(world, file_demand, title="2021 年秋季学校食品安全专项检查")
    second = submitted(world, file_demand, title="秋季学校食品安全检查", start=date(2021, 9, 8), end=date(2021, 9, 20))
    (found,) = similar_demands(second)
    assert found.demand == first and found.score > 0.4
    assert "时间重叠 3 天" in found.reason and "食品" in found.reason


def test_different_topics_or_other_years_or_categories_are_not_similar(world, file_demand):
    submitted(world, file_demand, title="2021 年学校消防安全检查", content="检查消防通道与灭火器。")
    submitted(
        world, file_demand, title="2021 年秋季学校食品安全专项检查", start=date(2022, 9, 6), end=date(2022, 9, 10)
    )
    new = submitted(world, file_demand, title="2021 年秋季学校食品安全专项检查", category="campus_activity")
    assert similar_demands(new) == []


def test_text_likeness_reads_chinese_without_spaces():
    assert text_likeness("学校食品安全专项检查", "食品安全检查") > 0.3
    assert text_likeness("学校食品安全专项检查", "禁毒宣传进校园") == 0.0


def test_the_bureau_merges_two_demands_into_one_joint_demand(world, file_demand):
    gaj = world.unit("520402-GAJ")
    from jianfu.org.models import Role
    from jianfu.org.services import role_grant

    role_grant(user=world.department_clerk, role=Role.REQUESTER, unit=gaj)
    first = submitted(world, file_demand)
    second = submitted(world, file_demand, requester=gaj.pk, start=date(2021, 9, 8), end=date(2021, 9, 20))
    joint = demand_merge(
        acting_user=world.county_officer,
        demand_ids=[first.pk, second.pk],
        title="2021 年秋季学校食品安全联合检查",
        reason="内容相同，合并进行",
    )
    assert joint.state == State.SUBMITTED and (joint.start, joint.end) == (date(2021, 9, 6), date(2021, 9, 20))
    assert set(joint.co_requesters.all()) == {gaj}
    for original in (first, second):
        original.refresh_from_db()
        assert (original.state, original.merged_into) == (State.MERGED, joint)
    demand_act(
        acting_user=world.county_officer, demand_id=joint.pk, action=Action.ADVANCE, expected_state=State.SUBMITTED
    )


def test_only_the_bureau_merges_and_only_open_demands(world, file_demand):
    first, second = submitted(world, file_demand), submitted(world, file_demand, title="又一项检查")
    with pytest.raises((PermissionDenied, DemandError)):
        demand_merge(acting_user=world.department_clerk, demand_ids=[first.pk, second.pk], title="x", reason="y")
    with pytest.raises(DemandError, match="至少选择两个"):
        demand_merge(acting_user=world.county_officer, demand_ids=[first.pk], title="x", reason="y")


def test_the_bureau_sees_similar_demands_on_the_page_and_merges_them(world, file_demand, client_for):
    first = submitted(world, file_demand)
    second = submitted(world, file_demand, title="秋季学校食品安全检查", start=date(2021, 9, 8), end=date(2021, 9, 20))
    client = client_for(world.county_officer)
    page = client.get(f"/demands/{second.pk}/").content.decode()
    assert "相同或相近的事项" in page and "合并为联合事项" in page and first.title in page
    response = client.post(
        f"/demands/{second.pk}/merge/", {"merge": [first.pk], "title": "联合检查", "reason": "重复"}, follow=True
    )
    assert "已合并为联合事项《联合检查》" in response.content.decode()
