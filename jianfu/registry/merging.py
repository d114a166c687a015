"""Merging same or similar demands into one joint demand (clause 1.1), done by the education bureau."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from jianfu.audit.services import audit_record
from jianfu.registry.access import demands_for, is_education_bureau_of
from jianfu.registry.forms import TITLE_MAX
from jianfu.registry.models import Demand
from jianfu.registry.services import REASON_MAX, DemandError, StaleDecision, demand_act, demand_snapshot
from jianfu.workflow.demand import OPEN_STATES, Action, State

MERGEABLE = OPEN_STATES


def demand_merge(*, acting_user, demand_ids: list[int], title: str, reason: str) -> Demand:
    """One joint demand with every requester, the union of the scopes and the span of the dates; the
    originals become `merged` and point to it. The joint demand waits for the bureau's review."""
    if len(set(demand_ids)) < 2:
        raise DemandError("请至少选择两个事项进行合并")
    if not title.strip() or not reason.strip():
        raise DemandError("请填写合并后事项的名称和合并理由")
    if len(title) > TITLE_MAX or len(reason) > REASON_MAX:
        raise DemandError(f"合并后事项名称最多 {TITLE_MAX} 字、合并理由最多 {REASON_MAX} 字；请精简")
    with transaction.atomic():
        visible = set(demands_for(acting_user).filter(pk__in=demand_ids).values_list("pk", flat=True))
        originals = list(Demand.objects.select_for_update().filter(pk__in=visible).order_by("pk"))
        if len(originals) != len(set(demand_ids)):
            raise DemandError("有事项不存在或不在您的管辖范围内；请刷新后重选")
        if any(d.state not in MERGEABLE for d in originals):
            raise StaleDecision("有事项已被他人办理（不再处于待审状态）；请刷新后重选")
        first = originals[0]
        if any(
            (d.year, d.category, d.division_id) != (first.year, first.category, first.division_id) for d in originals
        ):
            raise DemandError("只能合并同一年度、同一类别、同一级的事项")
        if not is_education_bureau_of(acting_user, first):
            raise PermissionDenied("只有本级教育行政部门可以合并事项")
        joint = Demand.objects.create(
            year=first.year,
            category=first.category,
            kind=first.kind,
            title=title.strip(),
            content="\n\n".join(f"【{d.requester.name}】{d.content}" for d in originals),
            legal_basis="；".join(sorted({d.legal_basis for d in originals if d.legal_basis})),
            requester=first.requester,
            division=first.division,
            start=min(d.start for d in originals),
            end=max(d.end for d in originals),
            estimated_hours=max(d.estimated_hours for d in originals),
            target_areas=",".join(sorted({a for d in originals for a in d.target_areas.split(",") if a})),
            in_annual_plan=all(d.in_annual_plan for d in originals),
            temporary=any(d.temporary for d in originals),
            declared_facts=first.declared_facts,
            state=State.SUBMITTED,
            route=first.route,
            waiting_for=first.route[0]["by"] if first.route else "",
            created_by=first.created_by,
        )
        joint.co_requesters.set({d.requester for d in originals[1:]} - {first.requester})
        for field in ("target_counties", "target_levels", "target_schools"):
            getattr(joint, field).set({item for d in originals for item in getattr(d, field).all()})
        for original in originals:  # each through the one door a demand's state goes through, audited
            demand_act(
                acting_user=acting_user,
                demand_id=original.pk,
                action=Action.MERGE,
                expected_state=original.state,
                reason=f"并入《{joint.title}》：{reason}",
                merged_into=joint,
            )
        audit_record(
            acting_user=acting_user,
            action="demand.merge",
            object_type="demand",
            object_id=joint.pk,
            before={"merged": [d.pk for d in originals]},
            after=demand_snapshot(joint) | {"reason": reason},
        )
    return joint
