"""The reviewing bureau's word on a form's written reasons for asking schools again for data already
held (clause 3.1): it accepts them (the held fields then stop blocking registration; the reason it gives
is kept in the demand's history) or it does not (the finding stands). Like the dismissal of a finding on
the demand's words, the latest decision holds and earlier ones stay as history. What it accepts is the
list of held elements that had a reason at that moment: a field added later is judged afresh."""

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.documents.language import official_language
from jianfu.packs.active import active_engine
from jianfu.registry.errors import DemandError
from jianfu.registry.field_facts import HELD_SUBJECT
from jianfu.registry.fields import field_rows
from jianfu.registry.models import Demand, ReviewDecision

HELD_AWAITING_RULE = "held_data_justified"
FIELD_RULES = ("held_data_collection", HELD_AWAITING_RULE, "personal_data_without_need")
NOTHING_TO_ACCEPT = gettext_lazy("此报表没有写明理由、待审核的已有数据字段；请刷新后查看")
ACCEPT_NEEDS_REASON = gettext_lazy("接受重新采集已有数据的理由须写明审核意见；意见将显示在事项办理记录中")


def demand_held_fields_decide(*, acting_user, demand_id: int, accept: bool, reason: str = "") -> ReviewDecision:
    """`accept`: the reasons written for the held fields are accepted (a reason of the reviewer's own is
    required); else the finding is upheld and the demand cannot be registered with those fields."""
    from jianfu.registry.services import REASON_MAX, _locked_for_review  # the registry's own guard

    if len(reason) > REASON_MAX:
        raise DemandError(
            gettext("「理由」最多 %(limit)s 字，现有 %(length)s 字；请精简")
            % {"limit": REASON_MAX, "length": len(reason)}
        )
    with transaction.atomic():
        demand = _locked_for_review(acting_user, demand_id)
        justified = [row for row in field_rows(demand, active_engine().pack) if row.held and row.justification]
        if not justified:
            raise DemandError(NOTHING_TO_ACCEPT)
        if accept and not reason.strip():
            raise DemandError(ACCEPT_NEEDS_REASON)
        verdict = ReviewDecision.Verdict.DISMISSED if accept else ReviewDecision.Verdict.UPHELD
        decision = ReviewDecision.objects.create(
            demand=demand,
            subject=HELD_SUBJECT,
            clause="3.1",
            verdict=verdict,
            value=sorted(row.element.id for row in justified),
            reason=reason.strip(),
            reviewer=acting_user,
        )
        _refresh_findings(demand)
        audit_record(
            acting_user=acting_user,
            action=f"demand.held_fields_{'accept' if accept else 'uphold'}",
            object_type="demand",
            object_id=demand.pk,
            after={"elements": decision.value, "verdict": verdict, "reason": decision.reason},
        )
    return decision


def _refresh_findings(demand: Demand) -> None:
    """The findings kept with the demand show the decision: its 3.1 findings as they now stand."""
    from jianfu.registry.precheck import demand_precheck

    kept = [f for f in demand.findings or [] if f.get("rule") not in FIELD_RULES]
    with official_language():
        now = [f.as_dict() for f in demand_precheck(demand).findings if f.rule in FIELD_RULES]
    demand.findings = kept + now
    demand.save(update_fields=["findings", "updated_at"])
