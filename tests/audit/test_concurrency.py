"""Eight writers appending at once still leave one unbroken chain."""

import threading

from django.db import connection

from jianfu.audit.models import AuditEvent, AuditHead
from jianfu.audit.services import audit_record
from jianfu.audit.verify import audit_verify


def test_concurrent_appends_keep_the_chain_linear(transactional_db):
    AuditHead.objects.get_or_create(pk=1)  # a transactional test starts from a flushed database
    errors = []

    def writer(n: int):
        try:
            for i in range(5):
                audit_record(acting_user=None, action="test.concurrent", object_type="writer", object_id=f"{n}-{i}")
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 41))
    assert audit_verify().ok
