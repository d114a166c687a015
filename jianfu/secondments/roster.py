"""What a roster import tells the post-status history: a teacher the roster newly marks 借用, 抽调, 其他离岗 or
休假 is away from the import's date, so the next census lists them (unapproved unless an approved secondment
covers them); a teacher the roster marks 在岗 again ends what earlier rosters recorded.

Only periods the roster itself recorded are ended here: a period opened by an approved secondment ends when
the school confirms the return (services), never because a spreadsheet says so.
"""

from datetime import date, timedelta

from jianfu.org.models import PostStatus, Teacher
from jianfu.secondments.compliance import return_orders_complied
from jianfu.secondments.models import PostStatusPeriod, Source

BY_HAND = (Source.ROSTER, Source.MANUAL)


def post_statuses_from_roster(teachers: list[Teacher], *, on: date) -> int:
    """Records the post status of each teacher whose status the import changed; returns the periods opened.
    Runs inside the import's transaction."""
    if not teachers:
        return 0
    open_periods: dict[int, list[PostStatusPeriod]] = {}
    ids = [teacher.pk for teacher in teachers]
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        for period in PostStatusPeriod.objects.filter(teacher_id__in=chunk, until__isnull=True):
            open_periods.setdefault(period.teacher_id, []).append(period)
    opened = []
    for teacher in teachers:
        periods = open_periods.get(teacher.pk, [])
        if any(period.status == teacher.post_status for period in periods):
            continue  # already recorded (an approved secondment, or an earlier import)
        for period in periods:
            if period.source in BY_HAND:
                _end(period, on)
        if teacher.post_status != PostStatus.ON_POST:
            opened.append(PostStatusPeriod(teacher=teacher, status=teacher.post_status, since=on, source=Source.ROSTER))
    PostStatusPeriod.objects.bulk_create(opened, batch_size=2000)
    return len(opened)


def _end(period: PostStatusPeriod, on: date) -> None:
    """The day before the import is the period's last; one begun that very day was a mistake now corrected
    (unless the bureau already ordered the teacher back: the order keeps its period). An order about the
    period is complied with."""
    ordered = period.return_orders.exists()
    if period.since >= on and not ordered:
        period.delete()
        return
    PostStatusPeriod.objects.filter(pk=period.pk).update(until=max(on - timedelta(days=1), period.since))
    if ordered:
        return_orders_complied([period.pk], on=on)
