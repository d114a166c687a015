"""The test database as other processes reach it (gunicorn workers, `python -c` workers).

On SQLite they get a copy of it, taken after the test has committed its rows. A process that closes what it
takes for the last connection to a WAL database checkpoints it and deletes its -wal and -shm files. Under
pytest-xdist (2026-11-28) a worker's test process still held descriptors of the deleted -wal and -shm after
two such `python -c` processes ended (most likely through connections that server threads of earlier tests
left open), and answered "disk I/O error" to every later test. PostgreSQL has no such files: there the
other processes use the test database itself.
"""

import sqlite3
from pathlib import Path
from urllib.parse import quote

from django.db import connection


def database_for_other_processes(folder: Path) -> str:
    """A DATABASE_URL for other processes: on SQLite a copy in `folder`, elsewhere the test database."""
    if connection.vendor != "sqlite":
        return url_of_the_test_database()
    copy = Path(folder) / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{copy}"


def url_of_the_test_database() -> str:
    """The test database itself, for other processes that must see what this one writes meanwhile (sign-ins).
    On SQLite this process must keep its connection open the whole time, so none of them is the last."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, password = quote(settings["USER"] or "", safe=""), quote(str(settings["PASSWORD"] or ""), safe="")
    host, port = quote(settings["HOST"] or "localhost", safe=""), settings["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings['NAME']}"
