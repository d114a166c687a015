"""The platform's gunicorn settings (jianfu/config/gunicorn_conf.py): the application is loaded once in the
master and the workers forked from it, with the master's database connections closed and its objects frozen
out of the garbage collector first, so the workers share those pages instead of each copying them."""

import gc
import subprocess
import sys
import weakref
from types import SimpleNamespace

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


class Cycle:
    """Objects that refer to one another, as a page's model instances and related managers do."""

    def __init__(self):
        self.me = self


def _full_collections_during(serve) -> int:
    seen = []

    def count(phase, info):
        if phase == "stop" and info["generation"] == 2:
            seen.append(info)

    gc.callbacks.append(count)
    try:
        serve()
    finally:
        gc.callbacks.remove(count)
    return len(seen)


def test_a_request_that_leaves_cyclic_garbage_behind_is_followed_by_a_full_collection():
    request = SimpleNamespace()
    gunicorn_conf.pre_request(worker=None, req=request)
    left = [Cycle() for _ in range(gunicorn_conf.LEFT_BEHIND_BLOCKS * 2)]
    survivor = weakref.ref(left[0])
    del left  # unreachable now, but every object is held by its own cycle
    assert survivor() is not None
    collections = _full_collections_during(lambda: gunicorn_conf.post_request(None, request, {}, None))
    assert collections == 1 and survivor() is None


def test_a_request_that_leaves_little_behind_costs_no_collection():
    request = SimpleNamespace()
    gunicorn_conf.pre_request(worker=None, req=request)
    answer = {"status": "valid", "number": "安教减备〔2021〕520402-0001号"}  # what a verification makes
    collections = _full_collections_during(lambda: gunicorn_conf.post_request(None, request, answer, None))
    assert collections == 0


def test_a_download_is_followed_by_a_full_collection_even_when_it_leaves_little_behind():
    request = SimpleNamespace()
    gunicorn_conf.pre_request(worker=None, req=request)
    response = SimpleNamespace(headers=[("Content-Type", "application/pdf"), ("Content-Disposition", "attachment")])
    collections = _full_collections_during(lambda: gunicorn_conf.post_request(None, request, {}, response))
    assert collections == 1
