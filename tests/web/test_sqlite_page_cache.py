"""A web worker keeps one SQLite connection for its whole life, and SQLite's page cache (2 MiB by default) filled
up inside it: 1–2 MiB of the worker's memory after 1,000 requests as the province grows (issue 17). Each
connection keeps at most 512 KiB of pages; the kernel caches the database file for all of them."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_a_sqlite_connection_keeps_at_most_512_kib_of_pages():
    if connection.vendor != "sqlite":
        pytest.skip("the page cache is SQLite's; PostgreSQL's buffers live in the server")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (kib,) = cursor.fetchone()
    assert kib == -512  # negative: a size in KiB, not a number of pages
