"""`jianfu worker [--once]`: sends reminders and notifications. Each round sweeps the obligations (due
dates reckoned again, reminders whose time has come) and runs every queued task that is due (Django's
tasks, database backend). --once does one round and exits (for cron and tests)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from jianfu.accountability.progress_timers import measure_obligations_open
from jianfu.deadlines.reminders import deadlines_sweep
from jianfu.monitoring.report_services import report_obligations_open
from jianfu.ocr.stalled import recognitions_stalled_requeue
from jianfu.secondments.periods import post_status_sweep


class Command(BaseCommand):
    help = "后台发送提醒和通知（--once：处理到期的一轮后退出）"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="处理当前到期的提醒和任务后退出")
        parser.add_argument("--interval", type=float, default=5.0, help="两轮之间等待的秒数（默认 5）")

    def handle(self, *args, once: bool, interval: float, **options):
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        while True:
            swept = deadlines_sweep() + post_status_sweep()  # the roster shows 借用 from a secondment's start
            swept += report_obligations_open()  # each county owes the year's report (7.4) from 1 January
            swept += measure_obligations_open()  # each measure's units owe a progress report per period
            swept += recognitions_stalled_requeue()  # photos whose reading a dead worker left unfinished
            ran = _drain(worker)
            if options["verbosity"] > 1:
                self.stdout.write(f"swept {swept}, ran {ran}")
            if once:
                return
            close_old_connections()  # between rounds, as a request would: never keep a broken connection
            time.sleep(interval)


def _drain(worker: Worker) -> int:
    """Runs every queued task that is due, one at a time, each claimed under a lock so that several
    workers never run the same task (db_worker's own loop, without its sleeping and signal handling)."""
    ran = 0
    while True:
        with exclusive_transaction(DBTaskResult.objects.db):
            task = DBTaskResult.objects.ready().filter(backend_name=worker.backend_name).get_locked()
            if task is not None:
                task.claim(worker.worker_id)
        if task is None:
            return ran
        worker.run_task(task)
        ran += 1
