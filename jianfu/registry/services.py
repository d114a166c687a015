"""Writes to the registry. Each runs in one transaction, locks the demand it changes, checks the state
the person saw is still the state it has, and records a transition and an audit event."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.documents.language import official_language
from jianfu.org.access import get_for_user
from jianfu.packs.active import active_engine
from jianfu.policy.facts import FACTS, value_ok
from jianfu.registry.access import (
    demand_allowed_actions,
    demands_for,
    is_education_bureau_of,
    may_act_on_step,
    may_request_for,
    requester_units,
)
from jianfu.registry.errors import DemandError, StaleDecision
from jianfu.registry.facts import CHECKLIST, DECLARED, FINDING
from jianfu.registry.fields import fields_parsed
from jianfu.registry.fields_review import HELD_AWAITING_RULE, demand_held_fields_decide
from jianfu.registry.models import Demand, DemandTransition, ReviewDecision
from jianfu.registry.numbers import registration_number_take, verification_code_new
from jianfu.registry.precheck import demand_precheck, is_quota_finding, is_text_finding, text_findings
from jianfu.registry.selectors import may_review
from jianfu.workflow.demand import (
    OPEN_STATES,
    STATE_LABELS,
    Action,
    Position,
    State,
    TransitionError,
    next_position,
)

# Lazy: each is worded in the language of whoever reads it (the page's, or Chinese for the API).
NOT_YOUR_STEP = gettext_lazy("此事项当前环节不由您办理；请等待有权限的单位处理")
OWN_DEMAND = gettext_lazy("不能审核、审批本单位或本人提出的事项（回避原则）")
ALREADY_ACTED = gettext_lazy("您已审核过此事项，不能再审批它（审核与审批分离）")
REQUESTER_ONLY = gettext_lazy("只有提出单位可以提交或撤回此事项")
COMPLETE_REFUSED = gettext_lazy("只有提出单位可以在事项结束日之后将已登记的事项标记为已完成")
MERGE_ELSEWHERE = gettext_lazy("合并事项请在事项页面选择要合并的同类事项，由本级教育行政部门合并为联合事项")
NOT_AN_EMERGENCY = gettext_lazy("此事项未标为紧急事项；请按正常程序报审")
BUREAU_ONLY = gettext_lazy("只有本级教育行政部门可以登记紧急事项或撤销登记")
REASON_MAX = 1_000  # an opinion or a reason, kept with the demand's history and shown on its page
SUBMIT_BLOCKED = gettext_lazy("此事项有不得开展的问题，不能提交：{reasons}；请修改后再提交")
TEXT_NEEDS_EXPLANATION = gettext_lazy(
    "事项文字中有 {count} 处属于减负清单的内容：{reasons}。请修改文字；如确属误读，"
    "请在「意见或理由」中说明后再提交，由教育行政部门审核排除"
)
REGISTER_BLOCKED = gettext_lazy("此事项仍有不得开展的问题，不能登记：{reasons}")
NOT_THE_REVIEWER = gettext_lazy("只有本级教育行政部门可以在审核中维持或排除文字审查的问题、核实申报情况")
NO_SUCH_TEXT_FINDING = gettext_lazy("事项文字中没有这一问题（可能已修改）；请刷新后查看")
DISMISS_NEEDS_REASON = gettext_lazy("排除第 {clause} 条的问题须写明理由；理由将显示在事项办理记录和公开核验页上")
NOT_ON_CHECKLIST = gettext_lazy("「{key}」不是须核实的申报项；请刷新后查看")
WRONG_VALUE = gettext_lazy("「{key}」的核实值 {value!r} 不合要求（应为 {kind}）；请改正")
CORRECTION_NEEDS_REASON = gettext_lazy("更正申报情况须写明理由")


def demand_create(*, acting_user, data: dict) -> Demand:
    if not requester_units(acting_user).filter(pk=data["requester"].pk).exists():
        raise PermissionDenied(gettext("您不能以该单位名义提出事项"))
    with transaction.atomic():
        demand = Demand(created_by=acting_user)
        _apply(demand, data)
        audit_record(
            acting_user=acting_user,
            action="demand.create",
            object_type="demand",
            object_id=demand.pk,
            after=demand_snapshot(demand),
        )
    return demand


def demand_update(*, acting_user, demand_id: int, data: dict) -> Demand:
    """A draft, or a demand returned for revision, is edited by its requester; nothing else is."""
    with transaction.atomic():
        get_for_user(demands_for(acting_user), pk=demand_id)
        demand = Demand.objects.select_for_update().get(pk=demand_id)
        if (
            not may_request_for(acting_user, demand)
            or not requester_units(acting_user).filter(pk=data["requester"].pk).exists()
        ):
            raise PermissionDenied(gettext("只有提出单位可以修改此事项"))
        if demand.state not in (State.DRAFT, State.RETURNED):
            raise StaleDecision(
                gettext("事项已是「%(state)s」，不能再修改；请刷新后查看") % {"state": state_label(demand.state)}
            )
        before = demand_snapshot(demand)
        _apply(demand, data)
        audit_record(
            acting_user=acting_user,
            action="demand.update",
            object_type="demand",
            object_id=demand.pk,
            before=before,
            after=demand_snapshot(demand),
        )
    return demand


def demand_fill(demand: Demand, data: dict) -> None:
    """The form's cleaned data onto the demand, saved with its scope. Saving a demand and the form's
    live pre-check (which saves inside a transaction it rolls back) both fill a demand this way."""
    declared = data.get("declared") or {}
    demand.year, demand.category = data["start"].year, data["category"]
    demand.title, demand.content = data.get("title", ""), data.get("content", "")
    demand.legal_basis = data.get("legal_basis", "")
    demand.requester, demand.division = data["requester"], data["requester"].division
    demand.start, demand.end, demand.estimated_hours = data["start"], data["end"], data["estimated_hours"]
    demand.target_areas = ",".join(sorted(data.get("target_areas") or []))
    demand.in_annual_plan, demand.emergency = data.get("in_annual_plan", False), data.get("emergency", False)
    demand.declared_facts, demand.kind = _jsonable(declared), declared.get("kind", "")
    demand.fields = fields_parsed(data.get("fields"), active_engine().pack)  # the form has cleaned them
    demand.save()
    demand.target_counties.set(data.get("target_counties") or [])
    demand.target_levels.set(data.get("target_levels") or [])
    demand.target_schools.set(data.get("target_schools") or [])


def _apply(demand: Demand, data: dict) -> None:
    demand_fill(demand, data)
    # A draft carries what the pre-check says of it as saved (the API answers with it): a block shows
    # before anyone presses "submit". Kept findings are records: Chinese, whoever saved.
    with official_language():
        demand.findings = [f.as_dict() for f in demand_precheck(demand).findings]
    demand.save(update_fields=["findings"])


def demand_act(
    *,
    acting_user,
    demand_id: int,
    action: Action,
    expected_state: str,
    reason: str = "",
    on: date | None = None,
    merged_into: Demand | None = None,
) -> Demand:
    """One step of the lifecycle, decided by one person; of two people deciding at once, one wins
    and the other is told what happened instead. `on` is the working day (today unless given).
    The only way a demand changes state: merging (`merging.demand_merge`) comes here for each
    original, with the joint demand it goes into as `merged_into`."""
    today = on or timezone.localdate()
    if len(reason) > REASON_MAX:
        raise DemandError(
            gettext("「意见或理由」最多 %(limit)s 字，现有 %(length)s 字；请精简，详细材料请作为附件上传")
            % {"limit": REASON_MAX, "length": len(reason)}
        )
    with transaction.atomic():
        get_for_user(demands_for(acting_user), pk=demand_id)  # 404 unless this person may see it
        demand = Demand.objects.select_for_update().select_related("division", "requester").get(pk=demand_id)
        if demand.state != expected_state:
            raise StaleDecision(_stale_message(demand))
        before = demand_snapshot(demand)
        try:
            position = next_position(
                Position(State(demand.state), demand.step),
                action,
                tuple(step["action"] for step in demand.route),
                reason,
            )
        except TransitionError as error:
            raise DemandError(error.worded(gettext)) from None
        _check_may(acting_user, demand, action, today, merged_into)
        # Whether it may happen at all, and whether this person may do it, come before what the policy
        # says about it: a stranger is told it is not theirs, not that the plan window has closed.
        if action == Action.SUBMIT:
            _fix_route(demand, today, reason)
        if position.state == State.REGISTERED:
            _register(demand, today)
        if action == Action.MERGE:
            demand.merged_into = merged_into
        DemandTransition.objects.create(
            demand=demand,
            action=action,
            from_state=demand.state,
            to_state=position.state,
            step=demand.step,
            actor=acting_user,
            reason=reason,
        )
        demand.state, demand.step = position.state, position.step
        demand.waiting_for = demand.route[demand.step]["by"] if position.state in OPEN_STATES else ""
        demand.save()
        audit_record(
            acting_user=acting_user,
            action=f"demand.{action}",
            object_type="demand",
            object_id=demand.pk,
            before=before,
            after=demand_snapshot(demand) | {"reason": reason},
        )
    return demand


def _check_may(user, demand: Demand, action: Action, today: date, merged_into: Demand | None = None) -> None:
    """Only what the demand's page would offer this person (access.demand_allowed_actions): an API
    client cannot do what no button allows. The refusal says why, in the person's terms. Merging is
    the bureau's, and only into a joint demand made by `merging.demand_merge`."""
    if action == Action.MERGE:  # no button: only `merging.demand_merge`, by the bureau, into its joint demand
        if merged_into is None or not is_education_bureau_of(user, demand):
            raise PermissionDenied(MERGE_ELSEWHERE)
        return
    if action not in demand_allowed_actions(user, demand, on=today):
        raise PermissionDenied(_refusal(user, demand, action))
    approving = demand.route[demand.step]["action"] == "approval" if demand.route else False
    if action == Action.ADVANCE and approving and demand.transitions.filter(actor=user, action=Action.ADVANCE).exists():
        raise PermissionDenied(ALREADY_ACTED)


def _refusal(user, demand: Demand, action: Action) -> str:
    if action in (Action.SUBMIT, Action.WITHDRAW):
        return REQUESTER_ONLY
    if action == Action.COMPLETE:
        return COMPLETE_REFUSED
    if action == Action.MERGE:
        return MERGE_ELSEWHERE
    if action == Action.REGISTER_EMERGENCY and not demand.emergency:
        return NOT_AN_EMERGENCY
    if action in (Action.REGISTER_EMERGENCY, Action.REVOKE):
        return BUREAU_ONLY
    if may_act_on_step(user, demand) and (demand.created_by_id == user.pk or may_request_for(user, demand)):
        return OWN_DEMAND
    return NOT_YOUR_STEP


def _fix_route(demand: Demand, today: date, reason: str = "") -> None:
    """At submission the pack's verdict is recorded with the demand: its route and its findings.
    A demand can enter the year's plan only while the plan is being collected (clause 1.1)."""
    window_end = active_engine().deadline_date("annual_plan_collection_end", demand.year)
    if demand.in_annual_plan and window_end and today > window_end:
        raise DemandError(
            gettext("%(year)s 年度计划已于 %(day)s 截止收集；请取消“已列入本年度计划”，按临时事项报审")
            % {"year": demand.year, "day": f"{window_end:%Y-%m-%d}"}
        )
    with official_language():  # the findings kept with the demand are records: Chinese, whoever submits
        check = demand_precheck(demand, at=today, submitted_on=today)
    _refuse_unfit_submission(check, reason)
    demand.route = [{"action": s.action, "by": s.by, "clause": s.clause, "label": s.label} for s in check.route.steps]
    demand.temporary = check.route.temporary
    demand.findings = [f.as_dict() for f in check.findings]


def _refuse_unfit_submission(check, reason: str) -> None:
    """A demand the requester can still fix is not sent to review with a block on it: what the records
    show must be fixed first. What the screening read in its words may be a misreading, so it goes to
    review only with the requester's explanation, for the bureau to uphold or dismiss. (The quota is
    the register's state, not the demand's: the bureau may merge or the year may free a place.)"""
    pack = active_engine().pack
    fixable = [
        f
        for f in check.blocking
        if not is_text_finding(f) and not is_quota_finding(f, pack) and f.rule not in check.awaiting_review
    ]
    if fixable:
        raise DemandError(SUBMIT_BLOCKED.format(reasons=_cited(fixable)))
    worded = [f for f in check.blocking if is_text_finding(f)]
    if worded and not reason.strip():
        raise DemandError(TEXT_NEEDS_EXPLANATION.format(count=len(worded), reasons=_cited(worded)))


def _cited(findings) -> str:
    """The findings named in a refusal: each message (the pack's words) with its clause."""
    return gettext("；").join(f.message + gettext("（第 %(clause)s 条）") % {"clause": f.clause} for f in findings)


def _register(demand: Demand, today: date) -> None:
    check = demand_precheck(demand, at=today, registering=True)
    if check.blocking:
        raise DemandError(REGISTER_BLOCKED.format(reasons=_cited(check.blocking)))
    demand.registration_number = registration_number_take(demand)
    demand.verification_code = verification_code_new()
    demand.registered_at = timezone.now()


def _stale_message(demand: Demand) -> str:
    last = demand.transitions.select_related("actor").last()
    state = state_label(demand.state)
    if last is None:
        return gettext("此事项已由他人处理，当前状态为「%(state)s」；您的操作未执行，请刷新后查看") % {"state": state}
    return gettext("此事项已由 %(who)s 于 %(at)s 处理，当前状态为「%(state)s」；您的操作未执行，请刷新后查看") % {
        "who": last.actor.get_username(),
        "at": f"{timezone.localtime(last.at):%Y-%m-%d %H:%M}",
        "state": state,
    }


def state_label(state: str) -> str:
    """A state's name in the reader's language (the labels are catalogue ids in workflow/demand.py)."""
    return gettext(STATE_LABELS[State(state)])


def demand_snapshot(demand: Demand) -> dict:
    return {
        "title": demand.title,
        "category": demand.category,
        "state": demand.state,
        "step": demand.step,
        "requester": demand.requester.code,
        "year": demand.year,
        "registration_number": demand.registration_number,
    }


def _jsonable(declared: dict) -> dict:
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in declared.items()}


def demand_finding_decide(*, acting_user, demand_id: int, rule: str, dismiss: bool, reason: str = "") -> ReviewDecision:
    """The reviewing bureau upholds a finding the screening of the demand's words made, or dismisses
    it with a written reason (shown in the demand's history and on its public page as 经审核排除).
    While a text finding is not dismissed, the demand cannot be registered."""
    if len(reason) > REASON_MAX:
        raise DemandError(
            gettext("「理由」最多 %(limit)s 字，现有 %(length)s 字；请精简")
            % {"limit": REASON_MAX, "length": len(reason)}
        )
    if rule == HELD_AWAITING_RULE:  # the written reasons for asking held data again (clause 3.1)
        return demand_held_fields_decide(acting_user=acting_user, demand_id=demand_id, accept=dismiss, reason=reason)
    with transaction.atomic():
        demand = _locked_for_review(acting_user, demand_id)
        finding = next((f for f in text_findings(demand, active_engine().pack) if f.rule == rule), None)
        if finding is None:
            raise DemandError(NO_SUCH_TEXT_FINDING)
        if dismiss and not reason.strip():
            raise DemandError(DISMISS_NEEDS_REASON.format(clause=finding.clause))
        verdict = ReviewDecision.Verdict.DISMISSED if dismiss else ReviewDecision.Verdict.UPHELD
        decision = ReviewDecision.objects.create(
            demand=demand,
            subject=f"{FINDING}{rule}",
            clause=finding.clause,
            verdict=verdict,
            reason=reason.strip(),
            reviewer=acting_user,
        )
        _refresh_text_findings(demand)
        audit_record(
            acting_user=acting_user,
            action=f"demand.finding_{'dismiss' if dismiss else 'uphold'}",
            object_type="demand",
            object_id=demand.pk,
            after={"rule": rule, "clause": finding.clause, "verdict": verdict, "reason": decision.reason},
        )
    return decision


def demand_declaration_review(*, acting_user, demand_id: int, key: str, value, reason: str = "") -> ReviewDecision:
    """The reviewer certifies one of the requester's declarations: the same value (confirmed) or
    another one (corrected, with a reason). The rules read the certified value from then on."""
    if key not in CHECKLIST:
        raise DemandError(NOT_ON_CHECKLIST.format(key=key))
    kind = FACTS[key][0]
    stored = value.isoformat() if hasattr(value, "isoformat") else value
    if not value_ok(key, value):
        raise DemandError(WRONG_VALUE.format(key=key, value=value, kind=kind))
    if len(reason) > REASON_MAX:
        raise DemandError(
            gettext("「理由」最多 %(limit)s 字，现有 %(length)s 字；请精简")
            % {"limit": REASON_MAX, "length": len(reason)}
        )
    with transaction.atomic():
        demand = _locked_for_review(acting_user, demand_id)
        declared = (demand.declared_facts or {}).get(key, FACTS[key][1])
        same = _normal(declared) == _normal(stored)
        if not same and not reason.strip():
            raise DemandError(CORRECTION_NEEDS_REASON)
        verdict = ReviewDecision.Verdict.CONFIRMED if same else ReviewDecision.Verdict.CORRECTED
        decision = ReviewDecision.objects.create(
            demand=demand,
            subject=f"{DECLARED}{key}",
            verdict=verdict,
            value=list(stored) if isinstance(stored, tuple | set) else stored,
            reason=reason.strip(),
            reviewer=acting_user,
        )
        audit_record(
            acting_user=acting_user,
            action=f"demand.declaration_{verdict}",
            object_type="demand",
            object_id=demand.pk,
            before={key: declared},
            after={key: decision.value, "reason": decision.reason},
        )
    return decision


def _locked_for_review(user, demand_id: int) -> Demand:
    get_for_user(demands_for(user), pk=demand_id)  # 404 unless this person may see it
    demand = Demand.objects.select_for_update().select_related("division", "requester").get(pk=demand_id)
    if not may_review(user, demand):
        raise PermissionDenied(NOT_THE_REVIEWER)
    return demand


def _refresh_text_findings(demand: Demand) -> None:
    """The findings kept with the demand show the text findings as they now stand."""
    kept = [f for f in demand.findings or [] if not str(f.get("rule", "")).startswith("negative_list.")]
    with official_language():
        demand.findings = kept + [f.as_dict() for f in text_findings(demand, active_engine().pack)]
    demand.save(update_fields=["findings", "updated_at"])


def _normal(value):
    if isinstance(value, list | tuple | set):
        return sorted(str(v) for v in value)
    return value
