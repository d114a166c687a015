"""How secondments follow their demand and their deadlines, by signals (the registry and the deadlines
app carry no secondment code): every state change of a demand is a DemandTransition row written by
`registry.services.demand_act`, and every reminder is a ReminderSent row written once by the deadlines
worker. The receivers run inside those transactions, so the placements change with the demand."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from jianfu.deadlines.models import NotificationKind, ObligationKind, ReminderSent
from jianfu.deadlines.services import notify, people_of
from jianfu.documents.language import official_gettext as _
from jianfu.registry.models import DemandTransition
from jianfu.secondments import periods, timers
from jianfu.secondments.models import Placement, PlacementState, Secondment
from jianfu.workflow.demand import State

ENDED_UNREGISTERED = (State.REJECTED, State.WITHDRAWN, State.MERGED)


@receiver(post_save, sender=DemandTransition, dispatch_uid="secondments.demand_transition")
def on_demand_transition(sender, instance: DemandTransition, created: bool, **kwargs) -> None:
    if not created:
        return
    secondment = Secondment.objects.filter(demand_id=instance.demand_id).select_related("renewal_of").first()
    if secondment is None:
        return
    secondment.demand = instance.demand  # the demand as the service is changing it (its number is taken)
    if instance.to_state == State.REGISTERED and instance.from_state != State.REGISTERED:
        secondment_registered(secondment, instance.actor)
    elif instance.to_state in ENDED_UNREGISTERED:
        secondment.placements.filter(state=PlacementState.REQUESTED).update(state=PlacementState.CANCELLED)
    elif instance.to_state == State.REVOKED:
        secondment_revoked(secondment, instance.actor)


def secondment_registered(secondment: Secondment, actor) -> None:
    """Approved and filed: each teacher placed from the start (借用/抽调, where: the borrowing unit), the
    roster's status changed once the start has come, the return owed by the end date, the schools told."""
    today = timezone.localdate()
    placements = list(secondment.placements.filter(state=PlacementState.REQUESTED).select_related("teacher", "school"))
    demand = secondment.demand
    for placement in placements:
        # The demand's dates as approved govern (the registry's own edit page may have changed them).
        placement.state, placement.start, placement.end = PlacementState.ACTIVE, demand.start, demand.end
        placement.save(update_fields=["state", "start", "end"])
        placement.secondment = secondment
        periods.period_open(placement, today=today)
        timers.start_flip_schedule(placement)
    if secondment.renewal_of_id:
        original = secondment.renewal_of
        renewed = {p.teacher_id for p in placements}
        for earlier in original.placements.filter(teacher_id__in=renewed, state=PlacementState.ACTIVE):
            periods.period_end_at(earlier, earlier.end)
        timers.return_renewed(original, actor)
    if placements:
        timers.return_owed(secondment, actor)
    _tell_schools(secondment, placements)


def secondment_revoked(secondment: Secondment, actor) -> None:
    """A registration revoked: the placements that had not begun are cancelled; a teacher already away
    stays away on record (the census flags the approval as gone) until the return is confirmed."""
    today = timezone.localdate()
    for placement in secondment.placements.filter(state__in=[PlacementState.REQUESTED, PlacementState.ACTIVE]):
        if placement.start > today or placement.state == PlacementState.REQUESTED:
            periods.period_cancel(placement)
            Placement.objects.filter(pk=placement.pk).update(state=PlacementState.CANCELLED)
    timers.return_met_if_all_back(secondment, actor, note=_("登记已撤销"))


def _tell_schools(secondment: Secondment, placements) -> None:
    demand = secondment.demand
    by_school: dict = {}
    for placement in placements:
        by_school.setdefault(placement.school, []).append(placement.teacher.name)
    for school, names in by_school.items():
        notify(
            users=people_of(school=school),
            kind=NotificationKind.DEMAND_REGISTERED,
            title=_("{unit} 经批准借用本校教师 {names}（{start} 至 {end}，备案号 {number}）").format(
                unit=demand.requester.name,
                names=_("、").join(names),
                start=demand.start,
                end=demand.end,
                number=demand.registration_number,
            ),
            link=timers.secondment_link(secondment),
        )


@receiver(post_save, sender=ReminderSent, dispatch_uid="secondments.escalation")
def on_reminder(sender, instance: ReminderSent, created: bool, **kwargs) -> None:
    """The escalation of an overdue return opens the violation case against the borrowing unit."""
    if not created or instance.key != "escalation":
        return
    obligation = instance.obligation
    if obligation.kind == ObligationKind.SECONDMENT_RETURN:
        timers.overdue_case_open(obligation)
