"""The platform's gunicorn settings (jianfu/config/gunicorn_conf.py): the application is loaded once in the
master and the workers forked from it, with the master's database connections closed and its objects frozen
out of the garbage collector first, so the workers share those pages instead of each copying them."""

import gc
import subprocess
import sys

from django.db import connection

from jianfu.config import gunicorn_conf


def test_the_application_is_preloaded_in_the_master():
    assert gunicorn_conf.preload_app is True


def test_before_forking_the_master_closes_its_connections_and_freezes_its_objects(transactional_db):
    connection.ensure_connection()
    try:
        gunicorn_conf.when_ready(server=None)
        assert connection.connection is None and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_gunicorn_reads_the_settings_the_scripts_name():
    printed = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config=python:jianfu.config.gunicorn_conf",
            "--print-config",
            "jianfu.config.wsgi",
        ],
        capture_output=True,
        text=True,
    )
    assert printed.returncode == 0, printed.stderr[-1000:]
    printed = printed.stdout
    settings = {
        name.strip(): value.strip() for name, _, value in (line.partition("=") for line in printed.splitlines())
    }
    assert settings["preload_app"] == "True" and settings["when_ready"] == "<when_ready()>"
