"""Records as the secondment services leave them, made directly, for the census's own tests."""

from datetime import date

from jianfu.org.models import PostStatus, Teacher
from jianfu.registry.models import Demand
from jianfu.secondments.models import Placement, PlacementState, PostStatusPeriod, Secondment, Source
from tests.registry.conftest import filed


def approved_secondment(world, teacher, start: date, end: date, *, number: str, returned_on: date | None = None):
    """A registered secondment of `teacher` by the county's health bureau, as the services leave it: the
    placement active (or returned), the teacher's 借用 period from the start (closed on the return)."""
    demand = filed(world, title=f"借用教师协助{number}")
    Demand.objects.filter(pk=demand.pk).update(
        category="secondment", start=start, end=end, state="registered", registration_number=number
    )
    secondment = Secondment.objects.create(demand_id=demand.pk)
    placement = Placement.objects.create(
        secondment=secondment,
        teacher=teacher,
        school=teacher.school,
        start=start,
        end=end,
        state=PlacementState.RETURNED if returned_on else PlacementState.ACTIVE,
        returned_on=returned_on,
        return_confirmed_on=returned_on,
    )
    PostStatusPeriod.objects.create(
        teacher=teacher,
        status=PostStatus.SECONDED,
        since=start,
        until=returned_on,
        where=demand.requester.name,
        where_unit=demand.requester,
        placement=placement,
        source=Source.SECONDMENT,
    )
    return placement


def everyone_on_post():
    """The world's roster gives a few teachers a random away status; these tests start from a clean roster."""
    Teacher.objects.update(post_status=PostStatus.ON_POST)
