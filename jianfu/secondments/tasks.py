"""Background work of secondments (Django tasks, database backend: durable across worker restarts)."""

from django.tasks import task


@task()
def post_status_flip(placement_id: int) -> int:
    """On a placement's start date: the roster shows 借用/抽调 from today (the sweep does the same for all)."""
    from jianfu.secondments.periods import post_status_sweep

    return post_status_sweep()
