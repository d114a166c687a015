"""Where work makes and closes obligations, and who is told. Connected to the registry's and the gate's
records by signals (their services stay free of deadline code): every state change of a demand is a
DemandTransition row written by `registry.services.demand_act`, every refusal opens a ViolationCase in
`gate.services.refusal_record`, and `gate.services.case_act` saves the case when it is handled. The
receivers run inside those services' transactions, so the obligation and the work land together."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from jianfu.deadlines.models import NotificationKind, ObligationKind
from jianfu.deadlines.services import notify, obligation_meet, obligation_open, people_of
from jianfu.documents.language import official_gettext as _
from jianfu.gate.models import CaseState, ViolationCase
from jianfu.org.models import Role, RoleAssignment, Unit
from jianfu.registry.models import DemandTransition
from jianfu.workflow.demand import Action, State

DEMAND = "demand"
CASE = "violation_case"


def bureau_of(division) -> Unit | None:
    return Unit.objects.filter(division=division, kind="education_bureau").first() if division else None


@receiver(post_save, sender=DemandTransition, dispatch_uid="deadlines.demand_transition")
def on_demand_transition(sender, instance: DemandTransition, created: bool, **kwargs) -> None:
    if not created:
        return
    demand, action, actor = instance.demand, instance.action, instance.actor
    link = reverse("registry:demand", args=[demand.pk])
    requesters = people_of(unit=demand.requester, roles=[Role.REQUESTER])
    if action == Action.RETURN:
        obligation_open(
            kind=ObligationKind.REVISION,
            what=_("修改退回的事项「{title}」并重新提交").format(title=demand.title),
            limit="returned_revision_days",
            start=timezone.localdate(),
            subject_type=DEMAND,
            subject_id=demand.pk,
            link=link,
            owner_unit=demand.requester,
            owed_to=bureau_of(demand.division),
            acting_user=actor,
        )
        title = _("事项被退回修改：{title}").format(title=demand.title)
        notify(users=requesters, kind=NotificationKind.DEMAND_RETURNED, title=title, body=instance.reason, link=link)
    elif action in (Action.SUBMIT, Action.WITHDRAW) and instance.from_state == State.RETURNED:
        obligation_meet(kind=ObligationKind.REVISION, subject_type=DEMAND, subject_id=demand.pk, acting_user=actor)
    if action == Action.SUBMIT:
        exam_plan_check(demand)
    if instance.to_state == State.REJECTED:
        title = _("事项被驳回：{title}").format(title=demand.title)
        notify(users=requesters, kind=NotificationKind.DEMAND_REJECTED, title=title, body=instance.reason, link=link)
    if instance.to_state == State.REGISTERED:
        title = _("事项已登记：{title}，备案号 {number}").format(title=demand.title, number=demand.registration_number)
        notify(users=requesters, kind=NotificationKind.DEMAND_REGISTERED, title=title, link=link)
    if action == Action.REGISTER_EMERGENCY:
        emergency_justification_open(demand, actor, link)
    if action == Action.REVOKE:
        obligation_meet(kind=ObligationKind.JUSTIFICATION, subject_type=DEMAND, subject_id=demand.pk, acting_user=actor)


def emergency_justification_open(demand, actor, link: str) -> None:
    """An emergency registered ahead of its route: its bureau owes the justification afterwards (2.3)."""
    bureau = bureau_of(demand.division)
    if bureau is None:
        return
    deciders = RoleAssignment.objects.filter(
        unit__division=demand.division, role__in=[Role.APPROVER, Role.JOINT_REVIEWER], user__is_active=True
    ).values("user_id")
    notify(
        users=get_user_model().objects.filter(pk__in=deciders),
        kind=NotificationKind.EMERGENCY_REGISTERED,
        title=_("紧急事项「{title}」已由教育行政部门先行登记，审核审批事后补办（第 2.3 条）").format(
            title=demand.title
        ),
        link=link,
    )
    obligation_open(
        kind=ObligationKind.JUSTIFICATION,
        what=_("补办紧急登记事项「{title}」的情况说明").format(title=demand.title),
        limit="emergency_justify_days",
        start=timezone.localdate(),
        subject_type=DEMAND,
        subject_id=demand.pk,
        link=link,
        owner_unit=bureau,
        owed_to=bureau_of(demand.division.parent) or bureau,
        acting_user=actor,
    )


def exam_plan_check(demand) -> None:
    """Exam hosting raised after the year's exam-plan due date (2.9) without being in the plan is
    flagged to its reviewing bureau and its requester."""
    from jianfu.packs.active import active_engine

    if demand.category != "exam_hosting" or demand.in_annual_plan:
        return
    due = active_engine().deadline_date("exam_plan_due", demand.year)
    if due is None or timezone.localdate() <= due:
        return
    title = _("考试承办事项「{title}」在 {due} 考务计划报送截止后提出，且未列入计划（第 2.9 条）").format(
        title=demand.title, due=due.isoformat()
    )
    users = list(people_of(unit=bureau_of(demand.division), roles=[Role.EDUCATION_BUREAU]))
    users += list(people_of(unit=demand.requester, roles=[Role.REQUESTER]))
    notify(
        users=users,
        kind=NotificationKind.EXAM_PLAN_LATE,
        title=title,
        link=reverse("registry:demand", args=[demand.pk]),
    )


@receiver(post_save, sender=ViolationCase, dispatch_uid="deadlines.violation_case")
def on_violation_case(sender, instance: ViolationCase, created: bool, **kwargs) -> None:
    refusal = getattr(instance, "refusal", None)
    if refusal is None:
        return  # a case of another origin (an unjustified emergency): opened by escalation, below
    link = reverse("gate:case", args=[instance.pk])
    if created:
        bureau = bureau_of(instance.division)
        if bureau is not None:
            obligation_open(
                kind=ObligationKind.CASE_HANDLING,
                what=_("处理 {school} 拒绝「{title}」的违规线索").format(
                    school=refusal.school.name, title=refusal.title
                ),
                limit="refusal_handling_days",
                start=timezone.localdate(),
                subject_type=CASE,
                subject_id=instance.pk,
                link=link,
                owner_unit=bureau,
                owed_to=bureau_of(instance.division.parent) or bureau,
                acting_user=refusal.created_by,
            )
        if refusal.requester_unit_id:
            notify(
                users=people_of(unit=refusal.requester_unit),
                kind=NotificationKind.DEMAND_REFUSED,
                title=_("{school} 拒绝了「{title}」").format(school=refusal.school.name, title=refusal.title),
                body=_("学校依据减负措施拒绝了此事项；拒绝函可在待办箱下载。"),
                subject=("refusal", refusal.pk),
            )
        return
    if instance.state in (CaseState.HANDLING, CaseState.CLOSED) and instance.action_taken:
        obligation_meet(
            kind=ObligationKind.CASE_HANDLING,
            subject_type=CASE,
            subject_id=instance.pk,
            acting_user=instance.handled_by,
        )
        notify(
            users=people_of(school=refusal.school, roles=[Role.PRINCIPAL, Role.TEACHER]),
            kind=NotificationKind.CASE_HANDLED,
            title=_("您校拒绝「{title}」的违规线索：{state}").format(
                title=refusal.title, state=instance.get_state_display()
            ),
            body=instance.action_taken,
            link=reverse("gate:refusal", args=[refusal.pk]),
        )


def on_escalation(obligation) -> None:
    """What overdue means beyond the reminder: an emergency left unjustified past its deadline (2.3)
    becomes a violation case for the city bureau."""
    if obligation.kind == ObligationKind.JUSTIFICATION:
        from jianfu.deadlines.violations import unjustified_emergency_case_open

        unjustified_emergency_case_open(obligation)
