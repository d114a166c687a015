"""Two (or more) people acting at the same moment, for the tests that show only one of them can win."""

import threading

from django.db import connection


def race(*steps) -> list[str]:
    """Runs each step in its own thread, all released together; what each came to, sorted: "won", or the
    name of the exception it raised. Each thread closes its own database connection."""
    outcomes, start = [], threading.Barrier(len(steps))

    def run(step):
        try:
            start.wait()
            step()
            outcomes.append("won")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)
