"""One demo, loaded at 10:00 on 2026-11-27 (Asia/Shanghai), for the modules that read that demo as it is
(complaints, deadlines, secondments): loaded once while they run one after another, and rolled back as soon
as a module that does not read it comes next, or when the session ends.

Loading it costs about a minute on SQLite, and three modules each loaded the same one. Their tests still see
exactly what they saw: each test runs inside its own savepoint and is rolled back to the demo, the clock
stands still at the same moment, and every other module finds the database empty. A module says it reads
the demo with `READS_THE_DEMO_DAY = True` and takes the `demo` fixture from `demo_day_fixture()`.
"""

from contextlib import ExitStack
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

DAY = date(2026, 11, 27)
MOMENT = datetime(DAY.year, DAY.month, DAY.day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


class DemoDay:
    def __init__(self):
        self._open: ExitStack | None = None
        self.stderr = ""

    def open(self, django_db_blocker) -> str:
        """The demo loaded (once) and the clock at its moment; what the demo command printed to stderr."""
        if self._open is None:
            from jianfu.org.management.commands.demo import NOT_PRODUCTION_FLAG

            stack = ExitStack()
            stack.enter_context(time_machine.travel(MOMENT, tick=False))
            stack.enter_context(django_db_blocker.unblock())
            stack.enter_context(transaction.atomic())
            self._open = stack  # from here on, close() rolls back whatever was loaded, even half a demo
            err = StringIO()
            call_command("demo", "--teachers", "800", NOT_PRODUCTION_FLAG, stdout=StringIO(), stderr=err)
            self.stderr = err.getvalue()
        return self.stderr

    def close(self) -> None:
        """Roll the demo back and let the clock run again (innermost first: the transaction, the database
        block, the clock)."""
        if self._open is not None:
            transaction.set_rollback(True)
            stack, self._open = self._open, None
            stack.close()


THE_DEMO_DAY = DemoDay()


def demo_day_fixture():
    """The `demo` fixture of a module that reads the demo day (`demo_day` is in tests/conftest.py)."""

    @pytest.fixture(scope="module")
    def demo(demo_day, django_db_blocker):
        return demo_day.open(django_db_blocker)

    return demo
