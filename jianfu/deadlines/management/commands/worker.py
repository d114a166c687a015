"""`jianfu worker [--once]`: sends reminders and notifications. Each round sweeps the obligations (due
dates reckoned again, reminders whose time has come) and runs every queued task that is due (Django's
tasks, database backend). --once does one round and exits (for cron and tests)."""

import time

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jianfu.deadlines.reminders import deadlines_sweep


class Command(BaseCommand):
    help = "后台发送提醒和通知（--once：处理到期的一轮后退出）"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="处理当前到期的提醒和任务后退出")
        parser.add_argument("--interval", type=float, default=5.0, help="两轮之间等待的秒数（默认 5）")

    def handle(self, *args, once: bool, interval: float, **options):
        worker_id = get_random_string(32)
        while True:
            swept = deadlines_sweep()
            ran = self._drain(worker_id)
            if options["verbosity"] > 1:
                self.stdout.write(f"swept {swept}, ran {ran}")
            if once:
                return
            time.sleep(interval)

    def _drain(self, worker_id: str) -> int:
        """Runs every queued task that is due, then returns (db_worker's batch mode, in this process)."""
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.run()
        return worker._run_tasks
