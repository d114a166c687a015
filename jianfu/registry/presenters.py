"""What a demand's page shows: its pre-check, its route and where it stands, and the buttons this
person may press (the same rules the services enforce, so no button leads to a refusal)."""

import json
from dataclasses import dataclass, replace
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from jianfu.collection.approvals import approvals_of, may_record_statistics_approval
from jianfu.collection.responses import is_form, may_see_progress
from jianfu.packs.active import active_engine
from jianfu.policy.model import SEVERITY_LABELS
from jianfu.registry.access import demand_allowed_actions, is_education_bureau_of, may_request_for
from jianfu.registry.facts import CHECKLIST, DECLARED, confirmed_declarations
from jianfu.registry.fields import stored_fields
from jianfu.registry.models import Demand
from jianfu.registry.precheck import demand_precheck
from jianfu.registry.questions import QUESTIONS
from jianfu.registry.selectors import category_labels, may_review
from jianfu.registry.similar import similar_demands
from jianfu.workflow.demand import OPEN_STATES, Action, State


@dataclass(frozen=True)
class Button:
    action: str
    label: str
    needs_reason: bool = False
    primary: bool = False


# The buttons in the order the page shows them, with their words; which of them a person sees is
# decided by access.demand_allowed_actions, the same function demand_act checks.
BUTTONS = (
    Button(Action.SUBMIT, gettext_lazy("确认提交审核"), primary=True),
    Button(Action.WITHDRAW, gettext_lazy("撤回")),
    Button(Action.COMPLETE, gettext_lazy("标记为已完成")),
    Button(Action.CLAIM, gettext_lazy("开始办理")),
    Button(Action.ADVANCE, gettext_lazy("通过"), primary=True),
    Button(Action.RETURN, gettext_lazy("退回修改"), needs_reason=True),
    Button(Action.REJECT, gettext_lazy("驳回"), needs_reason=True),
    Button(Action.REVOKE, gettext_lazy("撤销登记"), needs_reason=True),
    Button(Action.REGISTER_EMERGENCY, gettext_lazy("紧急登记（事后补办）"), needs_reason=True),
)


def actions_for(demand: Demand, user) -> list[Button]:
    allowed = demand_allowed_actions(user, demand)
    if Action.ADVANCE in allowed and registration_blockers(demand):
        allowed -= {Action.ADVANCE}  # "同意并登记" would be refused: the page says what stands first
    if may_record_statistics_approval(user, demand):
        allowed -= {Action.ADVANCE}  # the statistics bureau passes it with its number (the form beside)
    return [_worded(button, demand) for button in BUTTONS if button.action in allowed]


def registration_blockers(demand: Demand) -> list:
    """What would stop the last step from registering the demand now (an undismissed text finding, a
    rule the records still break): the bureau decides those before it is offered "同意并登记"."""
    if demand.state not in OPEN_STATES or demand.step != len(demand.route) - 1:
        return []
    return demand_precheck(demand, registering=True).blocking


def checklist(demand: Demand) -> list[dict]:
    """The requester's declarations as the reviewer's checklist: the answer, and what was certified."""
    declared = demand.declared_facts or {}
    certified = confirmed_declarations(demand)
    decisions = {d.subject: d for d in demand.review_decisions.filter(subject__startswith=DECLARED)}
    rows = []
    for question in QUESTIONS:
        if question.key not in CHECKLIST:
            continue
        rows.append(
            {
                "key": question.key,
                "question": question,
                "declared": _shown(question, declared.get(question.key)),
                "declared_raw": declared.get(question.key),
                "certified": _shown(question, certified[question.key]) if question.key in certified else None,
                "decision": decisions.get(f"{DECLARED}{question.key}"),
            }
        )
    return rows


def _shown(question, value) -> str:
    if value in (None, "", [], ()):
        return gettext("否") if not (question.choices or question.number or question.text) else gettext("（未填）")
    if value is True:
        return gettext("是")
    if question.choices:
        labels = dict(question.choices)
        return gettext("、").join(gettext(labels[v]) if v in labels else str(v) for v in value)
    return str(value)


def _worded(button: Button, demand: Demand) -> Button:
    """Advancing says where the demand goes: to the next step, or into the register."""
    if button.action != Action.ADVANCE:
        return button
    if demand.step == len(demand.route) - 1:
        return replace(button, label=gettext("同意并登记"))
    # The step's name is the pack's words, as the route shows it.
    return replace(button, label=gettext("%(step)s通过，转下一环节") % {"step": demand.route[demand.step]["label"]})


def demand_context(demand: Demand, user) -> dict:
    precheck = demand_precheck(demand) if demand.state in (State.DRAFT, State.RETURNED) else None
    findings = [f.as_dict() for f in precheck.findings] if precheck else demand.findings
    route = demand.route or (
        [{"action": s.action, "label": s.label, "clause": s.clause} for s in precheck.route.steps] if precheck else []
    )
    return {
        "demand": demand,
        "findings": findings,
        "route": route,
        "precheck": precheck,
        "severity_labels": {s.value: gettext(label) for s, label in SEVERITY_LABELS.items()},
        "buttons": actions_for(demand, user),
        "may_review": may_review(user, demand),
        "checklist": checklist(demand) if demand.state not in (State.DRAFT, State.RETURNED) else [],
        "registration_blockers": registration_blockers(demand) if may_review(user, demand) else [],
        "decisions": demand.review_decisions.select_related("reviewer"),
        "transitions": demand.transitions.select_related("actor"),
        "current_step": demand.step if demand.state in OPEN_STATES else None,
        "similar": similar_demands(demand, viewer=user) if demand.state in {State.DRAFT} | OPEN_STATES else [],
        "may_merge": demand.state in OPEN_STATES and is_education_bureau_of(user, demand),
        "category_labels": category_labels(),
        "emergency_due": emergency_due(demand),
        "may_attach": demand.state in (State.DRAFT, State.RETURNED) and may_request_for(user, demand),
        "may_file_results": demand.category == "inspection"
        and demand.state in (State.REGISTERED, State.DONE)
        and may_request_for(user, demand),
        "results": demand.results.select_related("school"),
        "statistics_step": may_record_statistics_approval(user, demand),
        "approvals": approvals_of(demand),
        "form_progress": is_form(demand) and may_see_progress(user, demand),
    }


def emergency_due(demand: Demand):
    """An emergency registered at once must be justified within the pack's limit (clause 2.3)."""
    if not (demand.emergency and demand.registered_at):
        return None
    registered = timezone.localdate(demand.registered_at)
    limit = active_engine().pack.limits["emergency_justify_days"].at(registered)
    return (registered + timedelta(days=limit.value), limit.clause) if limit else None


def form_initial(demand: Demand) -> dict:
    """A saved demand as the values of its form, for editing."""
    return {
        "requester": demand.requester_id,
        "category": demand.category,
        "title": demand.title,
        "content": demand.content,
        "legal_basis": demand.legal_basis,
        "target_counties": list(demand.target_counties.all()),
        "target_levels": list(demand.target_levels.all()),
        "target_areas": [a for a in demand.target_areas.split(",") if a],
        "target_schools": ",".join(demand.target_schools.values_list("code", flat=True)),
        "start": demand.start,
        "end": demand.end,
        "estimated_hours": demand.estimated_hours,
        "fields": json.dumps(stored_fields(demand), ensure_ascii=False),
        "in_annual_plan": demand.in_annual_plan,
        "emergency": demand.emergency,
    }
