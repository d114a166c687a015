"""A verification look-up on a kept connection costs one round trip: it is its own health check
(issue 17), and still answers when the kept connection died in between (PostgreSQL, two real
connections: the second one ends the first's server process)."""

import pytest
from django.db import connection, connections
from django.db.utils import ConnectionHandler

from jianfu.registry.models import PublicAnswer
from jianfu.registry.stored_answers import stored_answer
from tests.registry.test_lifecycle import register

pytestmark = pytest.mark.django_db(transaction=True)


def a_new_request_begins() -> None:
    """What request_started does under gunicorn (the test client leaves it out)."""
    connection.close_if_unusable_or_obsolete()


def test_a_look_up_on_a_kept_connection_sends_no_health_check_first(world, file_demand, monkeypatch):
    demand = register(world, file_demand())
    code = PublicAnswer.objects.get(demand=demand).verification_code
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.close()
    connection.ensure_connection()
    pings = []
    real_is_usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: pings.append(1) or real_is_usable())
    a_new_request_begins()
    assert stored_answer(code, "") is not None
    assert pings == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ends a server process: PostgreSQL only")
def test_a_look_up_answers_after_its_kept_connection_was_ended_by_the_server(world, file_demand):
    demand = register(world, file_demand())
    code = PublicAnswer.objects.get(demand=demand).verification_code
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.close()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    other = ConnectionHandler({"default": connections.settings["default"]})["default"]
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    a_new_request_begins()
    assert stored_answer(code, "").verification_code == code
