"""gunicorn settings every server of the platform shares (scripts/run.sh, the bench, production):

    gunicorn -c python:jianfu.config.gunicorn_conf jianfu.config.wsgi -w 4 ...

The application is loaded once, in the master, and the workers are forked from it (`preload_app`): the code,
Django's apps and the URLconf are shared between the workers instead of loaded by each. Measured on 2 workers
(jianfu/bench/memory_figures.py), a worker at boot fell from ~72 to ~66 MiB resident and from ~54 to ~25 MiB
of its own (USS). Before forking, the master closes any database connection it opened (a forked connection
would be shared by every worker) and freezes the garbage collector's objects, so no worker's collection writes
to those shared pages and copies them into its own memory.
"""

import gc

preload_app = True


def when_ready(server) -> None:
    """In the master, after the application is loaded and before the first worker is forked."""
    from django.db import connections

    connections.close_all()
    gc.collect()
    gc.freeze()
