"""Clause 3.2: a statistical survey carries the statistics bureau's approval number and its validity, recorded
by the statistics bureau at its own route step (never typed by the requester); a teacher survey (调研) needs
the education bureau's approval, which is its route step taken in the platform. The registration certificate,
the public verification page and the school gate read both from here."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from jianfu.audit.services import audit_record
from jianfu.collection.models import StatisticsApproval
from jianfu.org.access import get_for_user
from jianfu.registry.access import demand_allowed_actions, demands_for
from jianfu.registry.errors import DemandError
from jianfu.registry.models import Demand
from jianfu.registry.services import demand_act
from jianfu.workflow.demand import OPEN_STATES, Action

NUMBER_MAX = 100
NOT_THE_STATISTICS_STEP = gettext_lazy(
    "此事项当前不在统计机构审批环节；统计审批文号只能由统计机构在其审批环节登记，不由提出单位填写"
)
NOT_THE_STATISTICS_BUREAU = gettext_lazy("只有本级统计机构的审批人员可以登记统计审批文号")
NUMBER_NEEDED = gettext_lazy("请填写「统计审批文号」（如 黔统制〔2021〕12号），最多 100 字")
VALIDITY_BACKWARDS = gettext_lazy("「有效期止」（{until}）早于「有效期起」（{since}）；请改正")
VALIDITY_OVER = gettext_lazy("「有效期止」（{until}）已过；过期的统计审批不能登记，请填写有效的审批")
SURVEY_OUTLASTS_APPROVAL = gettext_lazy(
    "调查时间（至 {end}）超出统计审批有效期（至 {until}）；请按审批的有效期调整，或填写覆盖调查时间的审批"
)


@dataclass(frozen=True)
class Approval:
    """One approval a registration shows: what it is, by whom, its number and validity where it has them."""

    kind: str  # "statistics" or "education"
    label: str
    by: str
    number: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    on: date | None = None

    def as_text(self) -> str:
        if self.kind == "statistics":
            return gettext("%(label)s：%(number)s（%(by)s，有效期 %(since)s 至 %(until)s）") % {
                "label": self.label,
                "number": self.number,
                "by": self.by,
                "since": f"{self.valid_from:%Y-%m-%d}",
                "until": f"{self.valid_until:%Y-%m-%d}",
            }
        on = f"{self.on:%Y-%m-%d}" if self.on else ""
        return gettext("%(label)s：%(by)s（%(on)s）") % {"label": self.label, "by": self.by, "on": on}


def is_statistics_step(demand: Demand) -> bool:
    """Is the demand waiting for the statistics bureau's approval now?"""
    if demand.state not in OPEN_STATES or not demand.route or demand.step >= len(demand.route):
        return False
    step = demand.route[demand.step]
    return step["action"] == "approval" and "statistics_bureau" in step["by"].split(",")


def record_statistics_approval(
    demand: Demand, user, *, number: str, valid_from: date, valid_until: date, reason: str = "", on: date | None = None
) -> StatisticsApproval:
    """The statistics bureau's step: its approval number and validity recorded, and the demand passed on to
    the next step, in one transaction (neither without the other)."""
    today = on or timezone.localdate()
    number = (number or "").strip()
    _check_approval(demand, number, valid_from, valid_until, today)
    with transaction.atomic():
        get_for_user(demands_for(user), pk=demand.pk)  # 404 unless this person may see it
        locked = Demand.objects.select_for_update().get(pk=demand.pk)
        if not is_statistics_step(locked):
            raise DemandError(NOT_THE_STATISTICS_STEP)
        if Action.ADVANCE not in demand_allowed_actions(user, locked, on=today):
            raise PermissionDenied(NOT_THE_STATISTICS_BUREAU)
        approval, _ = StatisticsApproval.objects.update_or_create(
            demand=locked,
            defaults={
                "number": number,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "recorded_by": user,
                "recorded_on": today,
            },
        )
        audit_record(
            acting_user=user,
            action="collection.statistics_approval",
            object_type="demand",
            object_id=locked.pk,
            after={"number": number, "valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat()},
        )
        opinion = reason.strip() or f"统计审批文号 {number}"
        demand_act(
            acting_user=user, demand_id=locked.pk, action=Action.ADVANCE, expected_state=locked.state, reason=opinion
        )
    return approval


def _check_approval(demand: Demand, number: str, valid_from, valid_until, today: date) -> None:
    if not number or len(number) > NUMBER_MAX:
        raise DemandError(NUMBER_NEEDED)
    if valid_until < valid_from:
        raise DemandError(VALIDITY_BACKWARDS.format(until=valid_until, since=valid_from))
    if valid_until < today:
        raise DemandError(VALIDITY_OVER.format(until=valid_until))
    if demand.end > valid_until:
        raise DemandError(SURVEY_OUTLASTS_APPROVAL.format(end=demand.end, until=valid_until))


def statistics_approval_of(demand: Demand) -> StatisticsApproval | None:
    return StatisticsApproval.objects.filter(demand_id=demand.pk).first()


def valid_statistics_approval(demand: Demand, on: date) -> StatisticsApproval | None:
    """The statistics approval in force on that day, if there is one."""
    return StatisticsApproval.objects.filter(demand_id=demand.pk, valid_from__lte=on, valid_until__gte=on).first()


def approvals_of(demand: Demand) -> list[Approval]:
    """What the registration shows of clause 3.2: the statistics approval (number and validity) of a
    statistical survey, and the education bureau's approval of a teacher survey (its step in the platform)."""
    shown = []
    approval = statistics_approval_of(demand)
    if approval is not None:
        bureau = demand.division.units.filter(kind="statistics_bureau").first()
        shown.append(
            Approval(
                kind="statistics",
                label=gettext("统计审批"),
                by=bureau.name if bureau else "",
                number=approval.number,
                valid_from=approval.valid_from,
                valid_until=approval.valid_until,
            )
        )
    if demand.category == "research_survey":
        consent = education_consent(demand)
        if consent is not None:
            shown.append(consent)
    return shown


def education_consent(demand: Demand) -> Approval | None:
    """The education bureau's approval of a teacher survey: its approval step, advanced in the platform (a
    survey the bureau itself raises needs no one else's)."""
    bureau = demand.division.units.filter(kind="education_bureau").first()
    name = bureau.name if bureau else ""
    if demand.requester.kind == "education_bureau":
        on = timezone.localdate(demand.registered_at) if demand.registered_at else None
        return Approval(kind="education", label=gettext("教育行政部门同意"), by=demand.requester.name, on=on)
    for transition in demand.transitions.filter(action=Action.ADVANCE).order_by("at", "id"):
        step = demand.route[transition.step] if transition.step < len(demand.route or []) else {}
        if step.get("action") == "approval" and "education_bureau" in step.get("by", "").split(","):
            return Approval(
                kind="education", label=gettext("教育行政部门同意"), by=name, on=timezone.localdate(transition.at)
            )
    return None


def may_record_statistics_approval(user, demand: Demand) -> bool:
    """The demand's page offers the statistics bureau's form (number and validity) instead of a bare
    "通过": to the person who may take that step now."""
    return is_statistics_step(demand) and Action.ADVANCE in demand_allowed_actions(user, demand)
